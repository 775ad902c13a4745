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
