"""The names the portal ships, in the other language; editors translate the site, names too.

Groups are created in English by the apps' migrations (code finds them by these names); the
notice workflow was named in Chinese (notices 0003); Wagtail's own workflow and task are
"Moderators approval"; the oversight sign-off is created, in English, with the first disclosure.
"""

from django.db import migrations

NAMES = [
    # (name as stored, language, translation)
    ("Moderators", "zh-hans", "审核员"),
    ("Editors", "zh-hans", "编辑"),
    ("Officials", "zh-hans", "社区工作人员"),
    ("Finance clerks", "zh-hans", "财务人员"),
    ("Oversight group", "zh-hans", "监督小组"),
    ("Sub-district office", "zh-hans", "街道办事处"),
    ("Service teams", "zh-hans", "公共服务"),
    ("Legal aid", "zh-hans", "法律援助"),
    ("Complaint intake", "zh-hans", "受理窗口"),
    ("Supervisors", "zh-hans", "督办人员"),
    ("Moderators approval", "zh-hans", "审核员审批"),
    ("Oversight sign-off", "zh-hans", "监督小组签核"),
    ("通知公告审核", "en", "Notice moderation"),
    ("审核员审批通知", "en", "Moderators approve the notice"),
]
TRANSLATOR_GROUPS = ["Editors"]
CODENAMES = [
    "add_nametranslation",
    "change_nametranslation",
    "delete_nametranslation",
    "view_nametranslation",
]


def add_names(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    NameTranslation = apps.get_model("portal", "NameTranslation")
    for source, language, text in NAMES:
        NameTranslation.objects.get_or_create(
            source=source, language=language, defaults={"text": text}
        )
    app_config = apps.get_app_config("portal")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="portal", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=TRANSLATOR_GROUPS):
        group.permissions.add(*permissions)


def remove_names(apps, schema_editor):
    NameTranslation = apps.get_model("portal", "NameTranslation")
    for source, language, _text in NAMES:
        NameTranslation.objects.filter(source=source, language=language).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_name_translations"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(add_names, remove_names)]
