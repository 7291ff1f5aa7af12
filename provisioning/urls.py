from django.urls import path

from provisioning import views

urlpatterns = [
    path("caddy/ask/", views.certificate_ask, name="certificate_ask"),
    path("bestellen/", views.order_buurtsite, name="order_buurtsite"),
    path("bestellen/ontvangen/", views.order_received, name="order_received"),
]
