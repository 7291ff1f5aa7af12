from django.urls import path

from organisations import operator

app_name = "organisations_operator"

urlpatterns = [
    path("", operator.organisations, name="organisations"),
    path("nieuw/", operator.create_organisation, name="create"),
    path("wijzigingen/", operator.review, name="review"),
    path("wijzigingen/<int:version_id>/", operator.change, name="change"),
    path("wijzigingen/<int:version_id>/gezien/", operator.mark_seen, name="mark_seen"),
    path("wijzigingen/<int:version_id>/terugzetten/", operator.revert, name="revert"),
]
