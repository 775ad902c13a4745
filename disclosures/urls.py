from django.urls import path

from disclosures import views

app_name = "disclosures"

urlpatterns = [
    path("ask/entry/<int:pk>/", views.ask_entry, name="ask_entry"),
    path("ask/project/<int:pk>/", views.ask_project, name="ask_project"),
    path("entry/<int:pk>/", views.entry_link, name="entry"),
    path("project/<int:pk>/", views.project_link, name="project"),
]
