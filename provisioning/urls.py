from django.urls import path

from provisioning import views

urlpatterns = [
    path("caddy/ask/", views.certificate_ask, name="certificate_ask"),
]
