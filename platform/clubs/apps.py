from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubsConfig(AppConfig):
    name = "clubs"
    verbose_name = _("Clubs and associations")

    def ready(self) -> None:
        from clubs.actions import erase_club_data
        from clubs.digest import new_clubs_section
        from clubs.selectors import clubs_data
        from digest import sections as digest_sections
        from members import privacy

        privacy.register("clubs", export=clubs_data, erase=erase_club_data)
        digest_sections.register("clubs", new_clubs_section, order=70)
