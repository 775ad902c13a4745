"""Complaints filed through the API before the Open311 channel existed were recorded as "web"."""

from django.db import migrations


def forwards(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    PartnerSubmission = apps.get_model("open311", "PartnerSubmission")
    Complaint.objects.filter(
        pk__in=PartnerSubmission.objects.values("complaint_id"), channel="web"
    ).update(channel="open311")


def backwards(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    Complaint.objects.filter(channel="open311").update(channel="web")


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0008_open311_channel"),
        ("open311", "0002_key_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
