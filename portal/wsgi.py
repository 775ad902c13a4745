import gc
import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
logger = logging.getLogger(__name__)

application = get_wsgi_application()


def _load_shared_tables() -> None:
    """Load what every worker needs and never changes before gunicorn forks (``preload_app``).

    jieba's dictionary (about 70 MB) and the pinyin tables (about 55 MB) are then shared by the
    workers instead of loaded by each on its first search. The editors' dictionary words and
    life events go in now too (later changes are made in place, word by word), and the search
    vocabulary of each language, from the shared cache or built here (``vocabulary.preload``);
    without a database yet (before the first ``migrate``) the workers do both on their first
    search.
    """
    from django.db import DatabaseError, connections

    from search import segmentation, vocabulary

    segmentation.tokenizer()
    segmentation.pinyin("社区")
    segmentation.simplified("養老")
    try:
        vocabulary.refresh_dictionary()
        vocabulary.preload()
    except DatabaseError:
        pass  # no tables yet (before the first migrate): the workers do both on first search
    except Exception:  # noqa: BLE001 - the server must start; the workers build on first search
        logger.warning("Search vocabularies not loaded before the fork", exc_info=True)
    finally:
        connections.close_all()  # never share a connection with the forked workers


_load_shared_tables()

# Everything loaded so far (Django, Wagtail, the apps, the dictionaries) lives as long as the
# worker: keep it out of the garbage collector's full passes, which would otherwise walk these
# few hundred thousand objects in the middle of a request and copy the shared pages they sit on.
gc.freeze()
