"""The app's URLs plus one view that fails, for the error-page tests."""

from django.urls import path

from kpu_kerjasama.urls import urlpatterns as app_urlpatterns


def boom(request):
    raise RuntimeError("rahasia-tumpukan")


urlpatterns = [path("uji/gagal/", boom), *app_urlpatterns]
