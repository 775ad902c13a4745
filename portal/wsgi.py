import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

# Everything loaded so far (Django, Wagtail, the apps, the pinyin tables) lives as long as the
# worker: keep it out of the garbage collector's full passes, which would otherwise walk these
# few hundred thousand objects in the middle of a request.
gc.freeze()
