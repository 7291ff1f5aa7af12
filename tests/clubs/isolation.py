"""Helpers for the isolation tests of clubs, news and the agenda."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model
from django_tenants.utils import tenant_context

from tenants.models import Buurtsite

M = TypeVar("M", bound=Model)


def made_only_in(home: Buurtsite, other: Buurtsite, make: Callable[[], M]) -> M:
    """An object made in `home` whose id does not exist in `other` (ids are per schema, so
    the same number can exist in both; then we make another)."""
    for _attempt in range(50):
        with tenant_context(home):
            made = make()
        with tenant_context(other):
            if not type(made)._default_manager.filter(pk=made.pk).exists():
                return made
    raise AssertionError("Could not make an id that is unknown on the other buurtsite.")
