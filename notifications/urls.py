from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("lonceng/", views.bell, name="bell"),
    path("baca-semua/", views.mark_all_read, name="read-all"),
    path("preferensi/", views.preferences, name="preferences"),
    path("<int:pk>/baca/", views.mark_read, name="read"),
    path("<int:pk>/buka/", views.open_subject, name="open"),
]
