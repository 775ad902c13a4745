"""Load the demo content of every app that has some: ``python manage.py load_demo_content``.

Each app that offers demo content has a ``demo.py`` module with ``load(stdout) -> None``; they run
in ``INSTALLED_APPS`` order (accounts before community before home...). Every loader is
idempotent: running the command again changes nothing that is already there.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = "Create or update the demo content (idempotent)."

    def handle(self, *args, **options):
        for app_config in apps.get_app_configs():
            if not module_has_submodule(app_config.module, "demo"):
                continue
            module = import_module(f"{app_config.name}.demo")
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
