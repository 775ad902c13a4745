"""Complaint roles and the default categories.

Departments are groups of officials: a complaint whose category belongs to a department goes to
its members. Created here when missing: Sub-district office (街道办事处), Service teams (公共服务),
Legal aid (法律援助) and Complaint intake (受理窗口, who triage complaints of every grid).
The default categories follow community practice (DESIGN.md, "Key rules").
"""

import uuid

from django.contrib.auth.management import create_permissions
from django.db import migrations

DEPARTMENTS = ["Sub-district office", "Service teams", "Legal aid"]
INTAKE = "Complaint intake"

HANDLER_PERMISSIONS = ["add_complaint", "change_complaint", "view_complaint", "view_complaintcategory"]
ROLE_PERMISSIONS = {
    "Officials": [
        *HANDLER_PERMISSIONS,
        "add_complaintcategory",
        "change_complaintcategory",
        "add_calendarday",
        "change_calendarday",
        "delete_calendarday",
        "view_calendarday",
    ],
    "Moderators": ["view_complaintcategory"],
    **{name: HANDLER_PERMISSIONS for name in DEPARTMENTS},
    INTAKE: [*HANDLER_PERMISSIONS, "handle_all_complaints", "view_calendarday"],
}

# slug, zh name, en name, zh description, en description, owner, department, days, escalate after
CATEGORIES = [
    (
        "community-affairs",
        "社区事务办理",
        "Community matters",
        "证明开具、盖章、活动场地、楼道杂物等社区能当场解决的事项。",
        "Certificates, stamps, rooms for activities, clutter in stairwells: matters the committee settles itself.",
        "grid",
        None,
        0,
        1,
    ),
    (
        "sub-district",
        "需街道协调事项",
        "Matters for the sub-district",
        "社区无权处理、需要街道办事处协调的事项，如违章搭建、占道经营。",
        "Matters the committee cannot decide and the sub-district office coordinates, such as illegal structures or street stalls.",
        "department",
        "Sub-district office",
        3,
        1,
    ),
    (
        "other",
        "其他诉求",
        "Other requests",
        "其他问题：由网格员跟进，7个工作日内答复。",
        "Anything else: your grid worker follows it up and answers within 7 working days.",
        "grid",
        None,
        7,
        2,
    ),
    (
        "public-services",
        "公共服务",
        "Public services",
        "供水、供电、燃气、电梯、路灯、垃圾清运等公共服务问题，转公共服务队处理。",
        "Water, power, gas, lifts, street lights, rubbish collection: passed to the service teams.",
        "department",
        "Service teams",
        5,
        1,
    ),
    (
        "legal",
        "法律咨询与援助",
        "Legal matters",
        "邻里纠纷、劳动争议等法律问题，转法律援助工作站。",
        "Disputes between neighbours, work disputes and other legal matters: referred to legal aid.",
        "department",
        "Legal aid",
        7,
        2,
    ),
    (
        "petition",
        "信访事项",
        "Petitions",
        "信访事项由街道办事处依照《信访工作条例》办理。",
        "Petitions are handled by the sub-district office under the petition regulations.",
        "department",
        "Sub-district office",
        15,
        3,
    ),
]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Locale = apps.get_model("wagtailcore", "Locale")
    Category = apps.get_model("complaints", "ComplaintCategory")

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            access_admin,
            *Permission.objects.filter(content_type__app_label="complaints", codename__in=codenames),
        )

    zh = Locale.objects.filter(language_code="zh-hans").first()
    en = Locale.objects.filter(language_code="en").first()
    if zh is None:
        return
    for order, (slug, name, name_en, text, text_en, owner, department, days, escalate) in enumerate(
        CATEGORIES
    ):
        if Category.objects.filter(slug=slug, locale=zh).exists():
            continue
        fields = {
            "slug": slug,
            "owner": owner,
            "department": Group.objects.get(name=department) if department else None,
            "deadline_days": days,
            "escalate_after_days": escalate,
            "sort_order": order,
            "translation_key": uuid.uuid4(),
        }
        Category.objects.create(locale=zh, name=name, description=text, **fields)
        if en is not None:
            Category.objects.create(locale=en, name=name_en, description=text_en, **fields)


def backwards(apps, schema_editor):
    Category = apps.get_model("complaints", "ComplaintCategory")
    Category.objects.filter(slug__in=[item[0] for item in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("accounts", "0002_roles"),
        ("home", "0002_locales"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
