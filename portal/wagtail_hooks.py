"""The portal's own admin additions: the translators' report of outdated translations, the
names of groups and workflows in the reader's language."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from portal.admin_menu import RestrictedMenuItem
from portal.admin_names import NameTranslationViewSet, translate_submit_label
from portal.name_messages import translate_workflow_log_messages
from portal.reports import OutdatedTranslationsView


@hooks.register("register_admin_urls")
def register_outdated_translations_urls():
    return [
        path(
            "reports/outdated-translations/",
            OutdatedTranslationsView.as_view(),
            name="portal_outdated_translations",
        ),
        path(
            "reports/outdated-translations/results/",
            OutdatedTranslationsView.as_view(results_only=True),
            name="portal_outdated_translations_results",
        ),
    ]


def can_translate(request) -> bool:
    return OutdatedTranslationsView.permission_policy.user_has_any_permission(
        request.user, ["add", "change", "publish"]
    )


@hooks.register("register_reports_menu_item")
def register_outdated_translations_menu_item():
    return RestrictedMenuItem(
        _("Translations: originals changed"),
        reverse("portal_outdated_translations"),
        shown_to=can_translate,
        name="outdated-translations",
        icon_name="globe",
        order=1450,
    )


@hooks.register("register_admin_viewset")
def register_name_translations():
    return NameTranslationViewSet()


hooks.register("construct_page_action_menu", translate_submit_label)
# After Wagtail's own registrations (order 0), which it replaces for the workflow actions.
hooks.register("register_log_actions", translate_workflow_log_messages, order=1)
