from django.urls import path, re_path

from complaints.open311 import views

app_name = "open311"

FMT = "<str:fmt>"

urlpatterns = [
    path(f"discovery.{FMT}", views.discovery, name="discovery"),
    path("openapi.json", views.openapi, name="openapi"),
    path(f"services.{FMT}", views.service_list, name="services"),
    path(f"services/<str:code>.{FMT}", views.service_definition, name="service"),
    path(f"requests.{FMT}", views.requests, name="requests"),
    path(f"requests/<str:number>.{FMT}", views.request_detail, name="request"),
    path(f"tokens/<str:token>.{FMT}", views.token_detail, name="token"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
