"""URLs of the platform host (the public schema): marketing page, operator console, health."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from mijnbuurtje import views

admin.site.site_header = "Mijnbuurtje – beheer"
admin.site.site_title = "Mijnbuurtje"
# Operators sign in through allauth, which asks for their second factor; never around it.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", views.platform_home, name="home"),
    path("account/", include("allauth.urls")),
    path("beheer/console/", include("provisioning.console_urls")),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", views.health, name="health"),
    path("", include("provisioning.urls")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
