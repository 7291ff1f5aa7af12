"""Theme URLs on every buurtsite's host: the editor, the preview and the built files."""

from django.urls import path

from themes import views
from themes.selectors import FILES_PATH

app_name = "themes"

urlpatterns = [
    path("thema/", views.editor, name="editor"),
    path("thema/controleren/", views.check, name="check"),
    path("thema/status/", views.status, name="status"),
    path("thema/voorinstelling/", views.preset, name="preset"),
    path("thema/terugzetten/", views.rollback, name="rollback"),
    path("thema/concept/<str:kind>", views.draft_file, name="draft_file"),
    path("thema/voorbeeld/", views.start_preview_view, name="preview"),
    path("thema/voorbeeld/stoppen/", views.stop_preview_view, name="stop_preview"),
    path("thema/voorbeeld/openen/", views.open_preview_link, name="open_preview"),
    path("thema/voorbeeld/stijl.css", views.preview_stylesheet, name="preview_stylesheet"),
    path("thema/voorbeeld/<str:kind>", views.preview_file, name="preview_file"),
    path(f"{FILES_PATH}<int:build_id>/<str:name>", views.built_file, name="file"),
    path("favicon.ico", views.favicon, name="favicon"),
]
