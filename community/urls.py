from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("join/", views.join_household, name="join"),
]
