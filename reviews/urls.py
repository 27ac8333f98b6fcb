from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.review_detail, name="detail"),
]
