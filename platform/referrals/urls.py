from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("hulp/", views.my_help_requests, name="mine"),
    path("hulp/vragen/", views.ask, name="ask"),
    path("hulp/<int:help_request_id>/", views.my_help_request, name="my_detail"),
    path("buurtverbinder/hulpvragen/", views.queue, name="queue"),
    path("buurtverbinder/hulpvragen/<int:help_request_id>/", views.detail, name="detail"),
    path(
        "buurtverbinder/hulpvragen/<int:help_request_id>/doorverwijzen/",
        views.refer,
        name="refer",
    ),
    path(
        "buurtverbinder/hulpvragen/<int:help_request_id>/status/",
        views.change_state,
        name="state",
    ),
    path("buurtverbinder/hulpvragen/<int:help_request_id>/notitie/", views.add_note, name="note"),
]
