"""System checks for the search settings (``manage.py check``)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from search.elastic import BACKENDS, ELASTICSEARCH


@register(Tags.compatibility)
def search_backend_settings(app_configs, **kwargs):
    problems = []
    backend = getattr(settings, "SEARCH_BACKEND", "database")
    if backend not in BACKENDS:
        problems.append(
            Error(
                f"SEARCH_BACKEND is {backend!r}; use one of: {', '.join(BACKENDS)}.",
                id="search.E001",
            )
        )
    elif backend == ELASTICSEARCH and not settings.ELASTICSEARCH_URL:
        problems.append(
            Warning(
                "SEARCH_BACKEND is elasticsearch but ELASTICSEARCH_URL is not set: every search "
                "is answered by the database backend.",
                id="search.W001",
            )
        )
    if settings.ELASTICSEARCH_TIMEOUT <= 0:
        problems.append(Error("ELASTICSEARCH_TIMEOUT must be positive.", id="search.E002"))
    return problems
