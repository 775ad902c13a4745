"""Translators' report: translations whose original changed since they were last brought in.

Candidates are the originals published after their last extraction (one query); each is then
checked for a real change of text, so a republication that changed no text is not listed.

wagtail-localize's own "Translations" report (Reports → Translations, filter "Waiting for
translations") lists what still has untranslated strings. What it does not list is the other half
of keeping up: an editor changed the Chinese page after it was translated, so the English page
lacks the new text until someone syncs it ("Sync translated pages") and translates the new
strings. This report lists exactly those pages, newest change first, each with a link to the sync.
"""

from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from wagtail_localize.models import Translation, TranslationSource


def changed_since_sync(source: TranslationSource) -> bool:
    """Whether the live original has texts that its last extraction does not.

    A page published again without a change of text (a related link, a date) needs no sync.
    """
    from wagtail_localize.models import StringSegment
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    page = Page.objects.filter(translation_key=source.object_id, locale_id=source.locale_id).first()
    if page is None:
        return False
    current = {
        (segment.path, segment.string.data)
        for segment in extract_segments(page.specific)
        if isinstance(segment, StringSegmentValue)
    }
    extracted = set(
        StringSegment.objects.filter(source=source).values_list("context__path", "string__data")
    )
    return current != extracted


def outdated_sources():
    """Sources of enabled translations whose page was published after its last extraction."""
    changed_at = Page.objects.filter(
        translation_key=OuterRef("object_id"), locale_id=OuterRef("locale_id")
    ).values("last_published_at")[:1]
    return (
        TranslationSource.objects.filter(
            pk__in=Translation.objects.filter(enabled=True).values("source_id")
        )
        .annotate(source_changed_at=Subquery(changed_at))
        .filter(source_changed_at__gt=F("last_updated_at"))
        .select_related("locale")
        .order_by("-source_changed_at")
    )


def sync_url(source: TranslationSource) -> str:
    """wagtail-localize's "Sync translated pages" for this original."""
    return reverse("wagtail_localize:update_translations", args=[source.pk])


class OutdatedTranslationsView(ReportView):
    page_title = _("Translations: originals changed since translated")
    header_icon = "globe"
    index_url_name = "portal_outdated_translations"
    index_results_url_name = "portal_outdated_translations_results"
    template_name = "portal/admin/outdated_translations.html"
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]
    list_export = ["object_repr", "source_changed_at", "last_updated_at"]
    export_headings = {
        "object_repr": _("Original"),
        "source_changed_at": _("Original changed"),
        "last_updated_at": _("Translations last synced"),
    }
    export_filename = "outdated-translations"

    @property
    def columns(self):
        return [
            TitleColumn("object_repr", label=_("Original"), get_url=sync_url),
            Column("locale", label=_("Language of the original"), accessor="locale"),
            DateColumn("source_changed_at", label=_("Original changed")),
            DateColumn("last_updated_at", label=_("Translations last synced")),
        ]

    def get_queryset(self):
        candidates = list(outdated_sources()[:500])
        return [source for source in candidates if changed_since_sync(source)]
