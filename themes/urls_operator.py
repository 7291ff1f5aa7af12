"""Theme URLs in the operator area of the platform host (/beheer/themes/)."""

from django.urls import path

from themes import views

app_name = "themes_operator"

urlpatterns = [
    path("", views.operator_overview, name="overview"),
    path("<slug:slug>/", views.operator_editor, name="editor"),
    path("<slug:slug>/controleren/", views.operator_check, name="check"),
    path("<slug:slug>/status/", views.operator_status, name="status"),
    path("<slug:slug>/voorinstelling/", views.operator_preset, name="preset"),
    path("<slug:slug>/terugzetten/", views.operator_rollback, name="rollback"),
    path("<slug:slug>/voorbeeld/", views.operator_preview, name="preview"),
    path("<slug:slug>/concept/<str:kind>", views.operator_draft_file, name="draft_file"),
]
