"""Posts for tests, made in the active buurtsite schema."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from exchange.actions import load_default_categories, record_search_words
from exchange.models import Area, Category, Post
from tenants.models import Buurtsite


@pytest.fixture
def categories(in_oost: Buurtsite) -> list[Category]:
    load_default_categories()
    return list(Category.objects.order_by("position"))


def make_post(
    author: User,
    *,
    title: str = "Wie helpt mij met de tuin?",
    description: str = "Het gras moet gemaaid worden.",
    kind: str = Post.Kind.REQUEST,
    category: Category | None = None,
    area: Area | None = None,
    days: int = 30,
    **fields: Any,
) -> Post:
    """A post written straight to the database: for lists, search and expiry, not posting."""
    if category is None:
        load_default_categories()
        category = Category.objects.order_by("position").first()
    assert category is not None
    if fields.get("status") == Post.Status.CLOSED:
        fields.setdefault("closed_at", timezone.now())
    post = Post.objects.create(
        author=author,
        title=title,
        description=description,
        kind=kind,
        category=category,
        area=area,
        expires_at=timezone.now() + datetime.timedelta(days=days),
        **fields,
    )
    record_search_words(post)
    return post
