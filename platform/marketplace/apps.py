from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        from digest import sections as digest
        from marketplace.actions import erase_marketplace_data
        from marketplace.digest import new_items_section
        from marketplace.reporting import ITEMS
        from marketplace.selectors import marketplace_data
        from members import privacy
        from moderation import registry

        registry.register(ITEMS)
        privacy.register("marketplace", export=marketplace_data, erase=erase_marketplace_data)
        digest.register("marketplace", new_items_section, order=40)
