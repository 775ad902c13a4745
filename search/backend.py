"""The database search backend: Wagtail's, with relevance ranked in one pass on SQLite.

``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backend"``. On PostgreSQL (and MySQL) this
is Wagtail's database backend unchanged; on SQLite, ``search.sqlite_backend`` (see there why).
"""

from modelsearch.backends.database import SearchBackend as database_backend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    backend = database_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        from search.sqlite_backend import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    return backend
