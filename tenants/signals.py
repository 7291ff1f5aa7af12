"""Keep the host map honest: any change to a domain or buurtsite invalidates it.

This is cache upkeep, not a business rule, so it listens to every write path (actions, admin,
shell) rather than relying on each of them to remember it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tenants.models import Buurtsite, Domain
from tenants.resolution import host_map


@receiver([post_save, post_delete], sender=Domain)
@receiver([post_save, post_delete], sender=Buurtsite)
def invalidate_host_map(**kwargs: Any) -> None:
    # Now, for this process; and after commit, so no process caches the uncommitted past.
    host_map.forget()
    transaction.on_commit(host_map.forget)
