from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
