"""A scanned voucher is served only once its entry's period is published (or to the clerks and
the oversight group before that), through Wagtail's document view."""

import datetime

from django.core.files.base import ContentFile
from django.test import Client

import pytest

from community.factories import UserFactory
from disclosures import builders, services
from disclosures.models import Period

pytestmark = pytest.mark.django_db

SCAN = b"%PDF-1.4 scanned voucher of the stairwell painting"


@pytest.fixture
def voucher():
    from wagtail.documents import get_document_model

    document = get_document_model()(title="记-2026-03-001")
    document.file.save("voucher-2026-03-001.pdf", ContentFile(SCAN), save=True)
    return document


def fetch(user, document):
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(document.url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response.status_code, body


def test_a_voucher_opens_for_everyone_only_after_publication(
    fund, clerk, reviewer, resident, index, voucher
):
    services.add_entry(fund, builders.entry_data(voucher=voucher), actor=clerk)
    period = Period.objects.get(fund=fund, start=datetime.date(2026, 3, 1))
    editor = UserFactory(username="editor", groups=["Editors"])

    for user in (None, resident, editor):
        assert fetch(user, voucher)[0] == 404
    for user in (clerk, reviewer):
        assert fetch(user, voucher) == (200, SCAN)

    builders.publish(period, clerk, reviewer)
    assert period.is_published
    for user in (None, resident, editor, clerk):
        assert fetch(user, voucher) == (200, SCAN)


def test_other_documents_are_not_affected(voucher):
    assert fetch(None, voucher) == (200, SCAN)
