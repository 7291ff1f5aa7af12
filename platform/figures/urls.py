from django.urls import path

from figures import views

app_name = "figures"

urlpatterns = [
    path("cijfers/", views.figures_page, name="page"),
    path("cijfers/cijfers.csv", views.figures_csv, name="csv"),
]
