from django.urls import path

from organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.home, name="home"),
    path("kiezen/", views.choose_organisation, name="choose"),
    path("geen-organisatie/", views.no_organisation, name="no_organisation"),
    path("profiel/", views.edit_profile, name="profile"),
    path("profiel/logo/", views.upload_logo, name="upload_logo"),
    path("profiel/fotos/", views.add_organisation_photo, name="add_photo"),
    path("profiel/fotos/verwijderen/", views.remove_organisation_photo, name="remove_photo"),
    path("buurtsites/", views.edit_buurtsites, name="buurtsites"),
    path("diensten/", views.services, name="services"),
    path("diensten/nieuw/", views.edit_service, name="new_service"),
    path("diensten/<int:service_id>/", views.edit_service, name="service"),
    path("diensten/<int:service_id>/klopt-nog/", views.confirm_service, name="confirm_service"),
    path("diensten/<int:service_id>/tonen/", views.withdraw_service, name="withdraw_service"),
    path("diensten/<int:service_id>/fotos/", views.add_service_photo, name="add_service_photo"),
    path(
        "diensten/<int:service_id>/fotos/verwijderen/",
        views.remove_service_photo,
        name="remove_service_photo",
    ),
    path("locaties/", views.locations, name="locations"),
    path("locaties/nieuw/", views.edit_location, name="new_location"),
    path("locaties/<int:location_id>/", views.edit_location, name="location"),
    path("locaties/<int:location_id>/verwijderen/", views.remove_location, name="remove_location"),
    path("professionals/", views.professionals, name="professionals"),
    path("professionals/nieuw/", views.edit_professional, name="new_professional"),
    path("professionals/<int:professional_id>/", views.edit_professional, name="professional"),
    path(
        "professionals/<int:professional_id>/foto/",
        views.upload_professional_photo,
        name="professional_photo",
    ),
    path("team/", views.team, name="team"),
    path("team/<int:membership_id>/verwijderen/", views.remove_member, name="remove_member"),
    path("uitnodiging/<str:token>/", views.accept_invitation, name="invitation"),
    path("geschiedenis/", views.history, name="history"),
    path("geschiedenis/<int:version_id>/", views.history_detail, name="history_detail"),
]

# Public photos: included on the platform host and on every buurtsite (see mijnbuurtje.urls).
photo_urlpatterns = [
    path("organisaties/foto/<path:name>", views.photo, name="organisation_photo"),
]
