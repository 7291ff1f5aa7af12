from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Themes")

    def ready(self) -> None:
        from themes import signals  # noqa: F401  (connects the file upkeep)
