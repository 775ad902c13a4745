"""The personal-data guard: ID numbers (checksum-valid) and mobile numbers are refused."""

import datetime

from django.core.files.base import ContentFile

from wagtail.documents.models import Document

import pytest

from disclosures import builders, guard, services
from disclosures.models import PeriodStatus

# A checksum-valid ID number (the standard's example) and the same with a wrong check digit.
VALID_ID = "11010519491231002X"
WRONG_CHECK = "110105194912310021"


@pytest.mark.parametrize(
    "text",
    [
        f"退款给 {VALID_ID}",
        VALID_ID.lower(),
        "联系人 13812345678",
        "电话:+86 138 1234 5678",
        "0086-13812345678",
        "王先生138-1234-5678",
    ],
)
def test_personal_data_is_found(text):
    assert guard.find_personal_data(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        WRONG_CHECK,
        "发票号 044031900111 金额 13800",
        "凭证号 202603050001234567",  # 18 digits, wrong check digit
        "合同编号 1381234567890",  # 13 digits: not a mobile number
        "12345678901",  # starts 12: not a mobile number
        "社区公共服务专项资金",
        "",
    ],
)
def test_ordinary_numbers_pass(text):
    assert guard.find_personal_data(text) is None


def test_id_checksum():
    assert guard.is_id_number(VALID_ID)
    assert not guard.is_id_number(WRONG_CHECK)


@pytest.mark.django_db
def test_preparing_is_refused_naming_the_entry_and_field(fund, clerk, index):
    entry = services.add_entry(
        fund, builders.entry_data(counterparty="张三 13912345678"), actor=clerk
    )
    with pytest.raises(services.PublicationRefused) as refusal:
        services.prepare_period(entry.period, actor=clerk)
    message = str(refusal.value)
    assert f"第 {entry.pk} 号明细" in message
    assert "“对方单位”" in message
    assert "手机号码" in message
    entry.period.refresh_from_db()
    assert entry.period.status == PeriodStatus.OPEN


@pytest.mark.django_db
def test_an_attachment_name_is_checked(fund, clerk, index):
    document = Document.objects.create(
        title="报销凭证", file=ContentFile(b"%PDF-1.4", name=f"voucher-{VALID_ID}.pdf")
    )
    entry = services.add_entry(fund, builders.entry_data(voucher=document), actor=clerk)
    with pytest.raises(services.PublicationRefused, match="凭证扫描件"):
        services.prepare_period(entry.period, actor=clerk)
    document.file.delete(save=False)


@pytest.mark.django_db
def test_sign_off_checks_again_and_sends_the_task_back(fund, clerk, reviewer, index):
    """Should personal data reach a prepared period anyway, the approval is refused."""
    from disclosures.models import LedgerEntry

    entry = services.add_entry(fund, builders.entry_data(), actor=clerk)
    page = services.prepare_period(entry.period, actor=clerk)
    LedgerEntry.objects.filter(pk=entry.pk).update(approved_by=f"经办 {VALID_ID}")
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    page.current_workflow_task.on_action(task_state, reviewer, "approve")
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_REJECTED
    assert "身份证号码" in task_state.comment
    entry.period.refresh_from_db()
    assert entry.period.status == PeriodStatus.OPEN
    page.refresh_from_db()
    assert not page.live
    assert entry.period.start == datetime.date(2026, 3, 1)
