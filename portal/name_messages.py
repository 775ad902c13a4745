"""Messages Wagtail formats in Python from the name of a workflow or task, in the reader's
language: the moderation entries of a page's history and of the site history, the names of
groups, workflows and tasks in the site history, and the lock notice of an object awaiting a task.

Log entries are the record: they keep the names as stored, and only their display is translated.
"""

import copy

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as gettext_now

from wagtail.locks import WorkflowLock
from wagtail.models import Task, Workflow

from portal.names import display_name

# Wagtail's log entries of moderation write the workflow's and the task's names into their data
# ("workflow": {"title": ..., "task": {"title": ...}, "next": {"title": ...}}), as stored.
WORKFLOW_LOG_ACTIONS = (
    "wagtail.workflow.start",
    "wagtail.workflow.approve",
    "wagtail.workflow.reject",
    "wagtail.workflow.resume",
    "wagtail.workflow.cancel",
)


def names_translated(data: dict) -> dict:
    """A copy of a workflow log entry's data with the workflow and task names in the active
    language (the entry keeps the names as they were stored: it is the record)."""
    workflow = data.get("workflow") if isinstance(data, dict) else None
    if not isinstance(workflow, dict):
        return data
    workflow = dict(workflow)
    if isinstance(workflow.get("title"), str):
        workflow["title"] = display_name(workflow["title"])
    for key in ("task", "next"):
        step = workflow.get(key)
        if isinstance(step, dict) and isinstance(step.get("title"), str):
            workflow[key] = {**step, "title": display_name(step["title"])}
    return {**data, "workflow": workflow}


class NamesInReadersLanguage:
    """Mixed into Wagtail's own formatter of a workflow action: its message, formatted from a
    copy of the entry whose names are in the reader's language."""

    def format_message(self, log_entry):
        entry = copy.copy(log_entry)
        entry.data = names_translated(log_entry.data or {})
        return super().format_message(entry)


def translate_workflow_log_messages(actions) -> None:
    """``register_log_actions`` hook, run after Wagtail's: "'Notice moderation' started. Next
    step 'Moderators approve the notice'" in a page's history and the site history of an English
    reader, with Wagtail's own wording (and catalogs)."""
    for action in WORKFLOW_LOG_ACTIONS:
        if action not in actions.formatters:
            continue  # gone from Wagtail: portal/tests/test_name_messages.py says so
        upstream = type(actions.formatters[action])
        actions.register_action(action)(
            type(upstream.__name__, (NamesInReadersLanguage, upstream), {})
        )
    # A second registration appends its choice again: keep one per action, where it was.
    actions.choices = list(dict(actions.choices).items())


def log_label(entry) -> str:
    """The name column of the site history: a group's, workflow's or task's name in the reader's
    language (the entry records the name as stored, see ``record_stored_name``)."""
    if _names_model(entry.content_type_id) is not None:
        return display_name(entry.label)
    return entry.label


def record_stored_name(sender, instance, raw=False, **kwargs) -> None:
    """``pre_save`` of Wagtail's log entries: an entry about a group, workflow or task records its
    name as stored, not ``str()`` in the language of whoever made the change."""
    if raw or not instance._state.adding:
        return
    model = _names_model(instance.content_type_id)
    if model is not None:
        name = model.objects.filter(pk=instance.object_id).values_list("name", flat=True).first()
        if name:
            instance.label = name


def _names_model(content_type_id):
    """Group, Workflow or Task when the content type is one of them (or a kind of task)."""
    if not content_type_id:
        return None
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    for base in (Group, Workflow, Task):
        if model is not None and issubclass(model, base):
            return base
    return None


class TranslatedWorkflowLock(WorkflowLock):
    """The notice on an object awaiting a task the user cannot approve: "This page is awaiting
    'Moderators approve the notice' in the 'Notice moderation' workflow." in the user's language.

    Wagtail's ``WorkflowLock.get_message`` with the names through ``display_name``; tasks use it
    as their ``lock_class`` (``portal.names.connect``).
    """

    def get_message(self, user):
        workflow_state = self.object.current_workflow_state
        if (
            workflow_state is None
            or not self.for_user(user)
            or len(workflow_state.all_tasks_with_status()) == 1  # "awaiting moderation": no name
        ):
            return super().get_message(user)
        workflow_info = format_html(
            # nosemgrep: translation-no-new-style-formatting (new-style only w/ format_html)
            gettext_now(
                "This {model_name} is awaiting <b>'{task_name}'</b> in the "
                "<b>'{workflow_name}'</b> workflow."
            ),
            model_name=self.model_name,
            task_name=display_name(self.task),
            workflow_name=display_name(workflow_state.workflow),
        )
        reviewers_info = capfirst(
            gettext_now("Only reviewers for this task can edit the %(model_name)s.")
            % {"model_name": self.model_name}
        )
        return mark_safe(capfirst(workflow_info) + " " + reviewers_info)  # noqa: S308 - format_html
