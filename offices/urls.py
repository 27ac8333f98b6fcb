from django.urls import path

from . import official_views, user_views, views

app_name = "offices"

urlpatterns = [
    path("kantor/", views.OfficeListView.as_view(), name="list"),
    path("kantor/<int:pk>/", views.OfficeDetailView.as_view(), name="detail"),
    path("kantor/<int:pk>/ubah/", views.OfficeUpdateView.as_view(), name="update"),
    path("kantor/aktif/", views.switch_office, name="switch"),
    path("kantor/<int:pk>/pejabat/", official_views.official_list, name="officials"),
    path(
        "kantor/<int:pk>/pejabat/<int:official_pk>/",
        official_views.official_update,
        name="official-update",
    ),
    path("pengguna/", user_views.UserListView.as_view(), name="user-list"),
    path("pengguna/baru/", user_views.UserCreateView.as_view(), name="user-create"),
    path("pengguna/<int:pk>/", user_views.UserDetailView.as_view(), name="user-detail"),
    path("pengguna/<int:pk>/peran/", user_views.membership_add, name="membership-add"),
    path(
        "pengguna/<int:pk>/peran/<int:membership_pk>/hapus/",
        user_views.membership_remove,
        name="membership-remove",
    ),
    path("pengguna/<int:pk>/status/", user_views.user_set_active, name="user-set-active"),
]
