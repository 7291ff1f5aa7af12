from django.urls import path

from participation import views

app_name = "participation"

urlpatterns = [
    path("meedoen/", views.participation_list, name="list"),
    path("meedoen/nieuw/<slug:kind>/", views.publish, name="publish"),
    path("meedoen/<int:pk>/", views.detail, name="detail"),
    path("meedoen/<int:pk>/stemmen/", views.vote, name="vote"),
    path("meedoen/<int:pk>/reageren/", views.react, name="react"),
    path("meedoen/<int:pk>/uitslag.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("meedoen/<int:pk>/uitslag.json", views.export, {"fmt": "json"}, name="export_json"),
]
