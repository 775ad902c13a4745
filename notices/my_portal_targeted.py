"""The "my portal" panel of notices for the resident's own grids and buildings.

Lists the live targeted notices for the resident's verified households, newest first, each in the
active language when it has been translated into it (otherwise as written). Shows nothing to a
resident without a verified residency, or when there is no such notice.
"""

from typing import Any

from django.db.models import Min
from django.http import HttpRequest

from wagtail.models import Locale

from notices.models import NoticePage
from notices.services import notices_for_resident

MY_PORTAL_NOTICES = 10


def resident_notices(user, locale: Locale, limit: int = MY_PORTAL_NOTICES) -> list[NoticePage]:
    """The newest ``limit`` targeted notices for ``user``, one per notice, in ``locale`` if possible.

    Two queries (and one for view restrictions per ``public()``, as Wagtail does them): the
    newest notices, by the first publication of any of their translations, then every live
    translation of those, from which the one in ``locale`` is chosen.
    """
    if not user.is_authenticated:
        return []
    keys = list(
        NoticePage.objects.live()
        .filter(translation_key__in=notices_for_resident(user).values("translation_key"))
        .order_by()
        .values("translation_key")
        .annotate(published=Min("first_published_at"))
        .order_by("-published", "translation_key")
        .values_list("translation_key", flat=True)[:limit]
    )
    if not keys:
        return []
    chosen: dict = {}
    versions = (
        NoticePage.objects.live()
        .public()
        .filter(translation_key__in=keys)
        .select_related("category", "locale")
        .order_by("pk")  # the original first: the fallback when there is no translation
    )
    for notice in versions:
        if notice.translation_key not in chosen or notice.locale_id == locale.pk:
            chosen[notice.translation_key] = notice
    return [chosen[key] for key in keys if key in chosen]


def targeted_notices_panel(request: HttpRequest, page=None) -> dict[str, Any] | None:
    notices = resident_notices(request.user, Locale.get_active())
    if not notices:
        return None
    return {
        "template": "notices/includes/my_portal_targeted.html",
        "context": {"notices": notices},
    }
