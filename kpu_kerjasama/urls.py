from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from agreements import partner_detail
from agreements import urls as agreement_urls
from core import views as core_views
from dashboards import views as dashboard_views
from evaluations import agreement_detail, agreement_list
from partners import urls as partner_urls

# A higher app extends a lower app's page by subclassing its view; the page keeps the lower
# app's path and name. The agreement list, its export and the agreement page carry monev
# (the "tanpa tindak lanjut" filter and column, the evaluations panel), which agreements
# cannot import: evaluations serves them.
agreement_patterns = [
    path("", agreement_list.AgreementListView.as_view(), name="list"),
    path("ekspor/", agreement_list.agreement_export, name="export"),
    path("<int:pk>/", agreement_detail.AgreementDetailView.as_view(), name="detail"),
    *agreement_urls.urlpatterns,
]
# The partner page lists the agreements naming the partner, which partners cannot import.
partner_patterns = [
    path("<int:pk>/", partner_detail.PartnerDetailView.as_view(), name="detail"),
    *partner_urls.urlpatterns,
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
    path("mitra/", include((partner_patterns, "partners"))),
    path("kerja-sama/", include((agreement_patterns, "agreements"))),
    path("monev/", include("evaluations.urls")),
    path("verifikasi/", include("reviews.urls")),
    path("notifikasi/", include("notifications.urls")),
    path("dasbor/", include("dashboards.urls")),
    path("admin/", admin.site.urls),
]
