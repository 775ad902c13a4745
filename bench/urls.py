"""The portal's URLs plus the bare baseline view; used only by ``bench.settings``."""

from django.urls import path

from bench import views
from portal.urls import urlpatterns as portal_urlpatterns

handler500 = "portal.views.server_error"

urlpatterns = [path("bench/bare/", views.bare, name="bench_bare"), *portal_urlpatterns]
