from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Notices")

    def ready(self):
        from jobs import schedule

        schedule.register(
            "resume_notice_rounds",
            "notices.tasks.resume_notice_rounds",
            schedule.Every(300),
            title=_("Notices: start again email rounds that stopped"),
        )
        from notices import signals  # noqa: F401 - connects the publish signal
        from notices.alerts import urgent_notice_alerts
        from notices.home_slot import latest_notices
        from notices.models import NoticePage
        from notices.my_portal import notice_subscription
        from notices.my_portal_targeted import targeted_notices_panel
        from portal.alerts import register_alert_provider
        from portal.pagecache import invalidate_on_save
        from portal.slots import register_slot
        from search.registry import Facet, register_section

        register_alert_provider(urgent_notice_alerts)
        # The banner and the lists change with notices (page signals) and with their categories.
        invalidate_on_save("notices.NoticeCategory")
        register_slot("home", latest_notices, order=10)
        register_slot("my_portal", targeted_notices_panel, order=15)
        register_slot("my_portal", notice_subscription, order=20)
        register_section(
            "notices",
            _("Notices"),
            NoticePage,
            facets=[Facet("category", _("Category"), "category.name")],
            select_related=["category"],
            summary="summary",
            weight=0.8,
        )
