"""Notices in the Wagtail admin: the categories (a translatable snippet) and the officials' report.

Notices themselves are pages (Pages menu, moderation workflow "通知公告审核"). Categories
follow the model permissions granted in ``notices/migrations/0002_moderation_workflow.py``:
Moderators manage them, Editors and Officials see them, and any admin user can pick one in the
notice editor's chooser. The report "Targeted notices: households reached" is for the holders of
``notices.view_noticeread`` (Moderators and Officials).
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from notices.models import NoticeCategory
from notices.reports import TargetedNoticeReachView

REPORT_PERMISSION = "notices.view_noticeread"


class NoticeCategoryViewSet(SnippetViewSet):
    """停水停电, 社区活动 ...: translated through wagtail-localize ("Translate" in the listing)."""

    model = NoticeCategory
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "slug", LocaleColumn(label=_("Locale")), "sort_order"]
    search_fields = ["name", "slug"]
    ordering = ["sort_order", "name"]


class NoticesViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Notices")
    menu_icon = "info-circle"
    menu_order = 240
    items = (NoticeCategoryViewSet,)


register_snippet(NoticesViewSetGroup)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_targeted_reach_menu_item():
    return ReportMenuItem(
        _("Targeted notices: households reached"),
        reverse("notices_targeted_reach"),
        name="notices-targeted-reach",
        icon_name="group",
        order=1300,
    )


@hooks.register("register_admin_urls")
def register_targeted_reach_urls():
    return [
        path(
            "reports/notices-targeted-reach/",
            TargetedNoticeReachView.as_view(),
            name="notices_targeted_reach",
        ),
        path(
            "reports/notices-targeted-reach/results/",
            TargetedNoticeReachView.as_view(results_only=True),
            name="notices_targeted_reach_results",
        ),
    ]
