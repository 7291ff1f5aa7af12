from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialmapPlatformConfig(AppConfig):
    """The platform side of the social map (public schema): HSDS exchange and search indexes."""

    name = "socialmap_platform"
    verbose_name = _("Social map exchange")
