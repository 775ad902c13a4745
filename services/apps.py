from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Service guides")

    def ready(self):
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
        )
