"""The names residents use for the services they ask about most, as a starting set of synonyms.

Editors change or delete them under Search > Synonyms; a rule they deleted is not brought back
(this migration runs once).
"""

from django.db import migrations

# term, also search for, both ways?
DEFAULT_SYNONYMS = [
    ("低保", "最低生活保障，低保金", True),
    ("特困", "特困人员，特困供养", True),
    ("廉租房", "公租房，公共租赁住房，住房租赁补贴", False),
    ("公租房", "公共租赁住房", True),
    ("失业金", "失业保险金", True),
    ("老年卡", "老年人优待证，乘车卡，老年人免费乘车", False),
    ("老人", "老年人", False),
    ("坐公交", "乘坐公交，乘车", False),
    ("医保卡", "医保，医疗保障卡，社保卡", False),
    ("社保卡", "社会保障卡", True),
    ("残疾证", "残疾人证", True),
    ("身份证", "居民身份证", True),
    ("准生证", "生育登记", False),
    ("户口", "户籍", True),
    ("暂住证", "居住证", False),
    ("养老金", "养老保险", False),
    ("退休金", "养老金，养老保险", False),
    ("电动车", "电动自行车", True),
    ("上牌", "登记上牌，号牌", False),
    ("打官司", "法律援助，诉讼", False),
    ("律师", "法律援助", False),
    ("打疫苗", "预防接种，疫苗接种", False),
    ("体检", "健康体检", False),
    ("办执照", "营业执照", False),
    ("dibao", "低保", False),
]


def add_defaults(apps, schema_editor):
    Synonym = apps.get_model("portal_search", "Synonym")
    for term, synonyms, two_way in DEFAULT_SYNONYMS:
        Synonym.objects.get_or_create(
            term=term, defaults={"synonyms": synonyms, "two_way": two_way}
        )


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_editor_permissions")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
