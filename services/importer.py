"""Import service guides from JSON: validate every item, then upsert by (code, language).

The format is that of ``shared/examples/service_guides.sample.json`` (see docs/services.md). A
Chinese item creates or updates a guide in the Chinese tree; an item with the same code and
``"language": "en"`` becomes that guide's English translation, made through wagtail-localize so
editors keep translating it in the admin. Guides are published, so the search index has them
when the import ends. A guide whose fields already match the file gets no new revision.

``import_guides(items)`` is what ``manage.py import_service_guides`` and ``services.demo`` call.
"""

import json
import re
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.fields import StreamField
from wagtail.models import Locale

from pypinyin import lazy_pinyin

from portal.demo_tools import publish_translation
from services.blocks import MATERIAL_FORMS
from services.models import (
    CategoryKind,
    ServiceCategory,
    ServiceDepartment,
    ServiceGuidePage,
    ServiceIndexPage,
)

ZH, EN = "zh-hans", "en"
LANGUAGES = (ZH, EN)
REQUIRED = ("code", "language", "title", "department", "category", "summary")
OPTIONAL_TEXT = (
    "slug",
    "keywords",
    "eligibility",
    "time_limit",
    "fee",
    "location",
    "office_hours",
    "phone",
    "legal_basis",
    "online_url",
    "category_kind",
)
# Page fields set from text items of the same name.
TEXT_FIELDS = (
    "title",
    "summary",
    "keywords",
    "eligibility",
    "time_limit",
    "fee",
    "location",
    "office_hours",
    "phone",
    "legal_basis",
    "online_url",
)
STREAM_FIELDS = ("materials", "steps", "faqs", "body")
FORMS = {value for value, _label in MATERIAL_FORMS}
MAX_LENGTHS = {
    name: ServiceGuidePage._meta.get_field(name).max_length
    for name in ("code", "title", "slug", "keywords", *TEXT_FIELDS)
    if ServiceGuidePage._meta.get_field(name).max_length
}
MAX_LENGTHS["department"] = ServiceDepartment._meta.get_field("name").max_length
MAX_LENGTHS["category"] = ServiceCategory._meta.get_field("name").max_length

INDEX = {
    "title": "办事指南",
    "slug": "services",
    "intro": "居民常办事项的办理条件、所需材料、办理流程和办理地点，一次告知，少跑腿。",
}
INDEX_EN = {
    INDEX["title"]: "Service guides",
    INDEX["slug"]: "services",
    INDEX["intro"]: (
        "Who can apply, what to bring, the steps and where to go for the services residents "
        "use most: told once, so you only go once."
    ),
}


@dataclass(frozen=True)
class ItemError:
    """One problem with one item of the file; ``index`` counts from 1."""

    index: int
    code: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"item {self.index}"
        if self.code:
            where += f" (code {json.dumps(self.code, ensure_ascii=False)})"
        if self.field:
            where += f": field {json.dumps(self.field)}"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ItemError] = field(default_factory=list)

    @property
    def failed_items(self) -> int:
        return len({error.index for error in self.errors})

    def summary(self) -> str:
        return (
            f"Service guides: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.failed_items} failed."
        )


def read_items(path: str | Path) -> list:
    """The items of a JSON file; ValueError when it is not a JSON list."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"Cannot read {path}: {error}") from error
    except json.JSONDecodeError as error:
        raise ValueError(f"{path} is not valid JSON: {error}") from error
    if not isinstance(data, list):
        raise ValueError(f"{path} must hold a JSON list of guides.")
    return data


# -- validation ------------------------------------------------------------------------------


def _text_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _validate_materials(value: Any, report: Callable[[str, str], None]) -> None:
    if not isinstance(value, list):
        report("materials", "must be a list")
        return
    for position, material in enumerate(value, 1):
        where = f"materials[{position}]"
        if isinstance(material, str):
            if not material.strip():
                report(where, "must not be empty")
            continue
        if not isinstance(material, dict):
            report(where, "must be a string or an object")
            continue
        name = material.get("name")
        if not isinstance(name, str) or not name.strip():
            report(f"{where}.name", "this field is required")
        form = material.get("form")
        if form not in (None, "", *FORMS):
            report(f"{where}.form", 'must be "original", "copy" or "original_and_copy"')
        copies = material.get("copies")
        if copies is not None and (
            isinstance(copies, bool) or not isinstance(copies, int) or copies < 1
        ):
            report(f"{where}.copies", "must be a whole number of at least 1")
        if not _text_or_none(material.get("note")):
            report(f"{where}.note", "must be a string")


def _validate_item(
    item: Any, report: Callable[[str | None, str], None], seen: set[tuple[str, str]]
) -> None:
    if not isinstance(item, dict):
        report(None, "must be an object")
        return
    for name in REQUIRED:
        value = item.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            report(name, "this field is required")
        elif not isinstance(value, str):
            report(name, "must be a string")
    for name in OPTIONAL_TEXT:
        if not _text_or_none(item.get(name)):
            report(name, "must be a string")
    for name, limit in MAX_LENGTHS.items():
        value = item.get(name)
        if isinstance(value, str) and len(value.strip()) > limit:
            report(name, f"must be at most {limit} characters")

    language = item.get("language")
    if isinstance(language, str) and language.strip() and language not in LANGUAGES:
        report("language", 'must be "zh-hans" or "en"')
    slug = item.get("slug")
    if isinstance(slug, str) and slug:
        try:
            validate_slug(slug)
        except ValidationError:
            report("slug", "must contain only letters, numbers, hyphens and underscores")
    url = item.get("online_url")
    if isinstance(url, str) and url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            report("online_url", "must be a web address starting with http:// or https://")
    kind = item.get("category_kind")
    if isinstance(kind, str) and kind and kind not in CategoryKind.values:
        report("category_kind", 'must be "life_event" or "topic"')

    if "materials" in item and item["materials"] is not None:
        _validate_materials(item["materials"], report)
    steps = item.get("steps")
    if steps is not None and (
        not isinstance(steps, list) or not all(isinstance(s, str) and s.strip() for s in steps)
    ):
        report("steps", "must be a list of non-empty strings")
    faqs = item.get("faqs")
    if faqs is not None:
        if not isinstance(faqs, list):
            report("faqs", "must be a list")
        else:
            for position, faq in enumerate(faqs, 1):
                if not isinstance(faq, dict):
                    report(f"faqs[{position}]", "must be an object")
                    continue
                for part in ("question", "answer"):
                    text = faq.get(part)
                    if not isinstance(text, str) or not text.strip():
                        report(f"faqs[{position}].{part}", "this field is required")
    related = item.get("related")
    if related is not None and (
        not isinstance(related, list) or not all(isinstance(c, str) and c for c in related)
    ):
        report("related", "must be a list of service codes")
    body = item.get("body")
    if body is not None and not (
        isinstance(body, str) or (isinstance(body, list) and all(isinstance(p, str) for p in body))
    ):
        report("body", "must be a string or a list of paragraphs")

    code, language = item.get("code"), item.get("language")
    if isinstance(code, str) and isinstance(language, str):
        key = (code.strip(), language)
        if key in seen:
            report("code", f"appears twice for language {json.dumps(language)}")
        seen.add(key)


def validate(items: list) -> tuple[list[tuple[int, dict]], list[ItemError]]:
    """The valid items (with their 1-based index) and every error found."""
    errors: list[ItemError] = []
    checked: list[tuple[int, dict]] = []
    seen: set[tuple[str, str]] = set()
    for index, item in enumerate(items, 1):
        code = item.get("code") if isinstance(item, dict) else None
        code = code.strip() if isinstance(code, str) else None
        found: list[ItemError] = []

        def report(name, message, index=index, code=code, found=found):
            found.append(ItemError(index, code, name, message))

        _validate_item(item, report, seen)
        errors += found
        if not found:
            checked.append((index, item))

    # Cross-item checks: English items need their Chinese guide; related codes must exist.
    zh_in_file = {item["code"].strip() for _i, item in checked if item["language"] == ZH}
    in_db = set(
        ServiceGuidePage.objects.filter(locale__language_code=ZH).values_list("code", flat=True)
    )
    known = zh_in_file | in_db
    valid: list[tuple[int, dict]] = []
    en_names: dict[tuple[str, str], tuple[str, int]] = {}
    zh_names = {
        item["code"].strip(): (item["department"].strip(), item["category"].strip())
        for _i, item in checked
        if item["language"] == ZH
    }
    for index, item in checked:
        code = item["code"].strip()
        problems = []
        if item["language"] == EN and code not in known:
            problems.append(
                ItemError(
                    index,
                    code,
                    "code",
                    "there is no Chinese (zh-hans) guide with this code, in the file or the site",
                )
            )
        for position, other in enumerate(item.get("related") or [], 1):
            if other.strip() not in known:
                problems.append(
                    ItemError(index, code, f"related[{position}]", f'no guide has code "{other}"')
                )
        if item["language"] == EN and code in zh_names:
            # One Chinese department or category has one English name.
            for name, zh_name in zip(("department", "category"), zh_names[code], strict=True):
                previous = en_names.setdefault((name, zh_name), (item[name].strip(), index))
                if previous[0] != item[name].strip():
                    problems.append(
                        ItemError(
                            index,
                            code,
                            name,
                            f"{json.dumps(zh_name, ensure_ascii=False)} is already translated "
                            f"as {json.dumps(previous[0], ensure_ascii=False)} (item {previous[1]})",
                        )
                    )
        errors += problems
        if not problems:
            valid.append((index, item))
    errors.sort(key=lambda error: error.index)
    return valid, errors


# -- writing ---------------------------------------------------------------------------------


def _slug_for(name: str) -> str:
    """An ASCII slug for a Chinese or English name: 公安出入境 -> gong-an-chu-ru-jing."""
    return (slugify(" ".join(lazy_pinyin(name))) or "item")[:80]


def _unique_slug(model, base: str, locale: Locale) -> str:
    slug, number = base, 2
    while model.objects.filter(slug=slug, locale=locale).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _snippet(model, name: str, locale: Locale, **defaults):
    found = model.objects.filter(name=name, locale=locale).first()
    if found is None:
        found = model.objects.create(
            name=name, slug=_unique_slug(model, _slug_for(name), locale), locale=locale, **defaults
        )
    return found


def _translated_snippet(source, name: str, locale: Locale):
    """The translation of ``source`` into ``locale``, named ``name`` (same translation_key)."""
    translation = source.get_translation_or_none(locale)
    if translation is None:
        translation = source.copy_for_translation(locale)
        translation.name = name
        translation.save()
    elif translation.name != name:
        translation.name = name
        translation.save(update_fields=["name"])
    return translation


def ensure_index(home, *, english: bool) -> ServiceIndexPage:
    """The guide index under ``home`` (created when missing), and its English translation."""
    index = ServiceIndexPage.objects.child_of(home).first()
    if index is None:
        index = ServiceIndexPage(
            title=INDEX["title"], slug=INDEX["slug"], intro=INDEX["intro"], show_in_menus=True
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    if english:
        publish_translation(index, INDEX_EN)
    return index


def _material(entry) -> tuple[str, dict]:
    if isinstance(entry, str):
        return ("material", {"name": entry.strip(), "form": "", "copies": None, "note": ""})
    return (
        "material",
        {
            "name": entry["name"].strip(),
            "form": entry.get("form") or "",
            "copies": entry.get("copies"),
            "note": (entry.get("note") or "").strip(),
        },
    )


def _paragraphs(body) -> list[str]:
    if isinstance(body, str):
        body = re.split(r"\n\s*\n", body)
    return [part.strip() for part in body if part.strip()]


def page_values(item: dict) -> dict[str, Any]:
    """The page fields an item sets (not department, category, related or the tree)."""
    values: dict[str, Any] = {"code": item["code"].strip()}
    for name in TEXT_FIELDS:
        values[name] = (item.get(name) or "").strip()
    values["materials"] = [_material(entry) for entry in item.get("materials") or []]
    values["steps"] = [("step", step.strip()) for step in item.get("steps") or []]
    values["faqs"] = [
        ("faq", {"question": faq["question"].strip(), "answer": faq["answer"].strip()})
        for faq in item.get("faqs") or []
    ]
    if item.get("body") is not None:
        values["body"] = [
            ("paragraph", f"<p>{escape(text)}</p>") for text in _paragraphs(item["body"])
        ]
    return values


def _comparable(page: ServiceGuidePage, names: Iterable[str]) -> dict[str, Any]:
    """Field values in a form that compares equal when the content is the same."""
    result = {}
    for name in names:
        model_field = page._meta.get_field(name)
        value = getattr(page, name)
        if isinstance(model_field, StreamField):
            raw = model_field.stream_block.get_prep_value(value)
            result[name] = json.dumps(
                [{"type": b["type"], "value": b["value"]} for b in raw],
                sort_keys=True,
                ensure_ascii=False,
                default=str,
            )
        elif model_field.is_relation:
            result[name] = getattr(page, model_field.attname)
        else:
            result[name] = value
    return result


def _apply(page: ServiceGuidePage, values: dict[str, Any]) -> bool:
    """Set ``values`` on the latest revision of ``page``; publish when it changes. True if so."""
    draft = page.get_latest_revision_as_object() if page.latest_revision_id else page
    before = _comparable(draft, values)
    for name, value in values.items():
        setattr(draft, name, value)
    if _comparable(draft, values) == before and page.live and not page.has_unpublished_changes:
        return False
    draft.save_revision().publish()
    return True


def _related_values(codes: list[str], locale: Locale) -> list[tuple[str, Any]]:
    pages = {
        guide.code: guide
        for guide in ServiceGuidePage.objects.filter(code__in=codes, locale=locale)
    }
    return [("guide", pages[code]) for code in codes if code in pages]


def _english_strings(zh_item: dict | None, en_item: dict) -> dict[str, str]:
    """Chinese text -> English text, for wagtail-localize's segments, where the two line up."""
    strings: dict[str, str] = {}
    if zh_item is None:
        return strings
    zh_values, en_values = page_values(zh_item), page_values(en_item)
    strings[zh_item.get("slug") or ""] = en_item.get("slug") or zh_item.get("slug") or ""
    for name in TEXT_FIELDS:
        if zh_values[name] and en_values[name]:
            strings[zh_values[name]] = en_values[name]
    for name in ("materials", "steps", "faqs"):
        zh_list, en_list = zh_values[name], en_values[name]
        if len(zh_list) != len(en_list):
            continue
        for (_t, zh_value), (_t2, en_value) in zip(zh_list, en_list, strict=True):
            if isinstance(zh_value, dict):
                for key in ("name", "note", "question", "answer"):
                    if zh_value.get(key) and en_value.get(key):
                        strings[zh_value[key]] = en_value[key]
            else:
                strings[zh_value] = en_value
    strings.pop("", None)
    return strings


class Importer:
    def __init__(self, progress: Callable[[int, int], None] | None = None):
        self.progress = progress or (lambda done, total: None)
        self.zh = Locale.objects.get(language_code=ZH)
        self.en = Locale.objects.get(language_code=EN)
        self.outcome: dict[int, str] = {}  # item index -> "created", "updated", "unchanged"

    def run(self, items: list) -> ImportReport:
        from home.models import HomePage

        valid, errors = validate(items)
        total = len(valid)
        self.progress(0, total)
        if valid:
            home = HomePage.objects.get(locale=self.zh)
            with transaction.atomic():
                index = ensure_index(home, english=any(i["language"] == EN for _p, i in valid))
            zh_items = {item["code"].strip(): item for _p, item in valid if item["language"] == ZH}
            # Chinese first: the English items translate them.
            ordered = sorted(valid, key=lambda pair: pair[1]["language"] != ZH)
            done: list[tuple[int, dict, int]] = []
            for count, (position, item) in enumerate(ordered, 1):
                with self._reporting(errors, position, item):
                    if item["language"] == ZH:
                        page = self._upsert_zh(position, index, item)
                    else:
                        page = self._upsert_en(position, item, zh_items.get(item["code"].strip()))
                    done.append((position, item, page.pk))
                self.progress(count, total)
            for position, item, page_pk in done:
                with self._reporting(errors, position, item):
                    self._link_related(position, item, page_pk, zh_items)
        errors.sort(key=lambda error: error.index)
        outcomes = list(self.outcome.values())
        return ImportReport(
            created=outcomes.count("created"),
            updated=outcomes.count("updated"),
            unchanged=outcomes.count("unchanged"),
            errors=errors,
        )

    @contextmanager
    def _reporting(self, errors: list[ItemError], position: int, item: dict):
        """Run one item's writes in a savepoint; a model validation error fails only that item."""
        try:
            with transaction.atomic():
                yield
        except ValidationError as error:
            self.outcome.pop(position, None)
            for name, messages in error.message_dict.items():
                field_name = None if name == NON_FIELD_ERRORS else name
                errors.append(ItemError(position, item["code"], field_name, " ".join(messages)))

    def _record(self, position: int, outcome: str) -> None:
        if outcome == "updated" and self.outcome.get(position) == "created":
            return
        self.outcome[position] = outcome

    def _upsert_zh(self, position: int, index: ServiceIndexPage, item: dict) -> ServiceGuidePage:
        kind = item.get("category_kind") or CategoryKind.TOPIC
        department = _snippet(ServiceDepartment, item["department"].strip(), self.zh)
        category = _snippet(ServiceCategory, item["category"].strip(), self.zh, kind=kind)
        if item.get("category_kind") and category.kind != kind:
            category.kind = kind
            category.save(update_fields=["kind"])
        values = page_values(item)
        values["department"] = department
        values["category"] = category
        page = ServiceGuidePage.objects.filter(code=values["code"], locale=self.zh).first()
        if page is None:
            page = ServiceGuidePage(slug=item.get("slug") or _slug_for(item["code"]), **values)
            index.add_child(instance=page)
            page.save_revision().publish()
            self._record(position, "created")
            return page
        if item.get("slug"):
            values["slug"] = item["slug"]
        self._record(position, "updated" if _apply(page, values) else "unchanged")
        return page

    def _upsert_en(self, position: int, item: dict, zh_item: dict | None) -> ServiceGuidePage:
        source = ServiceGuidePage.objects.filter(code=item["code"].strip(), locale=self.zh).first()
        if source is None:  # its Chinese item failed while being saved
            raise ValidationError(
                {
                    "code": "there is no Chinese (zh-hans) guide with this code, in the file or the site"
                }
            )
        values = page_values(item)
        values["department"] = _translated_snippet(
            source.department, item["department"].strip(), self.en
        )
        values["category"] = _translated_snippet(source.category, item["category"].strip(), self.en)
        if item.get("slug"):
            values["slug"] = item["slug"]
        page = source.get_translation_or_none(self.en)
        if page is None:
            page = publish_translation(source, _english_strings(zh_item, item))
            _apply(page.specific, values)
            self._record(position, "created")
        else:
            changed = _apply(page.specific, values)
            self._record(position, "updated" if changed else "unchanged")
        return page

    def _link_related(self, position: int, item: dict, page_pk: int, zh_items) -> None:
        """Point a guide at its related guides, now that every guide exists."""
        codes = item.get("related")
        if codes is None and item["language"] == EN:
            codes = (zh_items.get(item["code"].strip()) or {}).get("related")
        locale = self.zh if item["language"] == ZH else self.en
        related = _related_values([code.strip() for code in codes or []], locale)
        if _apply(ServiceGuidePage.objects.get(pk=page_pk), {"related": related}):
            self._record(position, "updated")


def import_guides(
    items: list, *, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Validate and import ``items``; see the module's docstring."""
    return Importer(progress).run(items)
