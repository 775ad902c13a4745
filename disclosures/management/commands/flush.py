"""Django's ``flush``, which on SQLite lifts the disclosure seal triggers while it empties the
database (it deletes row by row there) and puts them back afterwards."""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from disclosures import seal


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite" or not seal.installed(connection):
            return super().handle(**options)
        seal.remove(connection)
        try:
            return super().handle(**options)
        finally:
            seal.install(connection)
