"""A category residents find for a broken street light or bench, and examples for every default
category, so that a resident recognises their problem in the list."""

import uuid

from django.db import migrations
from django.db.models import F

PUBLIC_FACILITIES = (
    "public-facilities",
    "路灯、公共设施报修",
    "Street lights and public facilities",
    "小区和道路上的公共设施损坏，由公共服务队维修。",
    "Broken public facilities in the estates and streets, repaired by the service teams.",
    "department",
    "Service teams",
    3,
    1,
)

# slug: (Chinese examples, English examples)
EXAMPLES = {
    "community-affairs": ("开证明、盖章、借活动室、楼道堆物", "a certificate, a stamp, a room for an activity, clutter in a stairwell"),
    "public-facilities": ("路灯不亮、井盖松动、座椅或健身器材损坏、楼道灯坏了", "street light out, loose manhole cover, broken bench or fitness equipment, stairwell light out"),
    "public-services": ("停水停电、燃气、电梯故障、垃圾没人清运", "no water or power, gas, lift out of order, rubbish not collected"),
    "sub-district": ("违章搭建、占道经营、噪音扰民", "illegal structure, stalls blocking the street, noise"),
    "legal": ("邻里纠纷、拖欠工资、租房纠纷", "dispute with a neighbour, unpaid wages, tenancy dispute"),
    "petition": ("对政府部门处理结果不满意的信访", "a petition about how a government office handled a matter"),
    "other": ("以上都不是的问题", "anything not listed above"),
}


def forwards(apps, schema_editor):
    Category = apps.get_model("complaints", "ComplaintCategory")
    Group = apps.get_model("auth", "Group")
    Locale = apps.get_model("wagtailcore", "Locale")
    zh = Locale.objects.filter(language_code="zh-hans").first()
    en = Locale.objects.filter(language_code="en").first()
    if zh is None:
        return
    slug, name, name_en, text, text_en, owner, department, days, escalate = PUBLIC_FACILITIES
    if not Category.objects.filter(slug=slug, locale=zh).exists():
        # Listed just before the other public services, whose description it takes over.
        services = Category.objects.filter(slug="public-services", locale=zh).first()
        order = services.sort_order if services else 99
        Category.objects.filter(sort_order__gte=order).update(sort_order=F("sort_order") + 1)
        fields = {
            "slug": slug,
            "owner": owner,
            "department": Group.objects.get_or_create(name=department)[0],
            "deadline_days": days,
            "escalate_after_days": escalate,
            "sort_order": order,
            "translation_key": uuid.uuid4(),
        }
        Category.objects.create(locale=zh, name=name, description=text, **fields)
        if en is not None:
            Category.objects.create(locale=en, name=name_en, description=text_en, **fields)
    for slug, (examples, examples_en) in EXAMPLES.items():
        Category.objects.filter(slug=slug, locale=zh, examples="").update(examples=examples)
        if en is not None:
            Category.objects.filter(slug=slug, locale=en, examples="").update(examples=examples_en)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0006_category_examples"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
