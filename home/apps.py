from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and pages")

    def ready(self):
        from portal.pagecache import invalidate_on_save

        # Every page shows the site settings (contact, hotline) and may show images.
        invalidate_on_save("home.PortalSettings", "home.PortalImage")
