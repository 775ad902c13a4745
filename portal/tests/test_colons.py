"""Chinese labels end in a full-width colon, never in an ASCII one ("答复您？:")."""

import re

import pytest

# A Chinese character or full-width punctuation, then an ASCII colon: in text, not in markup.
ASCII_COLON_AFTER_CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]\s*:(?![/\d])")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/complaints/", "/complaints/track/", "/about/"])
def test_no_chinese_label_ends_in_an_ascii_colon(client, path):
    response = client.get(path)
    assert response.status_code == 200
    found = ASCII_COLON_AFTER_CHINESE.findall(visible_text(response.content.decode()))
    assert not found, found


@pytest.mark.django_db
def test_english_labels_keep_their_colon(client):
    html = client.get("/en/complaints/track/").content.decode()
    assert re.search(r"Tracking number\s*:", visible_text(html))


@pytest.mark.django_db
def test_the_error_summary_uses_a_full_width_colon(client):
    response = client.post("/complaints/", {"submission_key": "x"})
    text = visible_text(response.content.decode())
    assert "请更正以下问题" in text
    assert not ASCII_COLON_AFTER_CHINESE.findall(text)
