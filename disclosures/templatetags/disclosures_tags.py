from decimal import Decimal

from django import template
from django.conf import settings
from django.utils import translation

from disclosures.models import SOURCE_LANGUAGE, LedgerText
from portal.fragments import shared

register = template.Library()


@register.filter
def money(value) -> str:
    """1234567.5 -> 1,234,567.50: grouped by thousands and two decimals in every language, as
    Chinese accounts are written."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"


@register.simple_tag(takes_context=True)
def ledger_text(context, value: str) -> str:
    """A text of a ledger entry in the reader's language (``disclosures.LedgerText``).

    The glossary of the active language is read once and kept with the page's shared parts, so a
    table of thousands of entries costs no more queries than one of ten. A text nobody has
    translated yet is shown as the ledger has it.
    """
    if not value:
        return ""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language == SOURCE_LANGUAGE:
        return value
    request = context.get("request")
    glossary = getattr(request, "_ledger_glossary", None)
    if glossary is None:
        glossary = shared(request, "ledger_glossary", lambda: LedgerText.objects.glossary(language))
        if request is not None:
            request._ledger_glossary = glossary
    return glossary.get(value, value)
