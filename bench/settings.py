"""Production settings as the benchmark serves them: the portal's URLs plus the bare view.

Everything else comes from ``portal.settings.production`` and the environment that
``bench/run.py`` sets (a random SECRET_KEY, ALLOWED_HOSTS, plain HTTP on 127.0.0.1). The bench
app is installed here (and in the test settings), never in production.
"""

from portal.settings.production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
