"""Published answers: consent, review against the personal-data filter, the public list."""

from django.core.exceptions import PermissionDenied

import pytest

from community.factories import UserFactory
from complaints import builders, services
from complaints.answers import services as answers
from complaints.answers.models import AnswerStatus, PublishedAnswer
from complaints.models import ComplaintEvent

ANSWER = "已联系物业于12月3日更换灯泡，请王小明留意，电话13800000000。"


def answered(building, grid_worker, *, consent=True, **fields):
    complaint = builders.submit(
        building=building,
        consent_to_publish=consent,
        contact_name="王小明",
        subject="3号楼楼道灯不亮",
        description="王小明（13800000000）反映3号楼2单元楼道灯一周不亮。",
        **fields,
    ).complaint
    services.accept(complaint, grid_worker)
    services.start(complaint, grid_worker)
    services.answer(complaint, grid_worker, body=ANSWER)
    complaint.refresh_from_db()
    return complaint


def clean_texts(**extra):
    texts = {
        "title": "楼道灯不亮怎么办？",
        "question": "居民反映某楼栋楼道灯一周不亮。",
        "answer": "已联系物业更换灯泡，楼道灯已恢复照明。",
        "title_en": "",
        "question_en": "",
        "answer_en": "",
    }
    texts.update(extra)
    return texts


def test_only_with_consent_and_an_answer(building, grid_worker):
    without = answered(building, grid_worker, consent=False)
    with pytest.raises(answers.NotEligible):
        answers.prepare(without, grid_worker)
    unanswered = builders.submit(building=building, consent_to_publish=True).complaint
    with pytest.raises(answers.NotEligible):
        answers.prepare(unanswered, grid_worker)


def test_an_official_without_a_role_cannot_prepare(building, grid_worker, other_worker):
    complaint = answered(building, grid_worker)
    with pytest.raises(PermissionDenied):
        answers.prepare(complaint, other_worker)


def test_personal_data_blocks_publication_until_removed(building, grid_worker):
    complaint = answered(building, grid_worker)
    draft = answers.prepare(complaint, grid_worker)
    assert draft.status == AnswerStatus.DRAFT and draft.answer == ANSWER
    with pytest.raises(answers.PersonalDataError) as error:
        answers.publish(draft, grid_worker)
    found = error.value.findings
    assert set(found["question"]) == {"name", "phone"}
    assert set(found["answer"]) == {"name", "phone"}
    assert PublishedAnswer.objects.published().count() == 0
    # the given name alone is found too
    answers.save(draft, grid_worker, **clean_texts(answer="已告知小明本人。"))
    with pytest.raises(answers.PersonalDataError):
        answers.publish(draft, grid_worker)
    answers.save(draft, grid_worker, **clean_texts())
    published = answers.publish(draft, grid_worker)
    assert published.status == AnswerStatus.PUBLISHED and published.published_at
    actions = list(complaint.events.values_list("action", "public"))
    assert ("answer_published", False) in actions
    # a published answer cannot be edited back into holding personal data
    with pytest.raises(answers.PersonalDataError):
        answers.save(published, grid_worker, **clean_texts(answer_en="Call 13800000000"))
    assert PublishedAnswer.objects.get().answer_en == ""


def test_public_list_by_category_search_and_language(client, building, grid_worker):
    complaint = answered(building, grid_worker)
    draft = answers.prepare(complaint, grid_worker)
    answers.save(
        draft,
        grid_worker,
        **clean_texts(
            title_en="What if the stairwell light is out?",
            question_en="A resident reported a stairwell light out for a week.",
            answer_en="The management company replaced the bulb.",
        ),
    )
    other = answered(building, grid_worker, category_slug="community-affairs")
    second = answers.prepare(other, grid_worker)
    answers.save(
        second,
        grid_worker,
        **clean_texts(title="垃圾清运时间", question="垃圾几点清运？", answer="每天早晚各一次。"),
    )
    answers.publish(draft, grid_worker)
    hidden = answered(building, grid_worker)
    answers.prepare(hidden, grid_worker)  # a draft stays off the list
    listing = client.get("/complaints/answers/").content.decode()
    assert "楼道灯不亮怎么办？" in listing and "垃圾清运时间" not in listing
    answers.publish(second, grid_worker)
    listing = client.get("/complaints/answers/").content.decode()
    assert "楼道灯不亮怎么办？" in listing and "垃圾清运时间" in listing
    for value in ("王小明", "13800000000", "3号楼2单元"):
        assert value not in listing
    by_category = client.get("/complaints/answers/?category=community-affairs").content.decode()
    assert "垃圾清运时间" in by_category and "楼道灯不亮怎么办？" not in by_category
    found = client.get("/complaints/answers/?q=楼道灯").content.decode()
    assert "楼道灯不亮怎么办？" in found and "垃圾清运时间" not in found
    english = client.get("/en/complaints/answers/?q=stairwell").content.decode()
    assert "What if the stairwell light is out?" in english and 'lang="en"' in english
    english_all = client.get("/en/complaints/answers/").content.decode()
    assert "垃圾清运时间" in english_all and 'lang="zh-hans"' in english_all  # not translated
    detail = client.get(f"/en/complaints/answers/{draft.pk}/").content.decode()
    assert "The management company replaced the bulb." in detail
    assert (
        client.get(
            f"/complaints/answers/{PublishedAnswer.objects.get(complaint=hidden).pk}/"
        ).status_code
        == 404
    )


def test_withdraw_takes_it_off_the_list(client, building, grid_worker):
    complaint = answered(building, grid_worker)
    draft = answers.prepare(complaint, grid_worker)
    answers.save(draft, grid_worker, **clean_texts())
    answers.publish(draft, grid_worker)
    answers.withdraw(draft, grid_worker)
    assert client.get(f"/complaints/answers/{draft.pk}/").status_code == 404
    assert ComplaintEvent.objects.filter(action="answer_withdrawn").count() == 1


def test_admin_review_flow(client, building, grid_worker):
    complaint = answered(building, grid_worker)
    client.force_login(grid_worker)
    index = client.get("/admin/published-answers/").content.decode()
    assert complaint.number in index
    response = client.post(f"/admin/published-answers/prepare/{complaint.pk}/")
    draft = PublishedAnswer.objects.get()
    assert response.url == f"/admin/published-answers/{draft.pk}/"
    page = client.get(response.url).content.decode()
    assert "13800000000" in page  # the official sees what must go
    refused = client.post(
        response.url, {**clean_texts(answer="请拨打13800000000"), "action": "publish"}
    )
    assert refused.status_code == 200
    assert "仍含有电话号码" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == AnswerStatus.DRAFT
    ok = client.post(response.url, {**clean_texts(), "action": "publish"})
    assert ok.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AnswerStatus.PUBLISHED
    assert client.get("/complaints/answers/").content.decode().count("楼道灯不亮怎么办？") == 1


def test_admin_pages_need_an_official(client, building, grid_worker):
    complaint = answered(building, grid_worker)
    client.force_login(UserFactory(username="editor", groups=["Editors"]))
    assert client.get("/admin/published-answers/").status_code in (302, 403)
    assert client.post(f"/admin/published-answers/prepare/{complaint.pk}/").status_code in (
        302,
        403,
    )
    assert PublishedAnswer.objects.count() == 0
