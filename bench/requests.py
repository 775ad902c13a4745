"""The requests of the built-in targets, chosen from the benchmark database."""

from django.urls import reverse

from wagtail.models import Locale

from bench.targets import Request
from bench.volume import VOLUME_SLUG

# Enough different pages that a detail target is not one hot row; few enough to stay cached.
SAMPLE = 50
SEARCH_QUERIES = [
    "低保",
    "居住证",
    "怎么办理居住证",
    "养老",
    "医保",
    "护照",
    "停水",
    "电梯",
    "社保卡",
    "passport",
    "residence permit",
    "dibao",
]


def _sample(queryset) -> list[Request]:
    urls = []
    count = queryset.count()
    step = max(1, count // SAMPLE)
    for page in queryset.order_by("pk")[::step][:SAMPLE]:
        urls.append(Request(page.get_url()))
    return urls


def _zh():
    return Locale.objects.get(language_code="zh-hans")


def bare() -> list[Request]:
    return [Request("/bench/bare/")]


def home() -> list[Request]:
    return [Request("/"), Request("/en/")]


def notice_index() -> list[Request]:
    from notices.models import NoticeIndexPage

    return [Request(page.get_url()) for page in NoticeIndexPage.objects.live().order_by("pk")]


def notice_detail() -> list[Request]:
    from notices.models import NoticePage

    return _sample(NoticePage.objects.live().filter(slug__startswith=VOLUME_SLUG))


def guide_detail() -> list[Request]:
    from services.models import ServiceGuidePage

    return _sample(ServiceGuidePage.objects.live().filter(slug__startswith=VOLUME_SLUG))


def search() -> list[Request]:
    from urllib.parse import urlencode

    base = reverse("search:search")
    return [Request(f"{base}?{urlencode({'q': query})}") for query in SEARCH_QUERIES]


def complaint_submit() -> list[Request]:
    from complaints.models import ComplaintCategory

    category = ComplaintCategory.objects.filter(locale=_zh()).order_by("pk").first()
    path = reverse("complaints:submit")
    return [
        Request(
            path,
            method="POST",
            form={
                "submission_key": "bench-{key}",
                "category": str(category.pk),
                "subject": "楼道灯坏了",
                "description": "5号楼2单元楼道灯一周不亮，晚上老人上下楼不安全。",
                "address": "5号楼2单元",
                "anonymous": "on",
                "reply_channel": "online",
            },
            expect="TS-",
            csrf_from=path,
        )
    ]


def _signed_in_cookie(email: str) -> str:
    """A session cookie for the demo account ``email``, as signing in would make it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.core.management.base import CommandError

    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        raise CommandError(f"No demo account {email}: manage.py load_demo_content")
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(4 * 3600)
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


RESIDENT = "resident@demo.community"


def resident_pages() -> list[Request]:
    """A signed-in resident's pages: my portal, an open poll and a course (never page-cached)."""
    from django.utils import timezone

    from education.models import CoursePage
    from polls.models import PollPage

    cookie = _signed_in_cookie(RESIDENT)
    now = timezone.now()
    paths = [reverse("accounts:my_portal")]
    poll = (
        PollPage.objects.live()
        .filter(locale=_zh(), opens_at__lte=now, closes_at__gt=now)
        .exclude(slug__startswith=VOLUME_SLUG)
        .order_by("pk")
        .first()
    )
    course = CoursePage.objects.live().filter(locale=_zh()).order_by("pk").first()
    paths += [page.get_url() for page in (poll, course) if page is not None]
    return [Request(path, cookie=cookie) for path in paths]
