from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self) -> None:
        from agenda.actions import erase_agenda_data
        from agenda.sections import club_activities_section, upcoming_digest_section
        from agenda.selectors import agenda_data
        from clubs import pages
        from digest import sections as digest_sections
        from members import privacy

        privacy.register("agenda", export=agenda_data, erase=erase_agenda_data)
        digest_sections.register("agenda", upcoming_digest_section, order=30)
        pages.register("agenda", club_activities_section, order=20)
