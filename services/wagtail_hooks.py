"""Service guides in the Wagtail admin: departments and categories (translatable snippets).

Guides themselves are pages (Pages menu, under the service guide index). Departments and
categories are translated through wagtail-localize ("Translate" in the listing); the importer
(``manage.py import_service_guides``) creates them as it meets them.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import LocaleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from services.models import ServiceCategory, ServiceDepartment


class ServiceDepartmentViewSet(SnippetViewSet):
    model = ServiceDepartment
    icon = "group"
    menu_label = _("Departments")
    list_display = ["name", "slug", LocaleColumn(label=_("Locale")), "phone"]
    search_fields = ["name", "slug"]
    ordering = ["name"]


class ServiceCategoryViewSet(SnippetViewSet):
    model = ServiceCategory
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "slug", "kind", LocaleColumn(label=_("Locale"))]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    ordering = ["kind", "name"]


class ServicesViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Service guides")
    menu_icon = "list-ul"
    menu_order = 250
    items = (ServiceDepartmentViewSet, ServiceCategoryViewSet)


register_snippet(ServicesViewSetGroup)
