"""Volume data for benchmarks: realistic, varied content in zh-hans and en, made fast.

Each kind of data is made by one function of the bench app, named in ``KINDS``: notices, guides
and complaints here, ballots in ``bench.ballots`` and ledger entries in ``bench.entries``;
``manage.py make_volume_data --notices N ...`` calls them. Every function *tops up*: it makes
sure there are at least N items of its kind made by the benchmarks, so a run at 1,000 items
followed by a run at 10,000 adds 9,000. The apps know nothing of the benchmarks: a new kind is a
row in ``KINDS`` and a function here, imported only when asked for::

    ("ballots", "polls", "ballots in a closed poll ...", "bench.ballots:make_ballots"),

``create(count, options, stdout) -> int`` returns how many items it added. The kinds of apps
that are not installed answer with a clear message instead.
"""

import datetime
import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

VOLUME_SLUG = "vol-"
SEED = 20261123


@dataclass
class VolumeKind:
    name: str
    app: str
    help: str
    # The function, or its "module:function" path, imported only when the kind is made.
    create: str | Callable[[int, dict[str, Any], Any], int] | None = None

    def function(self) -> Callable[[int, dict[str, Any], Any], int] | None:
        if isinstance(self.create, str):
            module, name = self.create.split(":")
            return getattr(import_module(module), name)
        return self.create


KINDS = [
    ("notices", "notices", "notices (with English translations)", "bench.volume:make_notices"),
    (
        "guides",
        "services",
        "service guides (with English translations)",
        "bench.volume:make_guides",
    ),
    ("complaints", "complaints", "complaints in every state", "bench.volume:make_complaints"),
    (
        "ballots",
        "polls",
        "ballots in a closed poll, and households ready to vote in open ones",
        "bench.ballots:make_ballots",
    ),
    (
        "entries",
        "disclosures",
        "ledger entries in one published disclosure period",
        "bench.entries:make_entries",
    ),
    (
        "subscribers",
        "notices",
        "residents emailed about every notice, and draft notices for the publish target",
        "bench.publish:make_subscribers",
    ),
]

_kinds: dict[str, VolumeKind] = {}


def register_kind(
    name: str,
    *,
    app: str,
    help: str,  # noqa: A002 - the word argparse uses
    create: str | Callable[[int, dict[str, Any], Any], int] | None = None,
) -> VolumeKind:
    """Add (or replace) a kind of volume data; ``create=None`` marks one not built yet."""
    kind = VolumeKind(name=name, app=app, help=help, create=create)
    _kinds[name] = kind
    return kind


def kinds() -> list[VolumeKind]:
    return list(_kinds.values())


def make(name: str, count: int, options: dict[str, Any], stdout) -> int:
    """Top up the kind ``name`` to ``count`` items; a clear error when it cannot."""
    kind = _kinds[name]
    if not apps.is_installed(kind.app):
        raise CommandError(
            f"--{name}: the {kind.app} app is not installed, so there is nothing to make {name} for."
        )
    create = kind.function()
    if create is None:
        raise CommandError(
            f"--{name}: the {kind.app} app is installed but the benchmarks make no volume data "
            f"for {name} yet (bench.volume.KINDS)."
        )
    return create(count, options, stdout)


def register_builtin_kinds() -> None:
    """Every kind in ``KINDS`` (``BenchConfig.ready``)."""
    for name, app, help_text, create in KINDS:
        if name not in _kinds:
            register_kind(name, app=app, help=help_text, create=create)


# -- shared helpers -------------------------------------------------------------------------------

PLACES = [
    ("1号楼", "building 1"),
    ("2号楼", "building 2"),
    ("3号楼", "building 3"),
    ("5号楼", "building 5"),
    ("7号楼", "building 7"),
    ("翠竹园", "Cuizhu Garden"),
    ("锦绣苑", "Jinxiu Court"),
    ("东区", "the east block"),
    ("西区", "the west block"),
    ("南门", "the south gate"),
    ("北苑", "North Court"),
    ("社区服务站", "the service station"),
    ("老年活动中心", "the seniors' centre"),
    ("幸福里", "Xingfu Lane"),
    ("和平小区", "Heping Estate"),
    ("长青园", "Changqing Garden"),
]


def _spread(rng: random.Random, now: datetime.datetime, days: int) -> datetime.datetime:
    """A moment in the last ``days`` days, at office hours."""
    return now - datetime.timedelta(days=rng.uniform(0.2, days), hours=rng.randint(0, 8))


def _existing(model, **filters) -> int:
    return model.objects.filter(slug__startswith=VOLUME_SLUG, **filters).count()


def _index_for_search(model, pages: list) -> None:
    """Add the pages to the search index, cutting each distinct text into words only once.

    Volume data repeats its texts (titles differ, bodies come from a few dozen templates), and
    the search backend asks for a page's segmented text once per index column: remembering the
    words of each text and each page's segmented text makes indexing about ten times faster. The
    index holds exactly what a normal publish would write.
    """
    from wagtail.search.backends import get_search_backends

    from search import segmentation

    original_index_words, original_pinyin = segmentation.index_words, segmentation.pinyin
    words_of: dict[str, list[str]] = {}
    pinyin_of: dict[str, str] = {}

    def index_words(text: str) -> list[str]:
        if text not in words_of:
            words_of[text] = original_index_words(text)
        return words_of[text]

    def pinyin(word: str) -> str:
        if word not in pinyin_of:
            pinyin_of[word] = original_pinyin(word)
        return pinyin_of[word]

    segmentation.index_words, segmentation.pinyin = index_words, pinyin
    try:
        for page in pages:
            if hasattr(page, "segmented_text"):
                text = page.segmented_text()
                page.segmented_text = lambda text=text: text
        for backend in get_search_backends(with_auto_update=True):
            for start in range(0, len(pages), 500):
                backend.add_bulk(model, pages[start : start + 500])
    finally:
        segmentation.index_words, segmentation.pinyin = original_index_words, original_pinyin
        for page in pages:
            page.__dict__.pop("segmented_text", None)


# -- notices --------------------------------------------------------------------------------------


def make_notices(count: int, options: dict[str, Any], stdout) -> int:
    from wagtail.models import Locale

    from bench.pages import bulk_add_children
    from home.models import HomePage
    from notices import demo
    from notices.models import NoticeCategory, NoticeIndexPage, NoticePage

    zh = Locale.objects.get(language_code="zh-hans")
    home = HomePage.objects.filter(locale=zh).first()
    if home is None:
        raise CommandError("Load the demo content first: manage.py load_demo_content")
    have = _existing(NoticePage, locale=zh)
    wanted = count - have
    if wanted <= 0:
        return 0
    categories = demo.ensure_categories(zh, Locale.objects.get(language_code="en"))
    index = demo.ensure_index(home)
    english = "en" in options["languages"]
    en_index = (
        index.get_translation_or_none(Locale.objects.get(language_code="en")) if english else None
    )
    en_categories = {
        c.translation_key: c for c in NoticeCategory.objects.filter(locale__language_code="en")
    }
    templates = [spec for spec in demo.NOTICES if "expired_days_ago" not in spec]
    rng = random.Random(SEED + have)
    now = timezone.now()
    zh_pages, en_pages = [], []
    for number in range(have + 1, have + wanted + 1):
        spec = templates[number % len(templates)]
        place, place_en = PLACES[number % len(PLACES)]
        published = _spread(rng, now, 3 * 365)
        category = categories[spec["category"]]
        urgency = "important" if number % 17 == 0 else "normal"
        key = uuid.uuid4()
        slug = f"{VOLUME_SLUG}{number:06d}"
        zh_pages.append(
            NoticePage(
                title=f"{place}：{spec['title']}（第{number}期）"[:255],
                slug=slug,
                summary=spec["summary"],
                body=demo._body(spec["body"]),
                category=category,
                urgency=urgency,
                translation_key=key,
                locale_id=zh.pk,
                first_published_at=published,
            )
        )
        if en_index is not None and spec.get("en"):
            english_spec = spec["en"]
            en_pages.append(
                NoticePage(
                    title=f"{place_en.capitalize()}: {english_spec['title']} (no. {number})"[:255],
                    slug=slug,
                    summary=english_spec["summary"],
                    body=demo._body(english_spec["body"]),
                    category=en_categories.get(category.translation_key, category),
                    urgency=urgency,
                    translation_key=key,
                    locale_id=en_index.locale_id,
                    first_published_at=published,
                )
            )
    index = NoticeIndexPage.objects.get(pk=index.pk)
    bulk_add_children(index, zh_pages)
    if en_index is not None:
        bulk_add_children(en_index, en_pages)
    if options["index"]:
        _index_for_search(NoticePage, zh_pages + en_pages)
    stdout.write(f"Notices: {len(zh_pages)} added ({len(en_pages)} English translations).")
    return len(zh_pages)


# -- service guides -------------------------------------------------------------------------------


def _guide_templates() -> tuple[list[dict], dict[str, dict]]:
    from services import demo

    items = json.loads(Path(demo.DATA).read_text(encoding="utf-8"))
    zh = [item for item in items if item["language"] == "zh-hans"]
    en = {item["code"]: item for item in items if item["language"] == "en"}
    return zh, en


def make_guides(count: int, options: dict[str, Any], stdout) -> int:
    from wagtail.models import Locale

    from bench.pages import bulk_add_children
    from services.importer import page_values
    from services.models import (
        ServiceCategory,
        ServiceDepartment,
        ServiceGuidePage,
        ServiceIndexPage,
    )

    zh = Locale.objects.get(language_code="zh-hans")
    en = Locale.objects.get(language_code="en")
    index = ServiceIndexPage.objects.filter(locale=zh).first()
    if index is None:
        raise CommandError("Load the demo content first: manage.py load_demo_content")
    en_index = index.get_translation_or_none(en) if "en" in options["languages"] else None
    have = _existing(ServiceGuidePage, locale=zh)
    wanted = count - have
    if wanted <= 0:
        return 0
    templates, english = _guide_templates()
    departments = {d.name: d for d in ServiceDepartment.objects.filter(locale=zh)}
    categories = {c.name: c for c in ServiceCategory.objects.filter(locale=zh)}
    en_departments = {d.translation_key: d for d in ServiceDepartment.objects.filter(locale=en)}
    en_categories = {c.translation_key: c for c in ServiceCategory.objects.filter(locale=en)}
    fallback_department = next(iter(departments.values()))
    fallback_category = next(iter(categories.values()))
    rng = random.Random(SEED + have)
    now = timezone.now()
    zh_pages, en_pages = [], []
    for number in range(have + 1, have + wanted + 1):
        item = templates[number % len(templates)]
        place, place_en = PLACES[number % len(PLACES)]
        department = departments.get(item["department"], fallback_department)
        category = categories.get(item["category"], fallback_category)
        key = uuid.uuid4()
        slug = f"{VOLUME_SLUG}{number:06d}"
        code = f"{item['code']}-{number:06d}"
        published = _spread(rng, now, 2 * 365)
        values = page_values(item)
        values.update(code=code, title=f"{item['title']}（{place}办理点）"[:255])
        zh_pages.append(
            ServiceGuidePage(
                slug=slug,
                department=department,
                category=category,
                translation_key=key,
                locale_id=zh.pk,
                first_published_at=published,
                **values,
            )
        )
        en_item = english.get(item["code"])
        if en_index is not None and en_item is not None:
            values = page_values(en_item)
            values.update(code=code, title=f"{en_item['title']} ({place_en} office)"[:255])
            en_pages.append(
                ServiceGuidePage(
                    slug=slug,
                    department=en_departments.get(department.translation_key, department),
                    category=en_categories.get(category.translation_key, category),
                    translation_key=key,
                    locale_id=en.pk,
                    first_published_at=published,
                    **values,
                )
            )
    bulk_add_children(index, zh_pages)
    if en_index is not None:
        bulk_add_children(en_index, en_pages)
    if options["index"]:
        _index_for_search(ServiceGuidePage, zh_pages + en_pages)
    stdout.write(f"Service guides: {len(zh_pages)} added ({len(en_pages)} English translations).")
    return len(zh_pages)


# -- complaints -----------------------------------------------------------------------------------

COMPLAINT_TEXTS = [
    ("楼道灯坏了", "{place}楼道灯一周不亮，晚上老人上下楼不安全，请尽快维修。"),
    ("垃圾清运不及时", "{place}垃圾桶已经满了两天没有清运，气味很大。"),
    ("电梯经常停运", "{place}电梯本月已经停了三次，家里有行动不便的老人。"),
    ("噪音扰民", "{place}附近工地夜里十一点以后还在施工，影响休息。"),
    ("路面积水", "{place}门口路面下雨就积水，行人只能绕行。"),
    ("违规停车", "{place}消防通道经常被私家车占用。"),
    ("Street light out", "The street light at {place} has been out for a week."),
    ("绿化带需要修剪", "{place}的树枝挡住了二楼窗户，希望安排修剪。"),
    ("供暖不热", "{place}家里暖气温度只有16度，请物业检查管道。"),
    ("宠物扰民", "{place}有住户的狗每天夜里叫，沟通无效。"),
]
# A spread like a real year: most complaints are answered and closed, some are still open.
STATUS_MIX = [
    ("closed", 50),
    ("answered", 12),
    ("in_progress", 10),
    ("assigned", 8),
    ("accepted", 6),
    ("submitted", 8),
    ("rejected", 3),
    ("transferred", 3),
]


def make_complaints(count: int, options: dict[str, Any], stdout) -> int:
    from complaints import services
    from complaints.models import (
        Complaint,
        ComplaintCategory,
        ComplaintEvent,
        TrackingCounter,
        tracking_number,
    )
    from complaints.workdays import TZ

    have = Complaint.objects.filter(subject__startswith="[vol] ").count()
    wanted = count - have
    if wanted <= 0:
        return 0
    categories = list(ComplaintCategory.objects.filter(locale__language_code="zh-hans"))
    if not categories:
        raise CommandError("No complaint categories: run manage.py migrate first.")
    statuses = [status for status, weight in STATUS_MIX for _ in range(weight)]
    rng = random.Random(SEED + have)
    now = timezone.now()
    made = 0
    for start in range(0, wanted, 1000):
        size = min(1000, wanted - start)
        with transaction.atomic():
            submitted = sorted(_spread(rng, now, 2 * 365) for _ in range(size))
            by_year: dict[int, int] = {}
            for moment in submitted:
                year = moment.astimezone(TZ).year
                by_year[year] = by_year.get(year, 0) + 1
            next_number = {}
            for year, used in by_year.items():
                counter, _ = TrackingCounter.objects.select_for_update().get_or_create(year=year)
                next_number[year] = counter.last
                counter.last += used
                counter.save()
            complaints = []
            for offset, moment in enumerate(submitted):
                number = have + start + offset + 1
                year = moment.astimezone(TZ).year
                next_number[year] += 1
                category = categories[number % len(categories)]
                subject, text = COMPLAINT_TEXTS[number % len(COMPLAINT_TEXTS)]
                place = PLACES[number % len(PLACES)][0]
                status = statuses[rng.randrange(len(statuses))]
                anonymous = number % 5 == 0
                deadline = moment + datetime.timedelta(days=max(1, category.deadline_days) * 7 / 5)
                complaints.append(
                    Complaint(
                        number=tracking_number(year, next_number[year]),
                        secret_hash=services._digest(uuid.uuid4().hex),
                        submission_key_hash=services._digest(uuid.uuid4().hex),
                        category=category,
                        subject=f"[vol] {subject}",
                        description=text.format(place=place),
                        address=place,
                        contact_name="" if anonymous else "居民",
                        contact_phone="" if anonymous else f"138{number:08d}"[-11:],
                        anonymous=anonymous,
                        consent_to_publish=number % 3 == 0,
                        language="en" if subject.isascii() else "zh-hans",
                        status=status,
                        deadline=deadline,
                        submitted_at=moment,
                        answered_at=moment + datetime.timedelta(days=2)
                        if status in {"answered", "closed"}
                        else None,
                        closed_at=moment + datetime.timedelta(days=4)
                        if status == "closed"
                        else None,
                    )
                )
            Complaint.objects.bulk_create(complaints)
            ComplaintEvent.objects.bulk_create(
                ComplaintEvent(
                    complaint=complaint,
                    action="submit",
                    to_status="submitted",
                    public=True,
                    created_at=complaint.submitted_at,
                )
                for complaint in complaints
            )
        made += size
    stdout.write(f"Complaints: {made} added.")
    return made
