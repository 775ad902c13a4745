"""Load the demo content of every app that has some: ``python manage.py load_demo_content``.

Each app that offers demo content has a ``demo.py`` module with ``load(stdout) -> None``; they run
in ``INSTALLED_APPS`` order (accounts before community before home...). Every loader is
idempotent: running the command again changes nothing that is already there.

The background tasks the loaders cause (Wagtail's search and reference index upkeep for each page,
the emails of the demo's own complaints and notices) run inside the command, not in the queue: the
demo is complete and searchable when the command ends, and a worker started after it finds
no backlog of thousands of tasks ahead of the first real email.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import module_has_submodule

INLINE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def demo_modules():
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "demo"):
            yield import_module(f"{app_config.name}.demo")


class Command(BaseCommand):
    help = "Create or update the demo content (idempotent)."

    def handle(self, *args, **options):
        with override_settings(TASKS=INLINE_TASKS):
            for module in demo_modules():
                with transaction.atomic():
                    module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
