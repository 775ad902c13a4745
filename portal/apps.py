from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal import exports, pagecache

        # Every spreadsheet export of the admin writes formulas as text (portal/exports.py).
        exports.protect_spreadsheet_exports()

        connect_page_cache_invalidation(pagecache.invalidate)
        pagecache.invalidate_on_save(
            "wagtailcore.Site", "wagtailcore.Locale", "wagtailredirects.Redirect"
        )


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
