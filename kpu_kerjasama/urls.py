from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from agreements import urls as agreement_urls
from core import views as core_views
from dashboards import views as dashboard_views
from evaluations import agreement_list

# The agreement list and its export carry the monev "tanpa tindak lanjut" filter and column,
# which agreements cannot import: evaluations serves them under agreements' own names.
agreement_patterns = [
    path("", agreement_list.AgreementListView.as_view(), name="list"),
    path("ekspor/", agreement_list.agreement_export, name="export"),
    *agreement_urls.urlpatterns,
]

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("masuk/", dashboard_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "kata-sandi/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("sehat/", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("akun/kolom/", core_views.table_columns, name="table-columns"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("offices.urls")),
    path("mitra/", include("partners.urls")),
    path("kerja-sama/", include((agreement_patterns, "agreements"))),
    path("monev/", include("evaluations.urls")),
    path("verifikasi/", include("reviews.urls")),
    path("notifikasi/", include("notifications.urls")),
    path("dasbor/", include("dashboards.urls")),
    path("admin/", admin.site.urls),
]
