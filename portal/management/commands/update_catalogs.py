"""Extract translatable strings into each app's own catalogs (zh_Hans and en).

``python manage.py update_catalogs``; then ``compilemessages``. Each app keeps its strings in
``<app>/locale`` so that apps can be worked on side by side.
"""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.catalogs import CATALOG_LANGUAGES, project_apps
from portal.name_templates import TEMPLATES as DERIVED_TEMPLATES


class Command(BaseCommand):
    help = "Run makemessages for every app of the portal, into <app>/locale."

    def handle(self, *args, **options):
        cwd = os.getcwd()
        try:
            for folder in project_apps():
                if not any(folder.rglob("*.py")) and not any(folder.rglob("*.html")):
                    continue
                (folder / "locale").mkdir(exist_ok=True)
                os.chdir(folder)
                call_command(
                    "makemessages",
                    locale=CATALOG_LANGUAGES,
                    no_obsolete=True,
                    add_location="file",
                    # Wagtail's templates derived by portal.name_templates keep Wagtail's strings,
                    # translated in Wagtail's catalogs.
                    ignore_patterns=[
                        "tests/*",
                        "migrations/*",
                        *(f"templates/{name}" for name in DERIVED_TEMPLATES),
                    ],
                    verbosity=0,
                )
                self.stdout.write(f"Updated catalogs of {folder.name}")
        finally:
            os.chdir(cwd)
