"""Officials see results, record off-line ballots, approve fund projects and moderate comments;
Supervisors see every poll's results too."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Officials": [
        "view_poll_results",
        "approve_project",
        "record_offline_ballot",
        "view_participation",
        "moderate_comments",
        "publish_response",
    ],
    "Supervisors": ["view_poll_results"],
}


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("polls")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="polls", codename__in=codenames)
        )


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="polls").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("polls", "0001_initial"),
        ("accounts", "0002_roles"),
        ("complaints", "0003_supervisors"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
