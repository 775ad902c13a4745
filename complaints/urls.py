from django.urls import path

from complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("track/", views.track, name="track"),
    path("track/<str:number>/", views.detail, name="detail"),
    path("track/<str:number>/rate/", views.rate, name="rate"),
    path("t/<str:number>/<str:secret>/", views.secret_link, name="secret_link"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
