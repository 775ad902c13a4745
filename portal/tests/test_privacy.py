"""The personal-data filter shared by search suggestions, report exports and published answers."""

import pytest

from portal.privacy import (
    contains_personal_data,
    find_personal_data,
    personal_data_kinds,
    redact,
)

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


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("请联系13812345678", "phone"),
        ("电话 138 1234 5678", "phone"),
        ("电话：+86 138-1234-5678", "phone"),
        ("座机021-55551234", "phone"),
        ("身份证号310101199001011234", "id_number"),
        ("身份证 11010519491231002X", "id_number"),
        ("邮箱 wang.ayi@example.com", "email"),
        ("车牌沪A12345停在消防通道", "plate"),
        ("新能源车牌粤B D12345", "plate"),
        ("银行卡6222 0212 3456 7890", "digits"),
        ("全角号码１３８１２３４５６７８", "phone"),
    ],
)
def test_finds_each_kind(text, kind):
    assert contains_personal_data(text)
    assert kind in {finding.kind for finding in find_personal_data(text)}


@pytest.mark.parametrize(
    "text",
    [
        "3号楼楼道灯已于12月3日修复。",
        "小区东门停车场的路灯已更换，共2盏。",
        "居委会工作时间为周一至周五8:30-17:00。",
        "费用合计1,250元，由维修基金支付。",
        "The lift in building 5 was repaired on 2026-11-02.",
    ],
)
def test_ordinary_sentences_pass(text):
    assert not contains_personal_data(text), find_personal_data(text)


def test_names_of_the_complainant():
    assert contains_personal_data("王小明反映楼道灯不亮", names=["王小明"])
    assert contains_personal_data("Mr Smith asked about parking", names=["John Smith", "Smith"])
    assert not contains_personal_data("居民反映楼道灯不亮", names=["王小明"])
    # a single character is no name to look for
    assert not contains_personal_data("王先生反映", names=["王"])


def test_kinds_and_redaction():
    text = "王阿姨 138-1234-5678，wang@example.com，车牌沪A12345"
    assert personal_data_kinds(text) == ["email", "phone", "plate"]
    redacted = redact(text)
    assert "13812345678" not in redacted and "wang@" not in redacted and "沪A12345" not in redacted
    assert redacted.count("[…]") == 3 and not contains_personal_data(redacted)
