from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class PortalConfig(AppConfig):
    default = True  # this module holds UsersConfig too
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal import exports, names, pagecache

        # Every spreadsheet export of the admin writes formulas as text (portal/exports.py).
        exports.protect_spreadsheet_exports()

        connect_page_cache_invalidation(pagecache.invalidate)
        # A view restriction added or removed changes who may see a page (and which pages the
        # route store may serve without asking, portal/routes.py).
        pagecache.invalidate_on_save(
            "wagtailcore.Site",
            "wagtailcore.Locale",
            "wagtailredirects.Redirect",
            "wagtailcore.PageViewRestriction",
        )
        translate_labels_per_request()
        names.connect()


def translate_labels_per_request() -> None:
    """Labels that Wagtail translates once at import instead of for each request.

    A few admin labels call ``gettext`` in a class body or when a viewset is registered: they
    are translated into the language active at startup (the site's default, Chinese) and stay so
    for an English admin user. Give them back lazy labels, translated for each request.
    """
    from django.utils.translation import gettext_lazy

    from wagtail.contrib.redirects.filters import RedirectsReportFilterSet

    is_permanent = RedirectsReportFilterSet.base_filters["is_permanent"]
    is_permanent.label = gettext_lazy("Type")
    is_permanent.extra["choices"] = (
        (True, gettext_lazy("Permanent")),
        (False, gettext_lazy("Temporary")),
    )
    is_permanent.extra["empty_label"] = gettext_lazy("All")

    # Snippet listings' breadcrumbs ("Home", "Snippets") are built once, at startup.
    from django.conf import settings
    from django.urls import reverse_lazy

    from wagtail.snippets.views.snippets import SnippetViewSet

    def breadcrumbs_items(viewset):
        items = [{"url": reverse_lazy("wagtailadmin_home"), "label": gettext_lazy("Home")}]
        if (
            getattr(settings, "WAGTAILSNIPPETS_MENU_SHOW_ALL", False)
            or not viewset.get_menu_item_is_registered()
        ):
            items.append(
                {"url": reverse_lazy("wagtailsnippets:index"), "label": gettext_lazy("Snippets")}
            )
        return items

    SnippetViewSet.breadcrumbs_items = property(breadcrumbs_items)


def connect_page_cache_invalidation(invalidate) -> None:
    """Any page published, unpublished, moved, saved or deleted empties the page cache."""
    from django.db.models.signals import post_delete, post_save

    from wagtail.models import Page
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    def on_page_change(sender, instance=None, **kwargs):
        if isinstance(instance, Page):
            invalidate()

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(invalidate, dispatch_uid=f"pagecache:{id(signal)}", weak=False)
    post_save.connect(on_page_change, dispatch_uid="pagecache:page-save", weak=False)
    post_delete.connect(on_page_change, dispatch_uid="pagecache:page-delete", weak=False)


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users and groups, with the groups listed in the reader's language."""

    default = False
    group_viewset = "portal.admin_names.GroupViewSet"
