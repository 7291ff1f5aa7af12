"""URLs of every buurtsite (the tenant schemas)."""

from django.urls import include, path

from mijnbuurtje import views

urlpatterns = [
    path("", views.buurtsite_home, name="home"),
    # Four allauth pages answer 400 on bad input (members.account_views); the rest is allauth's.
    path("account/", include("members.account_urls")),
    path("account/", include("allauth.urls")),
    path("", include("members.urls")),
    path("", include("messaging.urls")),
    path("", include("moderation.urls")),
    path("", include("themes.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
