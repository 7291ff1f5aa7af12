"""URLs of every buurtsite (the tenant schemas)."""

from django.urls import include, path

from mijnbuurtje import views
from organisations.urls import photo_urlpatterns as organisation_photo_urls

urlpatterns = [
    path("", views.buurtsite_home, name="home"),
    # Four allauth pages answer 400 on bad input (members.account_views); the rest is allauth's.
    path("account/", include("members.account_urls")),
    path("account/", include("allauth.urls")),
    path("", include("members.urls")),
    path("", include("messaging.urls")),
    path("", include("moderation.urls")),
    path("", include("exchange.urls")),
    path("", include("marketplace.urls")),
    path("", include("referrals.urls")),
    path("", include("figures.urls")),
    path("", include("themes.urls")),
    path("", include("participation.urls")),
    path("", include("digest.urls")),
    path("", include("news.urls")),
    path("", include("agenda.urls")),
    path("", include("clubs.urls")),
    path("", include(organisation_photo_urls)),
    path("", include("socialmap.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
