"""Filters for the officials' course roster in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from education.models import CoursePage, Enrolment, EnrolmentStatus


class EnrolmentFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("course"),
        queryset=CoursePage.objects.filter(locale__language_code="zh-hans").order_by("title"),
    )
    status = django_filters.MultipleChoiceFilter(label=_("status"), choices=EnrolmentStatus.choices)

    class Meta:
        model = Enrolment
        fields = ["course", "status"]
