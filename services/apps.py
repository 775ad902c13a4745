from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Service guides")

    def ready(self):
        from django.apps import apps

        from portal.pagecache import invalidate_on_save
        from search.registry import Facet, register_section
        from services.models import ServiceGuidePage

        invalidate_on_save("services.ServiceDepartment", "services.ServiceCategory")

        register_section(
            "services",
            _("Service guides"),
            ServiceGuidePage,
            facets=[
                Facet("department", _("Department"), "department.name"),
                Facet("category", _("Category"), "category.name"),
            ],
            select_related=["department", "category"],
            summary="summary",
            keywords="keywords",
            code="code",
            weight=1.2,
            events_from=["eligibility", "category.name"],
        )
        if apps.is_installed("complaints"):
            from complaints.prefill import register_prefill
            from services.ask import guide_prefill

            register_prefill("service", guide_prefill)
