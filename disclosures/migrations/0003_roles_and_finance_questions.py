"""What the finance clerks and the oversight group may do with the ledgers, and the complaint
category "finance question" through which residents ask about an entry or a project (answered by
the finance clerks)."""

import uuid

from django.contrib.auth.management import create_permissions
from django.db import migrations

CLERK_PERMISSIONS = [
    ("disclosures", "add_fund"),
    ("disclosures", "change_fund"),
    ("disclosures", "view_fund"),
    ("disclosures", "add_category"),
    ("disclosures", "change_category"),
    ("disclosures", "view_category"),
    ("disclosures", "add_budget"),
    ("disclosures", "change_budget"),
    ("disclosures", "delete_budget"),
    ("disclosures", "view_budget"),
    ("disclosures", "view_period"),
    ("disclosures", "change_period"),
    ("disclosures", "add_ledgerentry"),
    ("disclosures", "change_ledgerentry"),
    ("disclosures", "delete_ledgerentry"),
    ("disclosures", "view_ledgerentry"),
    ("complaints", "add_complaint"),
    ("complaints", "change_complaint"),
    ("complaints", "view_complaint"),
    ("complaints", "view_complaintcategory"),
]
OVERSIGHT_PERMISSIONS = [
    ("disclosures", "view_fund"),
    ("disclosures", "view_category"),
    ("disclosures", "view_budget"),
    ("disclosures", "view_period"),
    ("disclosures", "view_ledgerentry"),
]
CATEGORY = {
    "slug": "finance-question",
    "zh": ("财务公开咨询", "对公开的收支明细或民生项目有疑问，由社区财务人员在5个工作日内答复。"),
    "en": (
        "Questions about the accounts",
        "A question about a published income or expense, or about a project: the finance "
        "clerks answer within 5 working days.",
    ),
}


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Locale = apps.get_model("wagtailcore", "Locale")
    Category = apps.get_model("complaints", "ComplaintCategory")

    for name, perms in (
        ("Finance clerks", CLERK_PERMISSIONS),
        ("Oversight group", OVERSIGHT_PERMISSIONS),
    ):
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )

    clerks = Group.objects.get(name="Finance clerks")
    key = uuid.uuid4()
    order = Category.objects.count()
    for language in ("zh-hans", "en"):
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None or Category.objects.filter(slug=CATEGORY["slug"], locale=locale).exists():
            continue
        name, description = CATEGORY["zh" if language == "zh-hans" else "en"]
        Category.objects.create(
            locale=locale,
            translation_key=key,
            slug=CATEGORY["slug"],
            name=name,
            description=description,
            owner="department",
            department=clerks,
            deadline_days=5,
            escalate_after_days=1,
            sort_order=order,
        )


def backwards(apps, schema_editor):
    Category = apps.get_model("complaints", "ComplaintCategory")
    Complaint = apps.get_model("complaints", "Complaint")
    if not Complaint.objects.filter(category__slug=CATEGORY["slug"]).exists():
        Category.objects.filter(slug=CATEGORY["slug"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0002_seal_triggers"),
        ("accounts", "0002_roles"),
        ("complaints", "0003_supervisors"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
