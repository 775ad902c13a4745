"""Content apps register what they make searchable; the search app never imports them.

    from search.registry import register_section
    register_section("notices", _("Notices"), NoticePage)   # in NoticesConfig.ready()

The fields searched are the model's Wagtail ``search_fields`` (title, summary, body ...).
"""

from dataclasses import dataclass

from django.db.models import Model


@dataclass(frozen=True)
class Section:
    name: str
    label: str
    model: type[Model]


_sections: dict[str, Section] = {}


def register_section(name: str, label: str, model: type[Model]) -> Section:
    existing = _sections.get(name)
    if existing is not None and existing.model is not model:
        raise ValueError(f"Search section {name!r} is already registered for {existing.model}")
    section = Section(name=name, label=label, model=model)
    _sections[name] = section
    return section


def get_section(name: str) -> Section | None:
    return _sections.get(name)


def sections() -> list[Section]:
    return list(_sections.values())
