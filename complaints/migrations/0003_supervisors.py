"""The Supervisors group: receives the complaints escalated by ``manage.py complaints_digest``
and may see and act on every complaint."""

from django.db import migrations

SUPERVISORS = "Supervisors"
PERMISSIONS = [
    "add_complaint",
    "change_complaint",
    "view_complaint",
    "view_complaintcategory",
    "view_calendarday",
    "handle_all_complaints",
]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=SUPERVISORS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        *Permission.objects.filter(content_type__app_label="complaints", codename__in=PERMISSIONS),
    )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SUPERVISORS).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_roles_and_categories")]

    operations = [migrations.RunPython(forwards, backwards)]
