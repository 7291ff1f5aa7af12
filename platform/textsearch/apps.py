from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextsearchConfig(AppConfig):
    name = "textsearch"
    verbose_name = _("Dutch text search")
