"""Notices in the Wagtail admin: the categories (a translatable snippet) and the officials' report.

Notices themselves are pages (Pages menu, moderation workflow "通知公告审核"). Categories
follow the model permissions granted in ``notices/migrations/0002_moderation_workflow.py``:
Moderators manage them, Editors and Officials see them, and any admin user can pick one in the
notice editor's chooser. The Notices menu leads first to what editors look for: "Write a
notice" (the editor for a new notice in the notice section of their language) and "All notices"
(the notice section's listing), then the categories. In the page editor, a user who cannot
publish gets "Submit for moderation" as the main button instead of hidden under the arrow. The
report "Targeted notices: households reached" is for the holders of
``notices.view_noticeread`` (Moderators and Officials).
"""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from notices.models import NoticeCategory, NoticeIndexPage
from notices.reports import EmailRoundsView, TargetedNoticeReachView
from portal.admin_menu import RestrictedMenuItem

REPORT_PERMISSION = "notices.view_noticeread"


class NoticeCategoryViewSet(SnippetViewSet):
    """停水停电, 社区活动 ...: translated through wagtail-localize ("Translate" in the listing)."""

    model = NoticeCategory
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "slug", LocaleColumn(label=_("Locale")), "sort_order"]
    search_fields = ["name", "slug"]
    ordering = ["sort_order", "name"]


def notice_index_for(request) -> NoticeIndexPage | None:
    """The notice section in the user's admin language, else the Chinese one."""
    indexes = {
        index.locale.language_code: index
        for index in NoticeIndexPage.objects.select_related("locale").order_by("path")
    }
    return (
        indexes.get(get_language()) or indexes.get("zh-hans") or next(iter(indexes.values()), None)
    )


def can_write_notices(request) -> bool:
    index = notice_index_for(request)
    return index is not None and index.permissions_for_user(request.user).can_add_subpage()


def can_list_notices(request) -> bool:
    index = notice_index_for(request)
    return index is not None and index.permissions_for_user(request.user).can_edit()


def write_notice(request):
    index = notice_index_for(request)
    if index is None or not can_write_notices(request):
        raise Http404
    return redirect("wagtailadmin_pages:add", "notices", "noticepage", index.pk)


def notice_listing(request):
    index = notice_index_for(request)
    if index is None:
        raise Http404
    return redirect("wagtailadmin_explore", index.pk)


class NoticesViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Notices")
    menu_icon = "info-circle"
    menu_order = 240
    items = (NoticeCategoryViewSet,)

    def get_submenu_items(self):
        return [
            RestrictedMenuItem(
                _("Write a notice"),
                reverse("notices_write"),
                shown_to=can_write_notices,
                name="notices-write",
                icon_name="plus",
                order=0,
            ),
            RestrictedMenuItem(
                _("All notices"),
                reverse("notices_listing"),
                shown_to=can_list_notices,
                name="notices-listing",
                icon_name="list-ul",
                order=0,
            ),
            *super().get_submenu_items(),
        ]


register_snippet(NoticesViewSetGroup)


@hooks.register("register_reports_menu_item")
def register_targeted_reach_menu_item():
    return RestrictedMenuItem(
        _("Targeted notices: households reached"),
        reverse("notices_targeted_reach"),
        shown_to=REPORT_PERMISSION,
        name="notices-targeted-reach",
        icon_name="group",
        order=1300,
    )


@hooks.register("register_reports_menu_item")
def register_email_rounds_menu_item():
    return RestrictedMenuItem(
        _("Notice emails: rounds"),
        reverse("notices_email_rounds"),
        shown_to="notices.view_notificationround",
        name="notices-email-rounds",
        icon_name="mail",
        order=1310,
    )


@hooks.register("construct_page_action_menu")
def submit_for_moderation_first(menu_items, request, context):
    """Who cannot publish sees "Submit for moderation" as the main button of the editor."""
    names = [item.name for item in menu_items]
    if "action-publish" in names or "action-submit" not in names:
        return
    index = names.index("action-submit")
    menu_items.insert(0, menu_items.pop(index))


@hooks.register("register_admin_urls")
def register_targeted_reach_urls():
    return [
        path("notices/write/", write_notice, name="notices_write"),
        path("notices/all/", notice_listing, name="notices_listing"),
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
        path("reports/notice-emails/", EmailRoundsView.as_view(), name="notices_email_rounds"),
        path(
            "reports/notice-emails/results/",
            EmailRoundsView.as_view(results_only=True),
            name="notices_email_rounds_results",
        ),
    ]
