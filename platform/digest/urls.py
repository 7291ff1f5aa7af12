from django.urls import path

from digest import views

app_name = "digest"

urlpatterns = [
    path("weekmail/afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("weekmail/aanmelden/<str:token>/", views.resubscribe, name="resubscribe"),
]
