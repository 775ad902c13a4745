"""The portal's pages without the complaints app, as on a portal that has not installed it."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls

urlpatterns = i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
