from django.urls import path

from billing import console

urlpatterns = [
    path("", console.overview, name="billing_console"),
    path(
        "gemeenten/<int:municipality_id>/",
        console.municipality,
        name="billing_console_municipality",
    ),
    path(
        "gemeenten/<int:municipality_id>/gegevens/",
        console.update_details,
        name="billing_console_details",
    ),
    path(
        "gemeenten/<int:municipality_id>/facturen/<int:invoice_id>/betaald/",
        console.mark_paid,
        name="billing_console_mark_paid",
    ),
    path(
        "gemeenten/<int:municipality_id>/link/",
        console.renew_link,
        name="billing_console_renew_link",
    ),
]
