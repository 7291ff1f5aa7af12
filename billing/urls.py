from django.urls import path

from billing import views

urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="billing_stripe_webhook"),
    path("facturen/<str:token>/", views.invoices, name="billing_invoices"),
    path("portaal/licentie/", views.licence, name="billing_licence"),
    path("portaal/licentie/beheren/", views.licence_portal, name="billing_licence_portal"),
]
