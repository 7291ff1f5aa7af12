from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Requests and offers")

    def ready(self) -> None:
        from digest import sections as digest
        from exchange.actions import erase_exchange_data
        from exchange.reporting import POSTS
        from exchange.sections import new_posts_digest, posts_without_reaction_section
        from exchange.selectors import exchange_data
        from members import attention, privacy
        from moderation import registry

        registry.register(POSTS)
        privacy.register("exchange", export=exchange_data, erase=erase_exchange_data)
        attention.register("posts_without_reaction", posts_without_reaction_section, order=35)
        digest.register("exchange", new_posts_digest, order=20)

    def load_default_content(self, buurtsite: Any) -> None:
        """The Dutch default categories; runs in the new buurtsite's schema, idempotent."""
        from exchange.actions import load_default_categories

        load_default_categories()
