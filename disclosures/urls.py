from django.urls import path

from complaints.intake import question_view
from disclosures import views
from disclosures.questions import ENTRY, PROJECT

app_name = "disclosures"

urlpatterns = [
    path("ask/entry/<int:pk>/", question_view(ENTRY), name="ask_entry"),
    path("ask/project/<int:pk>/", question_view(PROJECT), name="ask_project"),
    path("entry/<int:pk>/", views.entry_link, name="entry"),
    path("project/<int:pk>/", views.project_link, name="project"),
]
