"""Settings shared by every environment.

Environment variables are read here and in the environment-specific modules only; the rest of the
code reads ``django.conf.settings``. Every variable is listed, with its default, in README.md.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Our apps come first so their templates override the framework's.
    "portal",
    "accounts",
    "audit",
    "community",
    "home",
    "notices",
    "services",
    "complaints",
    "complaints.open311",
    "complaints.answers",
    "polls",
    "education",
    "disclosures",
    "search",
    "jobs",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "portal.apps.UsersConfig",  # wagtail.users, groups listed in the reader's language
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "allauth",
    "allauth.account",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "portal.pagecache.PageCacheMiddleware",
    "portal.fragments.SharedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the admin in each user's own language, refusals included.
    "portal.admin_language.AdminLanguageMiddleware",
    "audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the message middleware: confirms a reviewer's approval in the admin.
    "portal.workflow_messages.WorkflowApprovalMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.throttle.LockoutMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.display_mode",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; the timeout rides out short write locks.
    # IMMEDIATE: a transaction takes the write lock when it begins, so two workers writing at once
    # wait their turn; a transaction that read first and then wrote was refused at once
    # ("database is locked", a lost complaint) when another worker had written in between.
    # Connections are kept between requests (DATABASE_CONN_MAX_AGE) as on PostgreSQL: opening one
    # reads and parses the whole schema and runs the pragmas, 8 ms of every uncached page.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in path while the account or address is locked (accounts/throttle.py).
    "accounts.throttle.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Internationalisation: Simplified Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
# The switcher and the admin's language preference name each language in itself (LANGUAGES);
# the admin names the languages of content in the reader's language ("Simplified Chinese" /
# "简体中文"; Django's own catalogs translate both names).
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
WAGTAIL_I18N_ENABLED = True
# The second folder completes the zh_Hans catalogs of Wagtail and allauth (docs/i18n.md).
LOCALE_PATHS = [PROJECT_DIR / "locale", PROJECT_DIR / "locale_overrides"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "portal_language"

# Static and media files. static/ holds sources; collected output goes to var/.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Cache: local memory unless REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous page views (portal/pagecache.py): shared by every worker, so a publish reaches them
# all at once. Redis when configured, else files on this host.
if os.environ.get("REDIS_URL"):
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
else:
    # Exact add and incr across processes (a flock): the search vocabulary's generation and
    # build lock live here too, and two workers starting at once must agree on them.
    CACHES["pages"] = {
        "BACKEND": "portal.cache.SharedFileCache",
        "LOCATION": VAR_DIR / "cache" / "pages",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
PORTAL_PAGE_CACHE_ALIAS = "pages"
# The search vocabularies' files (search/mapped.py), which every process of this host maps: one
# copy in memory for all the workers. Local to each host; the shared cache holds them for others.
SEARCH_VOCABULARY_DIR = Path(os.environ.get("SEARCH_VOCABULARY_DIR", VAR_DIR / "vocabulary"))
# Limits and lockouts (portal/limits.py): failed sign-ins, complaint submissions, tracking,
# django-allauth's limits. Shared by every worker: Redis when configured, else files on this host
# with exact counters (portal/cache.py); never one process's memory.
if os.environ.get("REDIS_URL"):
    CACHES["limits"] = {**CACHES["default"], "KEY_PREFIX": "limits"}
else:
    CACHES["limits"] = {
        "BACKEND": "portal.cache.SharedFileCache",
        "LOCATION": VAR_DIR / "cache" / "limits",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
PORTAL_LIMITS_CACHE_ALIAS = "limits"
# Seconds an anonymous page view is kept; 0 turns the page cache off.
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "300"))
# Seconds the parts every page shares (menus, footer, settings, urgent banner) are kept by each
# worker between publishes (portal/fragments.py); 0 builds them for every request.
PORTAL_FRAGMENT_CACHE_SECONDS = int(os.environ.get("PORTAL_FRAGMENT_CACHE_SECONDS", "60"))
# Never cached, in any language: personal, form-heavy or logged pages.
PORTAL_PAGE_CACHE_EXCLUDE = [
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/my/",
    "/complaints/",
    "/search/",
    "/api/",
    "/notice-subscriptions/",
    "/display-mode/",
    "/documents/",
    "/healthz",
    "/static/",
    "/media/",
    "/bench/",
]

# Email: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (drills, live tests).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@community.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (docs/operations.md): a queue in the database, run by `manage.py worker`;
# TASKS_BACKEND=rq queues in Redis (REDIS_URL) for `manage.py rqworker`; TASKS_BACKEND=immediate
# runs each task at once inside the request that starts it (no worker).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# The Redis queues of the RQ backend (django-rq): the default queue, on REDIS_URL.
RQ_QUEUES = {
    "default": {
        "URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        "DEFAULT_TIMEOUT": 600,
    }
}
# /healthz reports the worker as stale when none has checked in for this many seconds.
WORKER_STALE_AFTER = int(os.environ.get("WORKER_STALE_AFTER", "300"))
# Seconds between two checks of the schedule (jobs/schedule.py) by a worker or `run_schedule`.
SCHEDULE_INTERVAL = float(os.environ.get("SCHEDULE_INTERVAL", "15"))
# Finished task results are kept this many days, then removed by the `prune task results` job.
TASK_RESULTS_KEEP_DAYS = int(os.environ.get("TASK_RESULTS_KEEP_DAYS", "30"))
# Notice emails: how many one task sends over one SMTP connection, and the waits (seconds)
# before each new try after the mail server failed (the last one repeats: mail is never dropped
# because the server was down).
NOTICE_EMAIL_BATCH_SIZE = int(os.environ.get("NOTICE_EMAIL_BATCH_SIZE", "100"))
NOTICE_EMAIL_RETRY_DELAYS = [
    int(delay)
    for delay in env_list("NOTICE_EMAIL_RETRY_DELAYS", ["30", "120", "600", "1800", "3600"])
]
# An address the mail server refuses this many times is marked failed and no longer tried.
NOTICE_EMAIL_MAX_ATTEMPTS = int(os.environ.get("NOTICE_EMAIL_MAX_ATTEMPTS", "5"))

# Search: Wagtail's database backend (see the search issue for jieba segmentation).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
# Wagtail's database backend, ranked in one pass on SQLite (search/backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}
# After a publish, rebuild the words used for spelling and pinyin help at most this often (s).
SEARCH_VOCABULARY_REFRESH = int(os.environ.get("SEARCH_VOCABULARY_REFRESH", "30"))
# Search suggestions ("居民常搜", search/suggestions.py) show a query only once this many different
# visitors searched it (and it holds no personal data), or an editor approved it.
SEARCH_SUGGESTION_MIN_VISITORS = int(os.environ.get("SEARCH_SUGGESTION_MIN_VISITORS", "5"))
# Elasticsearch (SEARCH_BACKEND=elasticsearch, see docs/search.md): one index per language,
# named <prefix>-<language>; the database backend answers whenever the cluster cannot.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "portal")
# Seconds a resident's search waits for the cluster before the database answers instead.
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "2"))
# Seconds for indexing requests (bulk loads, index creation) from commands and tasks.
ELASTICSEARCH_INDEX_TIMEOUT = float(os.environ.get("ELASTICSEARCH_INDEX_TIMEOUT", "60"))
# After a failure, searches skip the cluster for this many seconds (0: try it every time).
ELASTICSEARCH_RETRY_AFTER = float(os.environ.get("ELASTICSEARCH_RETRY_AFTER", "15"))

# Accounts (django-allauth): email address login, mandatory verification.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:my_portal"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_PREVENT_ENUMERATION = True
# Known and unknown addresses get the same answer in the same time (accounts/forms.py).
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins are counted by the portal's one throttle for every door (accounts/throttle.py).
    "login_failed": None,
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}

# One throttle for every sign-in path (accounts/throttle.py), counted in the shared limits store:
# after this many failures within the window, the account (or the address) is locked; a successful
# sign-in does not end a running lock.
PORTAL_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "5"))
PORTAL_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "20"))
PORTAL_LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", "900"))
PORTAL_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900"))

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", _("Community portal"))
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The public address of the portal for links outside a request (emails, digests); pages answering a
# request link to the host that served it. Empty: the default Wagtail site's hostname and port.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "")
WAGTAILADMIN_LOGIN_URL = "account_login"
# One sign-in door: passwords are reset through the resident pages too (same answers for every
# address, same limits).
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILIMAGES_IMAGE_MODEL = "home.PortalImage"
# Documents are always served through Wagtail's view, which applies privacy and hooks (scanned
# vouchers stay private until their disclosure period is published): never link to the file.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ALLOW_UNICODE_SLUGS = True
# No third-party hosts, in the admin either: no Gravatar avatars.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor the dashboard's check for new Wagtail releases (a request to releases.wagtail.org).
WAGTAIL_ENABLE_UPDATE_CHECK = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security headers that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's admin previews set SAMEORIGIN on their own views
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy: everything from this host; no third-party hosts at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
    # The admin has a policy of its own (below).
    "EXCLUDE_URL_PREFIXES": ("/admin/", "/django-admin/"),
}
# portal/security.py: the admin's policy (Wagtail's admin needs inline scripts (date pickers,
# inline panels) and styles, blob: previews of uploads and frames its own page previews; no eval,
# nothing from other hosts), and Permissions-Policy.
ADMIN_URL_PREFIXES = ["/admin/", "/django-admin/"]
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "media-src": ["'self'", "blob:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# Complaints: photos live outside MEDIA_ROOT and are served only through a permission check.
COMPLAINTS_PRIVATE_ROOT = Path(
    os.environ.get("COMPLAINTS_PRIVATE_ROOT", VAR_DIR / "private" / "complaints")
)
# Submissions per client address and window (seconds); tracking lookups that fail, likewise.
COMPLAINTS_SUBMIT_RATE = (int(os.environ.get("COMPLAINTS_SUBMIT_RATE", "10")), 3600)
COMPLAINTS_TRACK_RATE = (20, 3600)
COMPLAINTS_STATISTICS_CACHE_SECONDS = int(
    os.environ.get("COMPLAINTS_STATISTICS_CACHE_SECONDS", "600")
)
# Retention: closed complaints lose their personal data this many months after closing
# (`manage.py anonymise_complaints`, daily; see docs/operations.md).
COMPLAINTS_RETENTION_MONTHS = int(os.environ.get("COMPLAINTS_RETENTION_MONTHS", "24"))
# What the photos of one complaint may cost a worker: decoded pixels in all (read from the files'
# headers first) and seconds spent decoding them; beyond either the form asks for fewer photos.
COMPLAINTS_PHOTO_PIXEL_BUDGET = int(os.environ.get("COMPLAINTS_PHOTO_PIXEL_BUDGET", "50000000"))
COMPLAINTS_PHOTO_TIME_BUDGET = float(os.environ.get("COMPLAINTS_PHOTO_TIME_BUDGET", "8"))
# No SMS gateway exists yet: the only sender writes messages to the log.
COMPLAINTS_SMS_SENDER = "complaints.notify.LogOnlySmsSender"

# Backups (`manage.py backup` / `restore`, docs/operations.md): every folder of files the portal
# stores, as the name of the setting that holds it. Add one here when an app starts storing files.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_FILE_ROOTS = {
    "media": "MEDIA_ROOT",
    "complaints-private": "COMPLAINTS_PRIVATE_ROOT",
}

# Display mode cookie (elderly-friendly large type).
DISPLAY_MODE_COOKIE = "portal_display"
DISPLAY_MODE_COOKIE_AGE = 365 * 24 * 60 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # One line per background task is noise at INFO; failures still show.
        "django_tasks": {"level": "WARNING"},
    },
}
