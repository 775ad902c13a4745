"""Who tunes search: Editors and Moderators manage synonyms and dictionary words and read the
query reports; Officials read the reports. Promoted results use Wagtail's own permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Editors": [
        "add_synonym", "change_synonym", "delete_synonym", "view_synonym",
        "add_dictionaryword", "change_dictionaryword", "delete_dictionaryword",
        "view_dictionaryword", "view_queryday",
    ],
    "Moderators": [
        "add_synonym", "change_synonym", "delete_synonym", "view_synonym",
        "add_dictionaryword", "change_dictionaryword", "delete_dictionaryword",
        "view_dictionaryword", "view_queryday",
    ],
    "Officials": ["view_queryday"],
}
PROMOTION_PERMISSIONS = [
    "add_searchpromotion", "change_searchpromotion", "delete_searchpromotion",
    "view_searchpromotion",
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="portal_search", codename__in=codenames)
        )
        if group_name in ("Editors", "Moderators"):
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="wagtailsearchpromotions",
                    codename__in=PROMOTION_PERMISSIONS,
                )
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="portal_search")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0001_search_tuning"),
        ("accounts", "0002_roles"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
