"""The complaint form started from a guide: ``/complaints/?service=<code>`` (``ServiceGuidePage.ask_url``)."""

from django.utils.translation import gettext as _

from wagtail.models import Locale


def guide_prefill(code: str) -> dict[str, str] | None:
    from services.models import ServiceGuidePage

    guides = ServiceGuidePage.objects.live().public().filter(code=code)
    guide = guides.filter(locale=Locale.get_active()).first() or guides.first()
    if guide is None:
        return None
    return {
        "subject": _("Question about: %(title)s") % {"title": guide.title},
        "about_title": guide.title,
        "about_url": guide.url,
    }
