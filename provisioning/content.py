"""Default content of a new buurtsite, asked of each app rather than known here.

An app that has something to put in a new buurtsite (categories, a welcome page, house rules)
gives its AppConfig a method `load_default_content(self, buurtsite)`. It runs inside the
buurtsite's schema and must be idempotent: a provisioning step can run twice.
"""

from __future__ import annotations

from django.apps import apps
from django_tenants.utils import tenant_context

from tenants.models import Buurtsite


def load_default_content(buurtsite: Buurtsite) -> list[str]:
    """Let every app that offers default content load it; return the labels of those apps."""
    loaded = []
    with tenant_context(buurtsite):
        for config in apps.get_app_configs():
            loader = getattr(config, "load_default_content", None)
            if callable(loader):
                loader(buurtsite)
                loaded.append(config.label)
    return loaded
