from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils.translation import gettext as _

from portal.name_messages import log_label as _log_label
from portal.names import display_name as _display_name

register = template.Library()


@register.filter
def display_name(obj) -> str:
    """``{{ group|display_name }}``: a group's, workflow's or task's name in the active language."""
    return _display_name(obj)


@register.filter
def log_label(entry) -> str:
    """``{{ entry|log_label }}``: the name column of a log entry, a group's, workflow's or task's
    name in the active language."""
    return _log_label(entry)


@register.simple_tag
def workflow_status_with_date(workflow_state) -> str:
    """Wagtail's tag of the same name (the page's status panel: "Sent to <task> 2 hours ago"),
    with the task in the reader's language. Templates derived by ``portal.name_templates`` load
    this library after ``wagtailadmin_tags``, so this one is used."""
    task_state = workflow_state.current_task_state
    context = {
        "finished_at": naturaltime(task_state.finished_at),
        "started_at": naturaltime(task_state.started_at),
        "task_name": _display_name(task_state.task),
        "status_display": workflow_state.get_status_display,
    }
    if workflow_state.status == "needs_changes":
        return _("Changes requested %(finished_at)s") % context
    if workflow_state.status == "in_progress":
        return _("Sent to %(task_name)s %(started_at)s") % context
    return _("%(status_display)s %(task_name)s %(started_at)s") % context
