"""Officials read course rosters (and export them); nobody edits them in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="education", codename="view_enrolment")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group, _created = Group.objects.get_or_create(name="Officials")
    group.permissions.add(view, access_admin)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    view = Permission.objects.filter(content_type__app_label="education", codename="view_enrolment")
    for group in Group.objects.filter(name="Officials"):
        group.permissions.remove(*view)


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0001_initial"),
        ("accounts", "0002_roles"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
