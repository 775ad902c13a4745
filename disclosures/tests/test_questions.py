"""A resident asks about an entry or a project: a complaint in the finance-question category."""

from decimal import Decimal

from django.urls import reverse

import pytest

from complaints.models import Complaint
from disclosures import builders, services
from disclosures.pages import ENTRIES_PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(fund, clerk, reviewer, index):
    entry = services.add_entry(fund, builders.entry_data(), actor=clerk)
    builders.publish(entry.period, clerk, reviewer)
    return entry


def ask(client, url, **fields):
    form = client.get(url).context["form"]
    data = {"submission_key": form.initial["submission_key"], "question": "这笔钱为什么这么多？"}
    data.update(fields)
    return client.post(url, data)


def test_a_question_about_an_entry_reaches_the_finance_clerks(client, published, clerk):
    response = ask(client, reverse("disclosures:ask_entry", args=[published.pk]))
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.category.slug == "finance-question"
    assert complaint.category.department.name == "Finance clerks"
    assert complaint.anonymous
    assert f"#entry-{published.pk}" in complaint.description
    assert "这笔钱为什么这么多？" in complaint.description
    assert complaint.number in response.content.decode()
    assert Complaint.objects.handled_by(clerk).filter(pk=complaint.pk).exists()


def test_the_link_in_the_complaint_opens_the_right_page_of_entries(
    client, fund, clerk, reviewer, index
):
    period = services.period_for(fund, published_date())
    builders.bulk_entries(period, ENTRIES_PER_PAGE + 5)
    builders.publish(period, clerk, reviewer)
    last = period.entries.order_by("-date", "-pk").first()
    response = client.get(reverse("disclosures:entry", args=[last.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?page=2#entry-{last.pk}")
    page = client.get(response["Location"].split("#")[0])
    assert f'id="entry-{last.pk}"' in page.content.decode()


def published_date():
    import datetime

    return datetime.date(2026, 3, 1)


def test_no_questions_about_unpublished_entries(client, fund, clerk):
    entry = services.add_entry(fund, builders.entry_data(), actor=clerk)
    assert client.get(reverse("disclosures:ask_entry", args=[entry.pk])).status_code == 404
    assert client.get(reverse("disclosures:entry", args=[entry.pk])).status_code == 404


def test_a_question_about_a_project(client, index):
    lift = builders.project(builders.projects_index(index), budget=Decimal("1000"))
    response = ask(
        client,
        reverse("disclosures:ask_project", args=[lift.pk]),
        contact_name="李阿姨",
        contact_phone="13900000000",
    )
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert lift.url in complaint.description
    assert complaint.contact_name == "李阿姨"
    assert not complaint.anonymous


def test_an_empty_question_keeps_the_form(client, published):
    response = ask(client, reverse("disclosures:ask_entry", args=[published.pk]), question="")
    assert response.status_code == 200
    assert response.context["form"].errors["question"]
    assert not Complaint.objects.exists()


def test_posting_twice_records_one_question(client, published):
    url = reverse("disclosures:ask_entry", args=[published.pk])
    key = client.get(url).context["form"].initial["submission_key"]
    for _ in range(2):
        client.post(url, {"submission_key": key, "question": "为什么？"})
    assert Complaint.objects.count() == 1
