"""Complaint intake and Supervisors issue, view and revoke partner API keys."""

from django.db import migrations

GROUPS = ["Complaint intake", "Supervisors"]
ACTIONS = {"add": "Can add Open311 API key", "change": "Can change Open311 API key",
           "view": "Can view Open311 API key"}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label="open311", model="apikey")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_apikey", defaults={"name": name}
        )[0]
        for action, name in ACTIONS.items()
    ]
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="open311", codename__in=[f"{a}_apikey" for a in ACTIONS]
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("open311", "0001_initial"),
        ("complaints", "0004_export_personal_data"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
