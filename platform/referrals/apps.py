from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Help requests")

    def ready(self) -> None:
        from members import attention, privacy
        from referrals.actions import erase_referrals_data
        from referrals.sections import open_help_requests_section
        from referrals.selectors import referrals_data

        privacy.register("referrals", export=referrals_data, erase=erase_referrals_data)
        attention.register("open_help_requests", open_help_requests_section, order=20)
