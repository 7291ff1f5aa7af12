from django.urls import path

from socialmap import views

app_name = "socialmap"

urlpatterns = [
    path("hulp-vinden/", views.find_help, name="find_help"),
    path("hulp-vinden/dienst/<int:service_id>/", views.city_service, name="city_service"),
    path(
        "hulp-vinden/dienst/<int:service_id>/doorverwijzen/",
        views.refer_to_city_service,
        name="refer_to_city_service",
    ),
    path("hulp-vinden/buurt/<int:service_id>/", views.local_service, name="local_service"),
    path(
        "hulp-vinden/buurt/<int:service_id>/doorverwijzen/",
        views.refer_to_local_service,
        name="refer_to_local_service",
    ),
    path(
        "hulp-vinden/professional/<int:professional_id>/",
        views.professional_page,
        name="professional",
    ),
    path(
        "hulp-vinden/professional/<int:professional_id>/doorverwijzen/",
        views.refer_to_professional,
        name="refer_to_professional",
    ),
    path("hulp-vinden/beheer/", views.local_entries, name="local_entries"),
    path(
        "hulp-vinden/beheer/organisatie/nieuw/",
        views.new_local_organisation,
        name="new_local_organisation",
    ),
    path(
        "hulp-vinden/beheer/organisatie/<int:organisation_id>/",
        views.edit_local_organisation,
        name="edit_local_organisation",
    ),
    path(
        "hulp-vinden/beheer/organisatie/<int:organisation_id>/intrekken/",
        views.withdraw_local_organisation,
        name="withdraw_local_organisation",
    ),
    path(
        "hulp-vinden/beheer/organisatie/<int:organisation_id>/dienst/nieuw/",
        views.new_local_service,
        name="new_local_service",
    ),
    path(
        "hulp-vinden/beheer/organisatie/<int:organisation_id>/plek/nieuw/",
        views.new_local_place,
        name="new_local_place",
    ),
    path(
        "hulp-vinden/beheer/dienst/<int:service_id>/",
        views.edit_local_service,
        name="edit_local_service",
    ),
    path(
        "hulp-vinden/beheer/dienst/<int:service_id>/intrekken/",
        views.withdraw_local_service,
        name="withdraw_local_service",
    ),
    path(
        "hulp-vinden/beheer/plek/<int:place_id>/", views.edit_local_place, name="edit_local_place"
    ),
    path("hulp-vinden/wijzigingen/", views.review, name="review"),
    path("hulp-vinden/wijzigingen/<int:version_id>/", views.change, name="change"),
    path("hulp-vinden/wijzigingen/<int:version_id>/gezien/", views.mark_seen, name="mark_seen"),
]
