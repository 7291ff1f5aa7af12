from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from digest import sections
        from members import privacy
        from moderation import registry
        from participation.actions import erase_participation_data
        from participation.reporting import REACTIONS
        from participation.selectors import digest_section, participation_data

        privacy.register("participation", export=participation_data, erase=erase_participation_data)
        sections.register("participation", digest_section, order=60)
        registry.register(REACTIONS)
