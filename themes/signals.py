"""File upkeep: when a theme goes (its buurtsite was deleted), its files go too, after commit.

Upkeep, not a business rule, so it listens to every path that deletes (provisioning, the admin,
a shell) rather than relying on each of them to remember it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from tenants.models import Buurtsite
from themes import storage
from themes.models import Theme


@receiver(post_delete, sender=Theme)
def remove_theme_files(instance: Theme, **kwargs: Any) -> None:
    # Dependents are deleted before the buurtsite itself: its row is still there to read.
    schema_name = (
        Buurtsite.objects.filter(pk=instance.buurtsite_id)
        .values_list("schema_name", flat=True)
        .first()
    )
    if schema_name:
        transaction.on_commit(lambda: storage.remove_buurtsite_files(schema_name))
