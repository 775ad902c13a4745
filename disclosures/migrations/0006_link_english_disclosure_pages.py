"""Link the English disclosure pages made before as translations of the Chinese ones.

They were created as aliases with a new translation key, so the language switch on a Chinese
disclosure page could not find its English page.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    DisclosurePage = apps.get_model("disclosures", "DisclosurePage")
    Page = apps.get_model("wagtailcore", "Page")
    chinese = {
        page.period_id: page.translation_key
        for page in DisclosurePage.objects.filter(locale__language_code="zh-hans")
    }
    for page in DisclosurePage.objects.exclude(locale__language_code="zh-hans"):
        key = chinese.get(page.period_id)
        if key is None or key == page.translation_key:
            continue
        if Page.objects.filter(translation_key=key, locale_id=page.locale_id).exists():
            continue
        Page.objects.filter(pk=page.pk).update(translation_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0005_digest_v2"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
