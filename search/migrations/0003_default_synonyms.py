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
    ("医保", "医疗保险，医疗保障", True),
    ("社保", "社会保险", True),
    ("狗证", "养犬登记，犬类登记", False),
    ("养狗", "养犬", False),
    ("饭堂", "助餐，老年助餐", False),
    ("食堂", "助餐，老年助餐", False),
    ("生孩子", "生育，出生", False),
    ("小孩", "儿童，子女", False),
    ("孩子", "儿童，子女", False),
    ("钱", "津贴，补贴，补助，费用", False),
    ("补助", "补贴，津贴", False),
    ("交钱", "缴费", False),
    ("交费", "缴费", True),
    ("丢了", "补领，补办，补换，挂失", False),
    ("丢失", "补领，补办，补换，挂失", False),
    ("补办", "补领，补换", True),
    ("开店", "个体工商户，营业执照", False),
    ("小店", "个体工商户，营业执照", False),
    ("去世", "丧葬，殡葬，死亡", False),
    ("丧葬费", "丧葬补助金", True),
    ("报销", "医保，结算", False),
    ("找工作", "就业，失业登记", False),
    ("看病", "就医，医疗", False),
    ("上户口", "落户，户口登记，出生登记", False),
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
