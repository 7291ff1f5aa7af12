"""Polls, consultations and announcements for tests, made through the real actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from participation import actions
from participation.models import Participation
from tenants.models import Buurtsite
from tests.members.factories import make_member


def make_poll(
    author: User,
    *,
    title: str = "Waar komt het nieuwe bankje?",
    options: tuple[str, ...] = ("Bij de speeltuin", "Aan de Ubbergseweg", "Op het pleintje"),
    multiple_choice: bool = False,
    closed: bool = False,
) -> Participation:
    poll = actions.publish_poll(
        title=title,
        body="Kies de plek die jij het fijnst vindt.",
        options=options,
        multiple_choice=multiple_choice,
        closes_at=timezone.now() + timedelta(days=7),
        acting_user=author,
    )
    if closed:
        close(poll)
    return poll


def make_consultation(
    author: User, *, title: str = "Wat vind jij van de groene straat?", closed: bool = False
) -> Participation:
    consultation = actions.publish_consultation(
        title=title,
        body="Wat moet er volgens jou beter in de Groesbeekseweg?",
        closes_at=timezone.now() + timedelta(days=14),
        acting_user=author,
    )
    if closed:
        close(consultation)
    return consultation


def close(item: Participation) -> None:
    """Let the deadline pass (the closing task has not run yet)."""
    Participation.objects.filter(pk=item.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    item.refresh_from_db()


@pytest.fixture
def municipality_staff(in_oost: Buurtsite) -> User:
    return make_member(name="Gerda Gemeente", role=User.Role.MUNICIPALITY)


@pytest.fixture(autouse=True)
def _without_demo_participation(oost: Buurtsite, lindenholt: Buurtsite) -> None:
    """The demo's polls and consultations go, inside this test's transaction only."""
    for buurtsite in (oost, lindenholt):
        with tenant_context(buurtsite):
            Participation.objects.all().delete()
