"""Helpers for the apps' demo-content loaders (``<app>/demo.py``)."""

from django.db import transaction

from wagtail.models import Locale, Page, Revision

from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource


@transaction.atomic
def publish_translation(page: Page, strings: dict[str, str], language: str = "en") -> Page:
    """Translate ``page`` through wagtail-localize and publish the translation.

    ``strings`` maps each source text (a title, a field, a paragraph) to its translation; texts
    it does not cover stay as in the source, exactly as when an editor leaves a segment
    untranslated. The translation is a real wagtail-localize translation, so editors keep
    working on it in the admin. Returns the live translated page.
    """
    locale = Locale.objects.get(language_code=language)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = strings.get(segment.string.data)
        if text is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )
    # Save a draft, then publish it here: wagtail-localize's own publish waits for the outermost
    # transaction to commit and then saves the page as it was, undoing tree changes made since.
    translation.save_target(publish=False)
    translated = page.get_translation(locale)
    Revision.objects.get(pk=translated.latest_revision_id).publish()
    return Page.objects.get(pk=translated.pk).specific
