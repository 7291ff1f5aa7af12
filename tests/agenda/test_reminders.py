"""Reminders the day before: beat -> fan_out -> a task per buurtsite; once per person."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any, TypeVar

import pytest
from celery import current_app
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import connections
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from agenda.actions import cancel_sign_up, sign_up
from agenda.models import Activity, SignUp
from agenda.tasks import send_reminders
from members.actions import delete_account
from mijnbuurtje.celery import app
from tenants.models import Buurtsite
from tenants.tasks import BuurtsiteTask, fan_out
from tests.clubs.factories import make_activity
from tests.members.factories import make_member

T = TypeVar("T")


def test_beat_fans_the_reminders_out_over_the_buurtsites() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["agenda-send-reminders"]
    assert entry["task"] == "tenants.fan_out"
    assert entry["args"] == ["agenda.send_reminders"]
    assert isinstance(current_app.tasks["agenda.send_reminders"], BuurtsiteTask)


def test_everyone_signed_up_for_tomorrow_is_reminded_once(buurtverbinder: User) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    activity = make_activity(
        organiser=buurtverbinder, title="Koffieochtend in café ’t Hoekje", on=tomorrow, capacity=2
    )
    later = make_activity(organiser=buurtverbinder, on=tomorrow + timedelta(days=1))
    going = [make_member(email=f"gaat{n}@example.nl") for n in range(2)]
    waiting = make_member(email="wacht@example.nl")
    for member in [*going, waiting]:
        sign_up(activity, acting_user=member)
    sign_up(later, acting_user=going[0])
    mail.outbox.clear()

    first_run = send_reminders.run()
    second_run = send_reminders.run()

    assert (first_run, second_run) == (2, 0)
    assert sorted(address for email in mail.outbox for address in email.to) == [
        "gaat0@example.nl",
        "gaat1@example.nl",
    ]
    email = mail.outbox[0]
    assert "Morgen: Koffieochtend in café ’t Hoekje" in email.subject
    assert "19:30" in email.body and "Buurthuis De Klokkenberg" in email.body
    assert SignUp.objects.filter(activity=later, reminded_at__isnull=True).count() == 1


def test_someone_who_moves_up_later_is_still_reminded(
    buurtverbinder: User, django_capture_on_commit_callbacks: Any
) -> None:
    activity = make_activity(
        organiser=buurtverbinder, on=timezone.localdate() + timedelta(days=1), capacity=1
    )
    first, second = make_member(), make_member(email="later@example.nl")
    sign_up(activity, acting_user=first)
    sign_up(activity, acting_user=second)
    send_reminders.run()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks():
        cancel_sign_up(activity, acting_user=first)
    assert send_reminders.run() == 1
    assert mail.outbox[0].to == ["later@example.nl"]


def test_reminders_of_one_buurtsite_never_go_to_another(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        organiser = make_member(role=User.Role.BUURTVERBINDER)
        activity = make_activity(organiser=organiser, on=timezone.localdate() + timedelta(days=1))
        sign_up(activity, acting_user=make_member(email="oost-lid@example.nl"))
    mail.outbox.clear()

    with tenant_context(lindenholt):
        sent = send_reminders.run()

    assert sent == 0
    assert all(email.to != ["oost-lid@example.nl"] for email in mail.outbox)
    with tenant_context(oost):
        assert SignUp.objects.get(activity=activity).reminded_at is None


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        app.control.purge()
        with start_worker(app, pool="threads", concurrency=1, perform_ping_check=False):
            yield


def _in_own_connection(work: Callable[[], T]) -> T:
    """Commit for real, on a connection of its own, so the worker's thread sees the rows."""

    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def test_a_real_worker_reminds_through_the_fan_out_once_in_the_right_buurtsite(
    worker: None, oost: Buurtsite
) -> None:
    """What beat does: fan_out sends the task to every buurtsite; run twice, one e-mail."""
    address = f"herinnering-{uuid.uuid4().hex[:6]}@example.nl"

    def write() -> tuple[int, list[int]]:
        with tenant_context(oost):
            organiser = make_member(role=User.Role.BUURTVERBINDER)
            member = make_member(email=address)
            activity = make_activity(
                organiser=organiser,
                title="Buurtborrel bij café Éénhoorn",
                on=timezone.localdate() + timedelta(days=1),
            )
            sign_up(activity, acting_user=member)
            return activity.pk, [organiser.pk, member.pk]

    def clean_up(activity_id: int, member_ids: list[int]) -> None:
        with tenant_context(oost):
            Activity.objects.filter(pk=activity_id).delete()
            for user in User.objects.filter(pk__in=member_ids):
                delete_account(user, acting_user=user)

    mail.outbox.clear()
    activity_id, member_ids = _in_own_connection(write)
    try:
        for _run in range(2):
            buurtsites = fan_out.apply_async(("agenda.send_reminders",)).get(timeout=20)
            assert buurtsites >= 2
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(m.to == [address] for m in mail.outbox):
            time.sleep(0.1)
        time.sleep(1)  # give a wrong second e-mail the chance to arrive
        emails = [m for m in mail.outbox if m.to == [address]]
        assert len(emails) == 1
        assert "Buurtborrel bij café Éénhoorn" in emails[0].subject
        assert "Nijmegen-Oost" in emails[0].subject
    finally:
        _in_own_connection(lambda: clean_up(activity_id, member_ids))
