from django.urls import path

from marketplace import views

app_name = "marketplace"

urlpatterns = [
    path("marktplaats/", views.item_list, name="list"),
    path("marktplaats/nieuw/", views.new_item, name="new"),
    path("marktplaats/<int:item_id>/", views.item_detail, name="item"),
    path("marktplaats/<int:item_id>/bewerken/", views.edit_item, name="edit"),
    path("marktplaats/<int:item_id>/status/", views.change_state, name="state"),
    path("marktplaats/<int:item_id>/reageren/", views.react, name="react"),
    path("marktplaats/<int:item_id>/verbergen/", views.hide, name="hide"),
    path("marktplaats/<int:item_id>/tonen/", views.show_again, name="show_again"),
    path("marktplaats/<int:item_id>/foto/<int:photo_id>/", views.photo, name="photo"),
    path(
        "marktplaats/<int:item_id>/foto/<int:photo_id>/verwijderen/",
        views.delete_photo,
        name="delete_photo",
    ),
]
