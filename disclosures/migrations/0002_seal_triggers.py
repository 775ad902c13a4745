"""Database triggers that refuse UPDATE and DELETE of published periods and their entries.

The SQL is kept in ``disclosures/seal.py`` (SQLite and PostgreSQL), which the ``flush`` command
also uses; other databases get no trigger and rely on the services alone.
"""

from django.db import migrations


def install(apps, schema_editor):
    from disclosures import seal

    for statement in seal.install_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def remove(apps, schema_editor):
    from disclosures import seal

    for statement in seal.remove_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
