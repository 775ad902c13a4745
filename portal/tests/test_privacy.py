"""The personal-data filter shared by search suggestions, report exports and published answers."""

import pytest

from portal.privacy import contains_personal_data, personal_data_kinds, redact

PERSONAL = [
    ("王小明 13912345678 停水", "phone"),
    ("电话 139 1234 5678", "phone"),
    ("＋86 139-1234-5678", "phone"),
    ("１３９１２３４５６７８", "phone"),
    ("010-62345678 物业", "phone"),
    ("身份证110105199003071234", "id_number"),
    ("11010519900307123X 补办", "id_number"),
    ("wang.xm@example.com 投诉", "email"),
    ("京A12345 乱停", "plate"),
    ("沪A·D12345", "plate"),
    ("粤B 1234学", "plate"),
    ("银行卡 6222 0212 3456 7890", "digits"),
    ("门禁密码 852963", "digits"),
]
HARMLESS = ["停水", "低保怎么办理", "居住证", "2026年 社保", "3号楼2单元301", "shebao", "医保 报销"]


@pytest.mark.parametrize(("text", "kind"), PERSONAL)
def test_personal_data_is_found(text, kind):
    assert contains_personal_data(text)
    assert kind in personal_data_kinds(text)
    redacted = redact(text)
    assert "[…]" in redacted
    assert not contains_personal_data(redacted)


@pytest.mark.parametrize("text", HARMLESS)
def test_everyday_queries_pass(text):
    assert not contains_personal_data(text)
    assert redact(text) == text


def test_redaction_keeps_the_rest():
    assert redact("王小明 13912345678 停水") == "王小明 […] 停水"
