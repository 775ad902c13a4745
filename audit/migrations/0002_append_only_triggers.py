"""Database triggers that refuse UPDATE and DELETE of audit entries (``audit/triggers.py``)."""

from django.db import migrations


def install(apps, schema_editor):
    from audit import triggers

    for statement in triggers.install_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def remove(apps, schema_editor):
    from audit import triggers

    for statement in triggers.remove_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
