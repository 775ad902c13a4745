"""The portal's roles as groups with the permissions each needs (see docs/roles.md).

Wagtail creates Editors and Moderators with page, image and document permissions on the root;
this adds the portal's other roles and the model permissions of the apps that exist so far.
Apps that come later grant their own model permissions in their own migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# group name -> (app_label, codename) model permissions, on top of Wagtail's own.
ROLE_PERMISSIONS = {
    "Editors": [
        ("wagtailadmin", "access_admin"),
    ],
    "Moderators": [
        ("wagtailadmin", "access_admin"),
        ("home", "change_portalsettings"),
    ],
    "Officials": [
        ("wagtailadmin", "access_admin"),
        ("community", "view_grid"),
        ("community", "view_building"),
        ("community", "change_building"),
        ("community", "view_household"),
        ("community", "add_household"),
        ("community", "change_household"),
        ("community", "view_residency"),
        ("community", "change_residency"),
    ],
    "Finance clerks": [
        ("wagtailadmin", "access_admin"),
    ],
    "Oversight group": [
        ("wagtailadmin", "access_admin"),
    ],
}

# Finance clerks upload scanned vouchers; they need the document library.
COLLECTION_PERMISSIONS = {
    "Finance clerks": [
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
}


def ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )

    root_collection = Collection.objects.filter(depth=1).first()
    for name, perms in COLLECTION_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        for app_label, codename in perms:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Officials", "Finance clerks", "Oversight group"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("community", "0001_initial"),
        ("home", "0002_locales"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
