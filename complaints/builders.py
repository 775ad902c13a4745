"""Builders of complaints for tests: default categories, departments and web complaints."""

from django.contrib.auth.models import Group

from complaints import services
from complaints.models import ComplaintCategory


def category(slug: str, language: str = "zh-hans") -> ComplaintCategory:
    """One of the default categories made by the migration."""
    return ComplaintCategory.objects.get(slug=slug, locale__language_code=language)


def submit(**fields) -> services.Submission:
    """A web complaint with sensible defaults; pass any ``services.submit`` argument."""
    defaults = {
        "submission_key": services.new_submission_key(),
        "category": category(fields.pop("category_slug", "other")),
        "subject": "楼道灯坏了",
        "description": "3号楼2单元楼道灯一周不亮。",
        "address": "3号楼2单元",
        "contact_name": "王阿姨",
        "contact_phone": "13800000000",
        "contact_email": "wang@example.com",
    }
    defaults.update(fields)
    return services.submit(**defaults)


def department(name: str) -> Group:
    return Group.objects.get(name=name)
