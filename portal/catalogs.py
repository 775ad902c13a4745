"""The portal's message catalogs: one per app, in ``<app>/locale/<lang>/LC_MESSAGES``."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.translation import to_locale

CATALOG_LANGUAGES = [to_locale(code) for code, _name in settings.LANGUAGES]


def project_apps() -> list[Path]:
    """Folders of the apps that are part of this repository (not installed packages)."""
    base = Path(settings.BASE_DIR).resolve()
    folders = []
    for app_config in apps.get_app_configs():
        path = Path(app_config.path).resolve()
        if path.parent == base:
            folders.append(path)
    return folders


def catalog_files() -> list[Path]:
    return sorted(
        po
        for folder in project_apps()
        for po in (folder / "locale").glob("*/LC_MESSAGES/django.po")
    )
