from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("vraag-en-aanbod/", views.post_list, name="list"),
    path("vraag-en-aanbod/nieuw/", views.new_post, name="new"),
    path("vraag-en-aanbod/suggesties/", views.suggestions, name="suggestions"),
    path("vraag-en-aanbod/bedankjes/", views.thanks_list, name="thanks_list"),
    path("vraag-en-aanbod/<int:post_id>/", views.post_detail, name="detail"),
    path("vraag-en-aanbod/<int:post_id>/foto/", views.post_photo, name="photo"),
    path("vraag-en-aanbod/<int:post_id>/bewerken/", views.edit_post, name="edit"),
    path("vraag-en-aanbod/<int:post_id>/intrekken/", views.withdraw_post, name="withdraw"),
    path("vraag-en-aanbod/<int:post_id>/sluiten/", views.close_post, name="close"),
    path("vraag-en-aanbod/<int:post_id>/heropenen/", views.reopen_post, name="reopen"),
    path("vraag-en-aanbod/<int:post_id>/verlengen/", views.extend_post, name="extend"),
    path("vraag-en-aanbod/<int:post_id>/reageren/", views.react, name="react"),
    path("vraag-en-aanbod/<int:post_id>/geholpen/", views.help_found, name="help_found"),
    path("vraag-en-aanbod/match/<int:match_id>/bedankje/", views.write_thanks, name="thanks"),
    path(
        "vraag-en-aanbod/match/<int:match_id>/toestemming/",
        views.thanks_consent,
        name="thanks_consent",
    ),
    path(
        "buurtverbinder/vraag-en-aanbod/<int:post_id>/",
        views.moderate_post,
        name="moderate",
    ),
    path(
        "buurtverbinder/vraag-en-aanbod/<slug:which>/",
        views.manage_choices,
        name="manage_choices",
    ),
    path(
        "buurtverbinder/vraag-en-aanbod/<slug:which>/<int:item_id>/",
        views.change_choice,
        name="change_choice",
    ),
]
