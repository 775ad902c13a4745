"""Name the notice workflow and its task in Chinese: the admin shows these names as they are
("提交给…" on the editor's button), and the committee's editors work in Chinese."""

from django.db import migrations

NAMES = [
    ("Workflow", "Notice moderation", "通知公告审核"),
    ("GroupApprovalTask", "Moderators approve the notice", "审核员审批通知"),
]


def rename(apps, schema_editor, forward=True):
    for model_name, english, chinese in NAMES:
        model = apps.get_model("wagtailcore", model_name)
        old, new = (english, chinese) if forward else (chinese, english)
        model.objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("notices", "0002_moderation_workflow")]

    operations = [migrations.RunPython(rename, rename_back)]
