"""The admin's side of ``NameTranslation``: where the names are translated, and the places of
Wagtail's admin that read a group's, workflow's or task's ``.name`` instead of printing it."""

from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Task, Workflow
from wagtail.users.views import groups

from portal.models import NameTranslation
from portal.names import display_name


def stored_names() -> list[str]:
    """The names of every group, workflow and task, as written."""
    names = {
        *Group.objects.values_list("name", flat=True),
        *Workflow.objects.values_list("name", flat=True),
        *Task.objects.values_list("name", flat=True),
    }
    return sorted(names)


class NameTranslationForm(WagtailAdminModelForm):
    """The name is chosen among the existing groups, workflows and tasks, as spelled there."""

    class Meta:
        model = NameTranslation
        fields = ["source", "language", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = stored_names()
        if self.instance.source and self.instance.source not in names:
            names.append(self.instance.source)  # a group renamed since: still editable
        self.fields["source"].widget = forms.Select(
            choices=[("", "---------"), *((name, name) for name in names)]
        )


class NameTranslationViewSet(ModelViewSet):
    """Settings → Names of groups and workflows."""

    model = NameTranslation
    form_fields = ["source", "language", "text"]
    icon = "globe"
    menu_label = _("Names of groups and workflows")
    menu_name = "name_translations"
    url_prefix = "name-translations"
    name = "portal_name_translations"
    add_to_settings_menu = True
    menu_order = 602
    list_display = ["source", "text", "language"]
    list_filter = ["language"]
    search_fields = ["source", "text"]

    def get_form_class(self, for_update=False):
        return NameTranslationForm


class GroupIndexView(groups.IndexView):
    columns = [
        TitleColumn(
            "name",
            label=_("Name"),
            accessor=display_name,
            sort_key="name",
            url_name="wagtailusers_groups:edit",
        ),
    ]


class GroupViewSet(groups.GroupViewSet):
    """Wagtail's group admin, listing each group under its name in the reader's language."""

    index_view_class = GroupIndexView


class TranslatedSubmitMenuItem(SubmitForModerationMenuItem):
    """ "Submit to <workflow>" / "Resubmit to <task>" with the name in the editor's language."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        workflow_state = page.current_workflow_state if page else None
        if workflow_state and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
            context["label"] = _("Resubmit to %(task_name)s") % {
                "task_name": display_name(workflow_state.current_task_state.task)
            }
        elif "label" in context:
            workflow_page = page if page and page.pk else context["parent_page"]
            context["label"] = _("Submit to %(workflow_name)s") % {
                "workflow_name": display_name(workflow_page.get_workflow())
            }
        return context


def translate_submit_label(menu_items, request, context) -> None:
    for index, item in enumerate(menu_items):
        if type(item) is SubmitForModerationMenuItem:
            menu_items[index] = TranslatedSubmitMenuItem(order=item.order)
