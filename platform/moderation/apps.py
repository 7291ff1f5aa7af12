from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from members import attention, privacy
        from moderation import registry
        from moderation.actions import erase_moderation_data
        from moderation.profiles import PROFILES
        from moderation.sections import open_reports_section
        from moderation.selectors import moderation_data

        registry.register(PROFILES)
        privacy.register("moderation", export=moderation_data, erase=erase_moderation_data)
        attention.register("open_reports", open_reports_section, order=20)
