"""The audit log: one append-only table of what matters, written through ``audit.services``.

Rows are never changed or removed: database triggers (``audit/triggers.py``, installed by
migration 0002 on SQLite and PostgreSQL) refuse every UPDATE and DELETE, whoever sends it. Each
row keeps the actor's identity as text next to the link to the account, so renaming or deleting
an account loses nothing; the link itself carries no database constraint, so deleting an account
never has to touch this table.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "auth.login", _("signed in")
    LOGIN_FAILED = "auth.login_failed", _("failed sign-in")
    LOGOUT = "auth.logout", _("signed out")
    DENIED = "request.denied", _("request denied (403)")
    PERSONAL_DATA_VIEWED = "personal_data.viewed", _("opened personal data")
    PERSONAL_DATA_EXPORTED = "personal_data.exported", _("exported personal data")
    COMPLAINT_STATUS = "complaint.status", _("complaint state changed")
    COMPLAINT_ANONYMISED = "complaint.anonymised", _("complaint anonymised")
    HOUSEHOLD_VERIFICATION = "household.verification", _("household verification")
    POLL_OPENED = "poll.opened", _("poll opened")
    POLL_CLOSED = "poll.closed", _("poll closed")
    POLL_OFFLINE_BALLOT = "poll.offline_ballot", _("off-line ballot recorded")
    DISCLOSURE_PREPARED = "disclosure.prepared", _("disclosure prepared")
    DISCLOSURE_REOPENED = "disclosure.reopened", _("disclosure sent back")
    DISCLOSURE_SIGNED_OFF = "disclosure.signed_off", _("disclosure signed off and published")
    DISCLOSURE_RESEALED = "disclosure.resealed", _("disclosure digest recomputed")
    ROLE_CHANGED = "account.role", _("role changed")
    GROUP_CHANGED = "account.groups", _("group membership changed")
    GROUP_PERMISSIONS = "group.permissions", _("group permissions changed")
    ACCOUNT_DEACTIVATED = "account.deactivated", _("account deactivated")
    ACCOUNT_DELETED = "account.deleted", _("account deleted")
    BACKUP = "operations.backup", _("backup written")
    RESTORE = "operations.restore", _("backup restored")


# Entries that say only that someone came by: they do not make an account one that "acted".
PASSIVE_ACTIONS = frozenset(
    {Action.LOGIN, Action.LOGIN_FAILED, Action.LOGOUT, Action.DENIED, Action.ACCOUNT_DEACTIVATED}
)


class AuditEntryQuerySet(models.QuerySet):
    def of_actor(self, user) -> "AuditEntryQuerySet":
        return self.filter(actor_id=user.pk)

    def acts(self) -> "AuditEntryQuerySet":
        """Entries that record something an account did (not a sign-in or a refusal)."""
        return self.exclude(action__in=PASSIVE_ACTIONS)


class AuditEntry(models.Model):
    """One thing that happened: who, when, what, to which object, from where."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, editable=False)
    action = models.CharField(
        _("what"), max_length=40, choices=Action.choices, db_index=True, editable=False
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    actor_text = models.CharField(
        _("who"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("The account's username, email and name when it acted."),
    )
    object_type = models.CharField(_("object type"), max_length=60, blank=True, editable=False)
    object_id = models.CharField(_("object"), max_length=64, blank=True, editable=False)
    object_repr = models.CharField(_("about"), max_length=255, blank=True, editable=False)
    detail = models.JSONField(_("detail"), default=dict, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(
        _("IP address"), null=True, blank=True, editable=False
    )
    path = models.CharField(_("address"), max_length=300, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_entry_object"),
            models.Index(fields=["actor", "at"], name="audit_entry_actor"),
        ]
        # No add/change/delete through any admin: only the view permission is used.
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.actor_text}"
