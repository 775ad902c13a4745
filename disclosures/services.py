"""Every change to a fund's ledger and its publication.

    open --prepare_period (finance clerk)--> prepared --sign_off (oversight group)--> published
    prepared --reopen_period (changes requested)--> open

Entries are added, changed and removed only while their period is open. A published period and
its entries never change again: a mistake is fixed by a correction, a new entry in an open period
that names the entry it corrects and why. Database triggers refuse what these functions refuse,
should anything try to write around them.

Each function is atomic, checks the actor's group and writes a ``DisclosureEvent``.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from audit import services as audit
from disclosures import guard
from disclosures.models import (
    SOURCE_LANGUAGE,
    ZERO,
    Category,
    DisclosureEvent,
    DisclosureIndexPage,
    DisclosurePage,
    Fund,
    Kind,
    LedgerEntry,
    Period,
    PeriodStatus,
    ProjectPage,
    in_language,
    locale_for,
    signed_amount,
    source_of,
)

FINANCE_CLERKS = "Finance clerks"
OVERSIGHT = "Oversight group"
WORKFLOW_NAME = "Oversight sign-off"
CHECKED_FIELDS = (
    "description",
    "counterparty",
    "voucher_number",
    "approved_by",
    "correction_reason",
)


class EntryLocked(Exception):
    """The entry's period is prepared or published: it cannot change."""


class PublicationRefused(Exception):
    """The period cannot be prepared or signed off; the message says why, in the user's words."""


# -- roles --------------------------------------------------------------------------------------


def _in_group(user, name: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=name).exists()


def is_clerk(user) -> bool:
    return _in_group(user, FINANCE_CLERKS)


def is_oversight(user) -> bool:
    return _in_group(user, OVERSIGHT)


def _require_clerk(user) -> None:
    if not is_clerk(user):
        raise PermissionDenied(_("Only finance clerks keep the ledgers."))


def _audit(period: Period, actor, action: str, note: str = "") -> None:
    DisclosureEvent.objects.create(
        period=period,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        note=note,
    )
    logged = AUDITED_ACTIONS.get(action)
    if logged is not None:
        audit.record(
            logged,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            obj=period,
            detail={"note": note} if note else {},
        )


AUDITED_ACTIONS = {
    "prepared": audit.Action.DISCLOSURE_PREPARED,
    "reopened": audit.Action.DISCLOSURE_REOPENED,
    "signed_off": audit.Action.DISCLOSURE_SIGNED_OFF,
}


# -- periods and balances -----------------------------------------------------------------------


def period_for(fund: Fund, day: datetime.date) -> Period:
    """The fund's period that holds ``day``, made when it does not exist yet."""
    fund = source_of(fund)
    start, end = fund.period_bounds(day)
    period, _created = Period.objects.get_or_create(fund=fund, start=start, defaults={"end": end})
    return period


def opening_balance(period: Period) -> Decimal:
    """The fund's opening balance plus every entry of the earlier periods (one query)."""
    earlier = LedgerEntry.objects.filter(
        period__fund=period.fund_id, period__start__lt=period.start
    ).aggregate(total=Sum(signed_amount()))["total"]
    return (period.fund.opening_balance or ZERO) + (earlier or ZERO)


def closing_balance(period: Period, opening: Decimal | None = None) -> Decimal:
    totals = period.entries.totals()
    start = opening_balance(period) if opening is None else opening
    return start + totals["income"] - totals["expense"]


# -- entries ------------------------------------------------------------------------------------


def _money(amount) -> Decimal:
    value = Decimal(str(amount))
    if value <= 0:
        raise ValueError(_("The amount must be more than zero."))
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(_("The amount has more than two decimal places (fen)."))
    return value.quantize(Decimal("0.01"))


def _open_period(fund: Fund, day: datetime.date) -> Period:
    period = Period.objects.select_for_update().get(pk=period_for(fund, day).pk)
    if period.status != PeriodStatus.OPEN:
        raise EntryLocked(
            _(
                "The period %(period)s is %(status)s: its entries can no longer change. "
                "Enter a correction dated in an open period instead."
            )
            % {"period": period.label, "status": period.get_status_display()}
        )
    return period


@dataclass(frozen=True)
class EntryData:
    """What a clerk enters for one ledger line (the form, the import and the services share it)."""

    date: datetime.date
    kind: str
    category: Category
    description: str
    amount: Decimal
    counterparty: str = ""
    voucher_number: str = ""
    approved_by: str = ""
    voucher: object = None
    project: ProjectPage | None = None


def _source_project(project: ProjectPage | None) -> ProjectPage | None:
    if project is not None and project.locale.language_code != SOURCE_LANGUAGE:
        return project.get_translation(locale_for(SOURCE_LANGUAGE))
    return project


def _new_entry(period: Period, data: EntryData, actor, **extra) -> LedgerEntry:
    if data.kind not in Kind.values:
        raise ValueError(_("Choose income or expense."))
    project = _source_project(data.project)
    return LedgerEntry.objects.create(
        period=period,
        date=data.date,
        kind=data.kind,
        category=source_of(data.category),
        description=data.description.strip(),
        amount=_money(data.amount),
        counterparty=data.counterparty.strip(),
        voucher_number=data.voucher_number.strip(),
        approved_by=data.approved_by.strip(),
        voucher=data.voucher,
        project=project,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **extra,
    )


@transaction.atomic
def add_entry(fund: Fund, data: EntryData, *, actor) -> LedgerEntry:
    """Enter one ledger line in the open period of its date."""
    _require_clerk(actor)
    period = _open_period(fund, data.date)
    entry = _new_entry(period, data, actor)
    _audit(period, actor, "entry_added", f"#{entry.pk} {entry}")
    return entry


@transaction.atomic
def import_entries(period: Period, rows: Sequence[EntryData], *, actor) -> list[LedgerEntry]:
    """All rows of an import file, or none of them (the importer has checked every row)."""
    _require_clerk(actor)
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.status != PeriodStatus.OPEN:
        raise EntryLocked(_("The period %(period)s is not open.") % {"period": period.label})
    entries = []
    for data in rows:
        if not period.start <= data.date <= period.end:
            raise ValueError(
                _("%(date)s is outside the period %(period)s.")
                % {"date": data.date.isoformat(), "period": period.label}
            )
        entries.append(_new_entry(period, data, actor))
    _audit(period, actor, "entries_imported", str(len(entries)))
    return entries


def _locked_entry(entry: LedgerEntry) -> LedgerEntry:
    entry = LedgerEntry.objects.select_related("period").get(pk=entry.pk)
    Period.objects.select_for_update().get(pk=entry.period_id)
    if entry.period.status != PeriodStatus.OPEN:
        raise EntryLocked(
            _(
                "The entry belongs to %(period)s, which is %(status)s: it can no longer change. "
                "Enter a correction instead."
            )
            % {"period": entry.period.label, "status": entry.period.get_status_display()}
        )
    return entry


@transaction.atomic
def update_entry(entry: LedgerEntry, data: EntryData, *, actor) -> LedgerEntry:
    """Change an entry of an open period (the date must stay in the same period)."""
    _require_clerk(actor)
    entry = _locked_entry(entry)
    if not entry.period.start <= data.date <= entry.period.end:
        raise ValueError(
            _("%(date)s is outside the period %(period)s.")
            % {"date": data.date.isoformat(), "period": entry.period.label}
        )
    entry.date = data.date
    entry.kind = data.kind
    entry.category = source_of(data.category)
    entry.description = data.description.strip()
    entry.amount = _money(data.amount)
    entry.counterparty = data.counterparty.strip()
    entry.voucher_number = data.voucher_number.strip()
    entry.approved_by = data.approved_by.strip()
    entry.voucher = data.voucher
    entry.project = _source_project(data.project)
    if entry.kind not in Kind.values:
        raise ValueError(_("Choose income or expense."))
    entry.save()
    _audit(entry.period, actor, "entry_changed", f"#{entry.pk} {entry}")
    return entry


@transaction.atomic
def delete_entry(entry: LedgerEntry, *, actor) -> None:
    _require_clerk(actor)
    entry = _locked_entry(entry)
    _audit(entry.period, actor, "entry_deleted", f"#{entry.pk} {entry}")
    entry.delete()


@transaction.atomic
def correct_entry(original: LedgerEntry, data: EntryData, *, reason: str, actor) -> LedgerEntry:
    """A new entry, in the open period of its date, that corrects a published entry."""
    _require_clerk(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(_("Give the reason for the correction."))
    original = LedgerEntry.objects.select_related("period").get(pk=original.pk)
    if original.period.status != PeriodStatus.PUBLISHED:
        raise ValueError(
            _("Only published entries are corrected; change this one directly instead.")
        )
    period = _open_period(original.period.fund, data.date)
    entry = _new_entry(period, data, actor, corrects=original, correction_reason=reason)
    _audit(period, actor, "entry_corrected", f"#{entry.pk} corrects #{original.pk}: {reason}")
    return entry


# -- personal data ------------------------------------------------------------------------------


def personal_data_findings(period: Period) -> list[guard.Finding]:
    """Every text field and voucher file name of the period that holds an ID or mobile number."""
    findings = []
    entries = period.entries.select_related("voucher").order_by("date", "pk")
    for entry in entries.iterator(chunk_size=2000):
        values = [(name, getattr(entry, name)) for name in CHECKED_FIELDS]
        if entry.voucher_id:
            values.append(("voucher", f"{entry.voucher.title} {entry.voucher.filename}"))
        for name, value in values:
            kind = guard.find_personal_data(value)
            if kind is not None:
                findings.append(guard.Finding(entry.pk, entry.date.isoformat(), name, str(kind)))
    return findings


def _field_label(name: str) -> str:
    return str(LedgerEntry._meta.get_field(name).verbose_name)


def describe_findings(findings: Iterable[guard.Finding]) -> str:
    return " ".join(
        _(
            "Entry %(entry)s of %(date)s: the field “%(field)s” holds %(kind)s. Remove it before "
            "publishing."
        )
        % {"entry": f.entry_id, "date": f.date, "field": _field_label(f.field), "kind": f.kind}
        for f in findings
    )


def _refuse_personal_data(period: Period) -> None:
    findings = personal_data_findings(period)
    if findings:
        raise PublicationRefused(describe_findings(findings[:10]))


# -- publication --------------------------------------------------------------------------------


def _index_page(language: str) -> DisclosureIndexPage | None:
    return DisclosureIndexPage.objects.filter(locale__language_code=language).first()


def oversight_workflow():
    """The workflow with the oversight group's sign-off task, made when missing."""
    from django.contrib.auth.models import Group

    from wagtail.models import Workflow, WorkflowTask

    from disclosures.workflow import OversightSignOffTask

    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created or not workflow.workflow_tasks.exists():
        task = OversightSignOffTask.objects.filter(name=WORKFLOW_NAME).first()
        if task is None:
            task = OversightSignOffTask.objects.create(name=WORKFLOW_NAME)
            task.groups.set(Group.objects.filter(name=OVERSIGHT))
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


PAGE_PERMISSIONS = {
    # The clerks' pages are made by ``prepare_period``; they may open and preview them.
    FINANCE_CLERKS: ["add_page", "change_page"],
    # Approving the sign-off publishes the page, with the approver's permissions.
    OVERSIGHT: ["change_page", "publish_page"],
}


def attach_workflow(index: DisclosureIndexPage) -> None:
    """Disclosure pages under this index go to the oversight group, not to the moderators."""
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission, WorkflowPage

    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": oversight_workflow()})
    for name, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(
                group=group, page=index, permission=permission
            )


def _page_title(period: Period, language: str) -> str:
    fund = in_language(period.fund, language)
    with override(language):
        return f"{fund.name} {period.label}"


def disclosure_page(period: Period, *, actor=None) -> DisclosurePage:
    """The period's page under the Chinese index (with an English alias), made when missing."""
    page = DisclosurePage.objects.filter(
        period=period, locale__language_code=SOURCE_LANGUAGE
    ).first()
    if page is not None:
        return page
    index = _index_page(SOURCE_LANGUAGE)
    if index is None:
        raise PublicationRefused(
            _("There is no fund disclosures index page: an editor creates it under the home page.")
        )
    page = DisclosurePage(
        title=_page_title(period, SOURCE_LANGUAGE),
        slug=slugify(f"{period.fund.slug}-{period.key}"),
        period=period,
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(user=actor)
    english = _index_page("en")
    if english is not None:
        alias = page.create_alias(
            parent=english, update_locale=english.locale, user=None, log_action=None
        )
        alias.title = _page_title(period, "en")
        alias.draft_title = alias.title
        alias.save(update_fields=["title", "draft_title"], clean=False)
    return page


@transaction.atomic
def prepare_period(period: Period, *, actor) -> DisclosurePage:
    """The clerk hands the period to the oversight group: it is locked and waits for sign-off."""
    _require_clerk(actor)
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.status != PeriodStatus.OPEN:
        raise PublicationRefused(
            _("The period %(period)s is already %(status)s.")
            % {"period": period.label, "status": period.get_status_display()}
        )
    _refuse_personal_data(period)
    period.status = PeriodStatus.PREPARED
    period.prepared_at = timezone.now()
    period.prepared_by = actor
    period.save(update_fields=["status", "prepared_at", "prepared_by"])
    page = disclosure_page(period, actor=actor)
    page.save_revision(user=actor)
    index = page.get_parent().specific
    attach_workflow(index)
    workflow = oversight_workflow()
    if not page.workflow_in_progress:
        workflow.start(page, actor)
    _audit(period, actor, "prepared")
    return page


@transaction.atomic
def reopen_period(period: Period, *, actor, reason: str = "", check_role: bool = True) -> Period:
    """Changes were requested: the clerk may edit the period's entries again."""
    if check_role and not (is_clerk(actor) or is_oversight(actor)):
        raise PermissionDenied(_("Only finance clerks and the oversight group reopen a period."))
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.status == PeriodStatus.PUBLISHED:
        raise PublicationRefused(_("A published period is never reopened; enter corrections."))
    if period.status == PeriodStatus.PREPARED:
        period.status = PeriodStatus.OPEN
        period.save(update_fields=["status"])
        _audit(period, actor, "reopened", reason)
    return period


@transaction.atomic
def sign_off(period: Period, *, actor) -> Period:
    """A member of the oversight group signs the period off: it is sealed and becomes public."""
    from disclosures import exports

    if not is_oversight(actor):
        raise PermissionDenied(_("Only members of the oversight group sign off disclosures."))
    period = Period.objects.select_for_update().select_related("fund").get(pk=period.pk)
    if period.status != PeriodStatus.PREPARED:
        raise PublicationRefused(
            _("The period %(period)s is %(status)s, not waiting for sign-off.")
            % {"period": period.label, "status": period.get_status_display()}
        )
    earlier = (
        Period.objects.filter(fund=period.fund_id, start__lt=period.start)
        .exclude(status=PeriodStatus.PUBLISHED)
        .order_by("start")
        .first()
    )
    if earlier is not None:
        raise PublicationRefused(
            _("The earlier period %(period)s is not published yet: publish the periods in order.")
            % {"period": earlier.label}
        )
    _refuse_personal_data(period)
    opening = opening_balance(period)
    period.opening_balance = opening
    period.closing_balance = closing_balance(period, opening)
    period.digest = exports.digest(period)
    period.digest_version = exports.DIGEST_VERSION
    period.status = PeriodStatus.PUBLISHED
    period.published_at = timezone.now()
    period.signed_off_by = actor
    period.save()
    _audit(period, actor, "signed_off", period.digest)
    return period


@dataclass(frozen=True)
class Mismatch:
    """What no longer matches in a published period: ``what`` is "digest", "opening_balance"
    or "closing_balance"; ``stored`` is what was sealed, ``computed`` what the entries say."""

    period: Period
    stored: str
    computed: str
    what: str = "digest"


def verify(periods: Iterable[Period] | None = None) -> list[Mismatch]:
    """Recompute every published period from its entries: the digest (of its version), the
    opening balance (the fund's opening balance plus every earlier entry) and the closing
    balance (opening plus this period's entries). Every difference is a mismatch."""
    from disclosures import exports

    if periods is None:
        periods = Period.objects.published().select_related("fund").order_by("fund", "start")
    mismatches = []
    for period in periods:
        computed = exports.digest(period, period.digest_version)
        if computed != period.digest:
            mismatches.append(Mismatch(period, period.digest, computed))
        opening = opening_balance(period)
        if period.opening_balance != opening:
            mismatches.append(
                Mismatch(period, str(period.opening_balance), str(opening), "opening_balance")
            )
        closing = closing_balance(period, opening)
        if period.closing_balance != closing:
            mismatches.append(
                Mismatch(period, str(period.closing_balance), str(closing), "closing_balance")
            )
    return mismatches
