"""The portal's URLs plus a stand-in ``complaints:new``, as when the complaints app is installed."""

from django.http import HttpResponse
from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns

complaints_patterns = (
    [path("new/", lambda request: HttpResponse("complaint form"), name="new")],
    "complaints",
)

urlpatterns = [path("complaints/", include(complaints_patterns)), *portal_urlpatterns]
