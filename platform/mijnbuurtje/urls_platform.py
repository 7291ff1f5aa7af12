"""URLs of the platform host (the public schema): marketing page, operator console, health."""

from django.contrib import admin
from django.urls import include, path

from mijnbuurtje import views

admin.site.site_header = "Mijnbuurtje – beheer"
admin.site.site_title = "Mijnbuurtje"

urlpatterns = [
    path("", views.platform_home, name="home"),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", views.health, name="health"),
    path("", include("provisioning.urls")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
