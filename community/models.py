"""The community's map: grids, buildings, households, and who lives where.

A resident's ``Residency`` in a ``Household`` is what later gives "one household, one vote" and
targeted notices their meaning, so verification is recorded with who verified it and when.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Grid(models.Model):
    """A grid (网格) of 250-500 households with a responsible worker."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    code = models.SlugField(
        _("code"), max_length=20, unique=True, help_text=_("Short code, e.g. G01.")
    )
    responsible_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible worker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grids_responsible",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="buildings"
    )
    name = models.CharField(_("name or number"), max_length=60, help_text=_("e.g. 3号楼"))
    units = models.PositiveSmallIntegerField(_("number of units"), default=1)
    floors = models.PositiveSmallIntegerField(_("number of floors"), null=True, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("building leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buildings_led",
    )

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["grid__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "name"], name="building_unique_name_in_grid"),
        ]

    def __str__(self) -> str:
        return f"{self.grid} {self.name}"


class HouseholdQuerySet(models.QuerySet):
    def in_grid(self, grid: Grid) -> "HouseholdQuerySet":
        return self.filter(building__grid=grid)


class Household(models.Model):
    """A dwelling (户): building, unit and room, with the committee's household code."""

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="households"
    )
    unit = models.PositiveSmallIntegerField(_("unit"), default=1)
    room = models.CharField(_("room"), max_length=20)
    code = models.CharField(_("household code"), max_length=40, unique=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["building__grid__code", "building__name", "unit", "room"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "unit", "room"], name="household_unique_address"
            ),
        ]

    def __str__(self) -> str:
        return _("%(building)s unit %(unit)s room %(room)s") % {
            "building": self.building.name,
            "unit": self.unit,
            "room": self.room,
        }


class ResidencyQuerySet(models.QuerySet):
    def verified(self) -> "ResidencyQuerySet":
        return self.filter(verified=True)

    def pending(self) -> "ResidencyQuerySet":
        """Requests that no official has decided yet."""
        return self.filter(verified=False, rejected_at__isnull=True)

    def in_grids(self, grids) -> "ResidencyQuerySet":
        return self.filter(household__building__grid__in=grids)


class Residency(models.Model):
    """A user's membership of a household, verified by an official of the household's grid."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="residencies",
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="residents"
    )
    verified = models.BooleanField(_("verified"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    is_representative = models.BooleanField(
        _("household representative"),
        default=False,
        help_text=_("Casts the household's ballot where a poll asks for one per household."),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    note = models.TextField(
        _("note"),
        blank=True,
        max_length=500,
        help_text=_("What the resident told the committee when asking to join."),
    )
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rejected by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    objects = ResidencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        ordering = ["-created_at"]
        permissions = [
            ("verify_any_household", _("Can verify residencies in every grid")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "household"], name="residency_unique_member"),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(is_representative=True),
                name="residency_one_representative",
            ),
            models.CheckConstraint(
                condition=Q(is_representative=False) | Q(verified=True),
                name="residency_representative_verified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.household}"

    @property
    def state(self) -> str:
        if self.verified:
            return "verified"
        return "rejected" if self.rejected_at else "pending"

    def get_state_display(self) -> str:
        return {
            "verified": _("verified"),
            "rejected": pgettext_lazy("residency request", "rejected"),
            "pending": _("waiting for verification"),
        }[self.state]


class ResidencyEvent(models.Model):
    """The audit trail of household verification: every request and every decision."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("requested")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", pgettext_lazy("residency request", "rejected")
        REPRESENTATIVE = "representative", _("made representative")
        REVOKED = "revoked", _("verification withdrawn")

    residency = models.ForeignKey(
        Residency,
        verbose_name=_("residency"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="events",
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField(_("by (as it was)"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification event")
        verbose_name_plural = _("verification events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.household}"

    def save(self, *args, **kwargs):
        if self.actor_id and not self.actor_name:
            from audit.services import actor_text

            self.actor_name = actor_text(self.actor)
        super().save(*args, **kwargs)
