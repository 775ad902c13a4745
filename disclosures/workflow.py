"""The oversight group's sign-off: a Wagtail workflow task on disclosure pages.

Approving the task signs the period off through ``services.sign_off`` (which checks the
reviewer's group, refuses personal data and seals the period) before Wagtail publishes the page.
When an earlier period of the fund still waits, the approval is refused and the page keeps
waiting; when the sign-off is refused for another reason (personal data) the task is sent back
to the clerk with the reason as its comment. Either way the reviewer lands on the period with the
reason as an error message (the URL returned here is where Wagtail's action view redirects).
Requesting changes reopens the period so the clerk can fix the entries.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.models import AbstractGroupApprovalTask


class OversightSignOffTask(AbstractGroupApprovalTask):
    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        from disclosures import services

        page = task_state.workflow_state.content_object.specific
        period = getattr(page, "period", None)
        if period is not None and action_name == "approve":
            refused_url = reverse("disclosure_periods:refused", args=[period.pk])
            try:
                services.sign_off(period, actor=user)
            except services.OutOfOrder:
                return refused_url
            except (services.PublicationRefused, PermissionDenied) as refusal:
                comment = str(refusal)
                services.reopen_period(period, actor=user, reason=comment, check_role=False)
                task_state.reject(user=user, comment=comment)
                return refused_url
        elif period is not None and action_name == "reject":
            services.reopen_period(
                period, actor=user, reason=kwargs.get("comment", ""), check_role=False
            )
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups sign a disclosure period off before it goes public")

    class Meta:
        verbose_name = _("oversight sign-off")
        verbose_name_plural = _("oversight sign-offs")
