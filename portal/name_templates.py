"""Wagtail admin templates that print a group's, workflow's or task's ``.name``, derived with the
name in the reader's language (``|display_name``, portal/names.py).

Each override in ``portal/templates/`` is Wagtail's template with mechanical changes: the
``portal_names`` library is loaded; ``<something>.workflow.name`` (``.task.name``,
``.group.name``) becomes ``<something>.workflow|display_name``; the templates Wagtail gives the
names as text (``task``, ``workflow``: the workflow-cancellation confirmation) are wrapped in
``{% with task=task|display_name workflow=workflow|display_name %}``; in the site history,
``entry.label`` becomes ``entry|log_label`` (portal/name_messages.py). After upgrading Wagtail,
derive them again:

    python -m portal.name_templates

(``portal/tests/test_names.py`` fails while an override differs from what this writes.)
"""

import re
from pathlib import Path

# Given the names as text, in ``task`` and ``workflow``.
NAMES_AS_TEXT = [
    "wagtailadmin/generic/confirm_workflow_cancellation.html",
    "wagtailadmin/pages/confirm_workflow_cancellation.html",
]
# Listing log entries by their ``label``.
LOG_LABELS = ["wagtailadmin/reports/site_history_results.html"]
TEMPLATES = [
    "wagtailadmin/home/user_objects_in_workflow_moderation.html",
    "wagtailadmin/home/workflow_objects_to_moderate.html",
    "wagtailadmin/notifications/task_state_approved.html",
    "wagtailadmin/notifications/task_state_approved.txt",
    "wagtailadmin/notifications/task_state_approved_subject.txt",
    "wagtailadmin/notifications/task_state_rejected.html",
    "wagtailadmin/notifications/task_state_rejected.txt",
    "wagtailadmin/notifications/task_state_rejected_subject.txt",
    "wagtailadmin/notifications/task_state_submitted.html",
    "wagtailadmin/notifications/task_state_submitted.txt",
    "wagtailadmin/notifications/task_state_submitted_subject.txt",
    "wagtailadmin/notifications/workflow_state_approved.html",
    "wagtailadmin/notifications/workflow_state_approved.txt",
    "wagtailadmin/notifications/workflow_state_approved_subject.txt",
    "wagtailadmin/notifications/workflow_state_rejected.html",
    "wagtailadmin/notifications/workflow_state_rejected.txt",
    "wagtailadmin/notifications/workflow_state_rejected_subject.txt",
    "wagtailadmin/notifications/workflow_state_submitted.html",
    "wagtailadmin/notifications/workflow_state_submitted.txt",
    "wagtailadmin/notifications/workflow_state_submitted_subject.txt",
    "wagtailadmin/reports/workflow_results.html",
    "wagtailadmin/shared/side_panels/includes/status/workflow.html",
    "wagtailadmin/shared/workflow_history/detail.html",
    "wagtailadmin/shared/workflow_history/listing_results.html",
    "wagtailadmin/workflows/edit_task.html",
    "wagtailadmin/workflows/includes/task_usage_cell.html",
    "wagtailadmin/workflows/includes/workflow_tasks_cell.html",
    "wagtailadmin/workflows/task_chooser/includes/results.html",
    "wagtailadmin/workflows/workflow_status.html",
    "wagtailusers/groups/confirm_delete.html",
    *NAMES_AS_TEXT,
    *LOG_LABELS,
]

NAME = re.compile(r"\b((?:\w+\.)*(?:workflow|task|group))\.name\b")
LABEL = re.compile(r"\bentry\.label\b")
LOAD = re.compile(r"{% load ([^%]*?) %}")
OVERRIDES = Path(__file__).resolve().parent / "templates"


def upstream(name: str) -> Path:
    """Wagtail's template of that name (in wagtail.admin, or in wagtail.users for the groups)."""
    import wagtail

    root = Path(wagtail.__file__).resolve().parent
    for app in ("admin", "users"):
        if (root / app / "templates" / name).exists():
            return root / app / "templates" / name
    raise FileNotFoundError(name)


def derive(text: str, name: str = "") -> str:
    text = LOAD.sub(lambda match: f"{{% load {match.group(1)} portal_names %}}", text, count=1)
    text = NAME.sub(r"\1|display_name", text)
    if name in LOG_LABELS:
        text = LABEL.sub("entry|log_label", text)
    if name in NAMES_AS_TEXT:
        load, _, rest = text.partition("\n")
        text = (
            f"{load}\n{{% with task=task|display_name workflow=workflow|display_name %}}\n"
            f"{rest}{{% endwith %}}\n"
        )
    return text


def main() -> None:
    for name in TEMPLATES:
        target = OVERRIDES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(derive(upstream(name).read_text(), name))


if __name__ == "__main__":
    main()
