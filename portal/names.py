"""Names of groups, workflows and tasks in the reader's language (``NameTranslation``).

``display_name(group)`` (or ``{{ group|display_name }}``, ``portal_names``) gives the translation
of the stored name into the active language, or the name as written when nobody has translated
it. ``str()`` of a group, workflow or task gives the same (``connect``), so the form choices,
page subtitles, messages and listings of Django and Wagtail that print the object itself speak
the reader's language; what reads ``.name`` directly is listed in docs/i18n.md. Inside a request
the glossary of a language is read once, whatever the number of names shown.
"""

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import translation

from asgiref.local import Local

_request = Local()


def glossary(language: str) -> dict[str, str]:
    """Stored name -> its translation into ``language``."""
    from portal.models import NameTranslation

    cache = getattr(_request, "glossaries", None)
    if cache is not None and language in cache:
        return cache[language]
    names = dict(NameTranslation.objects.filter(language=language).values_list("source", "text"))
    if cache is not None:
        cache[language] = names
    return names


def display_name(obj, language: str | None = None) -> str:
    """The name of a group, workflow or task (or a name as text) in ``language``, by default the
    active one."""
    if obj is None:
        return ""
    name = obj if isinstance(obj, str) else obj.name
    language = language or translation.get_language() or ""
    return glossary(language).get(name, name)


def _start(**kwargs) -> None:
    _request.glossaries = {}


def _finish(**kwargs) -> None:
    _request.glossaries = None


def _forget(**kwargs) -> None:
    if getattr(_request, "glossaries", None) is not None:
        _request.glossaries = {}


def _str(self) -> str:
    return display_name(self)


def connect() -> None:
    """Translate ``str()`` of groups, workflows and tasks; keep each request's glossary fresh."""
    from django.contrib.auth.models import Group

    from wagtail.models import ModelLogEntry, Task, Workflow

    from portal.name_messages import TranslatedWorkflowLock, record_stored_name

    # Their ``__str__`` returns ``self.name``, for display only (lookups use the name itself).
    for model in (Group, Workflow, Task):
        model.__str__ = _str
    # The lock notice of an object awaiting a task names the task and the workflow; a task type
    # chooses its lock with ``lock_class`` (Wagtail's ``WorkflowLock`` reads ``.name``).
    Task.lock_class = TranslatedWorkflowLock
    # ``str()`` is now in the actor's language: the site history records the name as stored.
    pre_save.connect(record_stored_name, sender=ModelLogEntry, dispatch_uid="portal.names.log")
    request_started.connect(_start, dispatch_uid="portal.names.start")
    request_finished.connect(_finish, dispatch_uid="portal.names.finish")
    post_save.connect(_forget, sender="portal.NameTranslation", dispatch_uid="portal.names.save")
    post_delete.connect(
        _forget, sender="portal.NameTranslation", dispatch_uid="portal.names.delete"
    )
