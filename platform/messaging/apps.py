from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from members import attention, privacy
        from messaging.actions import erase_messaging_data
        from messaging.reporting import MESSAGES
        from messaging.sections import unanswered_section
        from messaging.selectors import messaging_data
        from moderation import registry

        registry.register(MESSAGES)
        privacy.register("messaging", export=messaging_data, erase=erase_messaging_data)
        attention.register("unanswered_messages", unanswered_section, order=30)
