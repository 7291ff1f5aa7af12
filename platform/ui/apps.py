from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UiConfig(AppConfig):
    """Page parts every app's pages share: form widgets with their templates."""

    name = "ui"
    verbose_name = _("Page parts")
