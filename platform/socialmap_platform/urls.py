"""The HSDS API (public) and the operator's import page, on the platform host."""

from django.urls import path

from socialmap_platform import views

app_name = "socialmap_platform"

urlpatterns = [
    path("api/hsds/<str:code>/", views.api_root, name="api_root"),
    path("api/hsds/<str:code>/services", views.api_services, name="api_services"),
    path("api/hsds/<str:code>/services/<str:identifier>", views.api_service, name="api_service"),
    path("api/hsds/<str:code>/organizations", views.api_organisations, name="api_organisations"),
    path(
        "api/hsds/<str:code>/organizations/<str:identifier>",
        views.api_organisation,
        name="api_organisation",
    ),
    path("beheer/sociale-kaart/", views.import_page, name="import"),
    path("beheer/sociale-kaart/<str:code>/export.json", views.export_file, name="export"),
]
