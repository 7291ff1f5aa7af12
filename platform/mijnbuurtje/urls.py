"""URLs of every buurtsite (the tenant schemas)."""

from django.urls import include, path

from mijnbuurtje import views

urlpatterns = [
    path("", views.buurtsite_home, name="home"),
    path("account/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
