from collections.abc import Iterator

import pytest
from django_tenants.utils import tenant_context

from exchange.models import Post
from tenants.models import Buurtsite
from tests.exchange.factories import categories
from tests.members.factories import (
    _media_in_a_temporary_folder,
    buurtverbinder,
    neighbour,
    resident,
)

__all__ = [
    "_media_in_a_temporary_folder",
    "buurtverbinder",
    "categories",
    "neighbour",
    "resident",
]


@pytest.fixture(autouse=True)
def _without_demo_posts(oost: Buurtsite, lindenholt: Buurtsite) -> Iterator[None]:
    """The demo's posts would show up in every list: each test starts without them."""
    for buurtsite in (oost, lindenholt):
        with tenant_context(buurtsite):
            Post.objects.all().delete()
    yield
