"""Complaints in the Wagtail admin: categories (translatable snippet) and the working-day
calendar. Permissions come from ``complaints/migrations/0002_roles_and_categories.py``."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import LocaleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from complaints.models import CalendarDay, ComplaintCategory


class ComplaintCategoryViewSet(SnippetViewSet):
    model = ComplaintCategory
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "owner", "department", "deadline_days", LocaleColumn()]
    search_fields = ["name", "slug"]
    ordering = ["sort_order", "name"]


class CalendarDayViewSet(SnippetViewSet):
    """Public holidays and make-up workdays (调休), entered when the State Council publishes them."""

    model = CalendarDay
    icon = "date"
    menu_label = _("Working-day calendar")
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    ordering = ["-date"]


class ComplaintsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Complaints")
    menu_icon = "mail"
    menu_order = 250
    items = (ComplaintCategoryViewSet, CalendarDayViewSet)


register_snippet(ComplaintsViewSetGroup)
