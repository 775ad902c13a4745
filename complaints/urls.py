from django.urls import path

from complaints import statistics_views, views
from complaints.answers import views as answer_views

app_name = "complaints"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("track/", views.track, name="track"),
    path("track/<str:number>/", views.detail, name="detail"),
    path("track/<str:number>/rate/", views.rate, name="rate"),
    path("t/<str:number>/<str:secret>/", views.secret_link, name="secret_link"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("answers/", answer_views.index, name="answers"),
    path("answers/<int:pk>/", answer_views.detail, name="answer"),
    path("statistics/", statistics_views.statistics_page, name="statistics"),
]
