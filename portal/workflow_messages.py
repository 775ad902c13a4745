"""A confirmation after a reviewer approves in a moderation workflow.

Wagtail's workflow action view (the dashboard's and the editor's "Approve") redirects without a
word, so the reviewer cannot tell whether the page went live. This middleware, placed after
Django's message middleware, adds the confirmation once the task is approved: "approved and
published" when the page is live, "approved" when a further step or a scheduled time waits.
"""

from django.contrib import messages
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import TaskState
from wagtail.users.models import UserProfile

WORKFLOW_ACTION_URLS = {"workflow_action"}


class WorkflowApprovalMessageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if request.method != "POST" or match is None or response.status_code not in (200, 302):
            return response
        if match.url_name in WORKFLOW_ACTION_URLS and match.kwargs.get("action_name") == "approve":
            self._confirm(request, TaskState.objects.filter(pk=match.kwargs.get("task_state_id")))
        elif (
            match.url_name == "edit"
            and "page_id" in match.kwargs
            and request.POST.get("workflow-action-name") == "approve"
        ):
            # "Approve" in the page editor's action menu: the task this reviewer just finished.
            self._confirm(
                request,
                TaskState.objects.filter(
                    workflow_state__object_id=str(match.kwargs["page_id"]),
                    finished_by=request.user,
                ).order_by("-finished_at"),
            )
        return response

    def _confirm(self, request, task_states) -> None:
        task_state = task_states.select_related("workflow_state").first()
        if task_state is None or task_state.status != TaskState.STATUS_APPROVED:
            return
        content = task_state.workflow_state.content_object
        title = getattr(content, "title", None) or str(content)
        # The admin speaks the user's preferred language only inside its views.
        language = UserProfile.get_for_user(request.user).get_preferred_language()
        with translation.override(language):
            if getattr(content, "live", False) and not getattr(
                content, "has_unpublished_changes", True
            ):
                message = _("Approved: “%(title)s” is published.")
            else:
                message = _("Approved: “%(title)s”.")
            messages.success(request, message % {"title": title})
