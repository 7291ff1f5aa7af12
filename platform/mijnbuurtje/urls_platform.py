"""URLs of the platform host (the public schema): marketing page, operator console, health."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from mijnbuurtje import views
from organisations.urls import photo_urlpatterns as organisation_photo_urls

admin.site.site_header = "Mijnbuurtje – beheer"
admin.site.site_title = "Mijnbuurtje"
# Operators sign in through allauth, which asks for their second factor; never around it.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", views.platform_home, name="home"),
    # Before the admin: /beheer/themes/ is the operators' theme editor, not an admin page.
    path("beheer/themes/", include("themes.urls_operator")),
    path("account/", include("allauth.urls")),
    # Billing (issue #9): its console pages, Stripe's webhook, invoices, the licence pages.
    path("beheer/console/facturatie/", include("billing.console_urls")),
    path("", include("billing.urls")),
    path("beheer/console/", include("provisioning.console_urls")),
    path("beheer/organisaties/", include("organisations.operator_urls")),
    # The social map's HSDS API and the operator's import page (issue #8); before the admin.
    path("", include("socialmap_platform.urls")),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", views.health, name="health"),
    # The organisation portal (issue #8); organisation photos are public on every host.
    path("portaal/", include("organisations.urls")),
    path("", include(organisation_photo_urls)),
    path("", include("provisioning.urls")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
