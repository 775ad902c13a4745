"""Content apps register what they make searchable; the search app never imports them.

    from search.registry import Facet, register_section
    register_section(                                  # in the app config's ready()
        "services",
        _("Service guides"),
        ServiceGuidePage,
        facets=[Facet("department", _("Department"), "department.name"),
                Facet("category", _("Category"), "category.name")],
        select_related=["department", "category"],
        summary="summary",
        keywords="keywords",   # other names residents use, matched like the summary
        code="code",
        events_from=["eligibility", "category.name"],  # more text that shows life events
    )

The words searched are the model's Wagtail ``search_fields`` (title, summary, body ...); the
attributes named here describe a result: its snippet, its facet values and its code.

An app whose pages are not searched yet may ``reserve_section(name)``: the JSON API then accepts
``section=name`` and answers an empty result. ``api_sections()`` is what the API accepts.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Model


@dataclass(frozen=True)
class Facet:
    """A property results can be counted and filtered by (a guide's department, say).

    ``attribute`` is a dotted path on the specific page that gives the value shown to residents,
    e.g. ``"department.name"``; pages without a value are not counted.
    """

    name: str
    label: str
    attribute: str

    def value(self, page) -> str:
        value = page
        for part in self.attribute.split("."):
            value = getattr(value, part, None)
            if value is None:
                return ""
        return str(value)


@dataclass(frozen=True)
class Section:
    name: str
    label: str
    model: type[Model]
    facets: tuple[Facet, ...] = ()
    select_related: tuple[str, ...] = ()
    summary: str = "search_description"
    keywords: str | None = None
    code: str | None = None
    weight: float = 1.0
    events_from: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict, compare=False)

    def event_text(self, page) -> str:
        """The text a page's life events are inferred from: its title, summary, keywords and the
        attributes named in ``events_from`` (dotted paths, as for facets)."""
        parts = [str(getattr(page, "title", "") or ""), self.summary_of(page)]
        parts.append(self.keywords_of(page))
        parts.extend(Facet("", "", path).value(page) for path in self.events_from)
        return " ".join(part for part in parts if part)

    def keywords_of(self, page) -> str:
        return str(getattr(page, self.keywords, "") or "") if self.keywords else ""

    def summary_of(self, page) -> str:
        return str(getattr(page, self.summary, "") or "")

    def code_of(self, page) -> str | None:
        if self.code is None:
            return None
        return str(getattr(page, self.code, "") or "") or None


_sections: dict[str, Section] = {}
_reserved: list[str] = []


def register_section(
    name: str,
    label: str,
    model: type[Model],
    *,
    facets: Iterable[Facet] = (),
    select_related: Iterable[str] = (),
    summary: str = "search_description",
    keywords: str | None = None,
    code: str | None = None,
    weight: float = 1.0,
    events_from: Iterable[str] = (),
) -> Section:
    """Make ``model``'s live pages findable as section ``name``.

    ``weight`` multiplies the relevance of this section's results when all sections are searched
    together (service guides answer questions; notices inform). ``events_from`` names more text
    (dotted attribute paths) from which the page's life events are inferred, besides its title,
    summary and keywords.
    """
    existing = _sections.get(name)
    if existing is not None and existing.model is not model:
        raise ValueError(f"Search section {name!r} is already registered for {existing.model}")
    section = Section(
        name=name,
        label=label,
        model=model,
        facets=tuple(facets),
        select_related=tuple(select_related),
        summary=summary,
        keywords=keywords,
        code=code,
        weight=weight,
        events_from=tuple(events_from),
    )
    _sections[name] = section
    return section


def get_section(name: str) -> Section | None:
    return _sections.get(name)


def sections() -> list[Section]:
    return list(_sections.values())


def section_for_model(model: type[Model]) -> Section | None:
    for section in _sections.values():
        if issubclass(model, section.model):
            return section
    return None


def reserve_section(name: str) -> None:
    """Accept ``section=name`` in the JSON API before any pages are registered under it."""
    if name not in _reserved:
        _reserved.append(name)


def api_sections() -> list[str]:
    """The ``section`` values the JSON API accepts: every registered or reserved section, and
    ``all``."""
    names = [*_sections, *(name for name in _reserved if name not in _sections)]
    return [*names, "all"]
