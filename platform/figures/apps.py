from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = _("Figures")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from figures.actions import record_sign_in

        # Signing in is what makes a member "active" in a month: kept per member and month.
        user_logged_in.connect(record_sign_in, dispatch_uid="figures.record_sign_in")
