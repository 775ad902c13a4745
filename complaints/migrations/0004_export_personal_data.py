"""A separate right to export complainants' names and contact details, for Complaint intake and
Supervisors. Other officials see them on screen for their own complaints, but their exports hold
only the case columns."""

from django.db import migrations

GROUPS = ["Complaint intake", "Supervisors"]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="complaints", model="complaint"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="export_personal_data",
        defaults={"name": "Can export complainants' names and contact details"},
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="complaints", codename="export_personal_data"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0003_supervisors"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="complaint",
            options={
                "ordering": ["deadline"],
                "permissions": [
                    ("handle_all_complaints", "Can triage and answer complaints of every grid"),
                    (
                        "export_personal_data",
                        "Can export complainants' names and contact details",
                    ),
                ],
                "verbose_name": "complaint",
                "verbose_name_plural": "complaints",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
