"""Signing up: capacity, the waiting list, moving up on cancel, no double sign-up, concurrency."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier
from typing import Any, TypeVar

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from agenda.actions import cancel_sign_up, sign_up
from agenda.models import Activity, SignUp
from agenda.tasks import email_moved_up
from members.actions import delete_account
from tenants.models import Buurtsite
from tests.clubs.factories import make_activity
from tests.members.factories import client_for, make_member

T = TypeVar("T")


def test_members_sign_up_until_full_then_join_the_waiting_list(buurtverbinder: User) -> None:
    activity = make_activity(organiser=buurtverbinder, capacity=2)
    first, second, third = (make_member() for _ in range(3))

    assert client_for(first).post(f"/agenda/{activity.pk}/aanmelden/").status_code == 302
    assert client_for(second).post(f"/agenda/{activity.pk}/aanmelden/").status_code == 302
    page = client_for(third).get(f"/agenda/{activity.pk}/").content.decode()
    assert "Zet me op de wachtlijst" in page
    response = client_for(third).post(f"/agenda/{activity.pk}/aanmelden/", follow=True)

    statuses = dict(SignUp.objects.filter(activity=activity).values_list("member_id", "status"))
    assert statuses == {
        first.pk: SignUp.Status.CONFIRMED,
        second.pk: SignUp.Status.CONFIRMED,
        third.pk: SignUp.Status.WAITING,
    }
    assert "Je staat op de wachtlijst (nummer 1)" in response.content.decode()


def test_without_a_limit_everyone_gets_a_place(buurtverbinder: User) -> None:
    activity = make_activity(organiser=buurtverbinder, capacity=None)
    for _ in range(5):
        sign_up(activity, acting_user=make_member())
    assert set(SignUp.objects.filter(activity=activity).values_list("status", flat=True)) == {
        SignUp.Status.CONFIRMED
    }


def test_signing_up_twice_is_refused_in_dutch(buurtverbinder: User, resident: User) -> None:
    activity = make_activity(organiser=buurtverbinder, capacity=5)
    client = client_for(resident)
    client.post(f"/agenda/{activity.pk}/aanmelden/")

    again = client.post(f"/agenda/{activity.pk}/aanmelden/")

    assert again.status_code == 400
    assert "Je hebt je al aangemeld voor deze activiteit." in again.content.decode()
    assert SignUp.objects.filter(activity=activity).count() == 1


def test_cancelling_moves_the_first_on_the_waiting_list_up_and_emails_them(
    buurtverbinder: User, django_capture_on_commit_callbacks: Any
) -> None:
    activity = make_activity(organiser=buurtverbinder, title="Buurtbarbecue à la carte", capacity=1)
    going = make_member()
    first_waiting = make_member(name="Wim Wachtend", email="wim@example.nl")
    second_waiting = make_member()
    for member in (going, first_waiting, second_waiting):
        sign_up(activity, acting_user=member)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(going).post(f"/agenda/{activity.pk}/afmelden/")

    assert response.status_code == 302
    moved = SignUp.objects.get(activity=activity, member=first_waiting)
    assert moved.status == SignUp.Status.CONFIRMED and moved.moved_up_at is not None
    assert SignUp.objects.get(member=second_waiting).status == SignUp.Status.WAITING
    assert len(callbacks) == 1  # one e-mail task, enqueued on commit
    mail.outbox.clear()
    assert email_moved_up.run(moved.pk) is True
    assert email_moved_up.run(moved.pk) is False  # a repeated task sends nothing twice
    [email] = mail.outbox
    assert email.to == ["wim@example.nl"]
    assert "Buurtbarbecue à la carte" in email.body and "Hallo Wim Wachtend" in email.body
    assert "http://oost.localhost:8000/agenda/" in email.body


def test_cancelling_a_waiting_place_moves_nobody_up(buurtverbinder: User) -> None:
    activity = make_activity(organiser=buurtverbinder, capacity=1)
    going, waiting = make_member(), make_member()
    sign_up(activity, acting_user=going)
    sign_up(activity, acting_user=waiting)

    cancel_sign_up(activity, acting_user=waiting)

    assert list(SignUp.objects.filter(activity=activity).values_list("member_id", "status")) == [
        (going.pk, SignUp.Status.CONFIRMED)
    ]


def test_cancelling_without_a_sign_up_is_refused(buurtverbinder: User, resident: User) -> None:
    activity = make_activity(organiser=buurtverbinder)
    response = client_for(resident).post(f"/agenda/{activity.pk}/afmelden/")
    assert response.status_code == 400
    assert "Je had je niet aangemeld voor deze activiteit." in response.content.decode()


def test_more_places_move_people_up_and_fewer_than_taken_is_refused(
    buurtverbinder: User,
) -> None:
    activity = make_activity(organiser=buurtverbinder, capacity=1)
    members = [make_member() for _ in range(3)]
    for member in members:
        sign_up(activity, acting_user=member)
    client = client_for(buurtverbinder)
    form = {
        "title": activity.title,
        "description": activity.description,
        "date": activity.date.isoformat(),
        "start_time": "19:30",
        "end_time": "21:00",
        "place": activity.place,
    }

    assert (
        client.post(f"/agenda/{activity.pk}/wijzigen/", {**form, "capacity": "2"}).status_code
        == 302
    )
    assert SignUp.objects.filter(activity=activity, status=SignUp.Status.CONFIRMED).count() == 2
    fewer = client.post(f"/agenda/{activity.pk}/wijzigen/", {**form, "capacity": "1"})
    assert fewer.status_code == 400
    assert "2 buren hebben zich al aangemeld" in fewer.content.decode()
    activity.refresh_from_db()
    assert activity.capacity == 2


def test_past_activities_take_no_sign_ups(buurtverbinder: User, resident: User) -> None:
    activity = make_activity(organiser=buurtverbinder)
    Activity.objects.filter(pk=activity.pk).update(date=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError):
        sign_up(activity, acting_user=resident)
    assert client_for(resident).post(f"/agenda/{activity.pk}/aanmelden/").status_code == 400


def test_leaving_the_buurtsite_frees_the_place_for_the_waiting_list(
    buurtverbinder: User,
) -> None:
    activity = make_activity(organiser=buurtverbinder, capacity=1)
    leaver, waiting = make_member(), make_member()
    sign_up(activity, acting_user=leaver)
    sign_up(activity, acting_user=waiting)

    delete_account(leaver, acting_user=leaver)

    assert SignUp.objects.get(activity=activity).member == waiting
    assert SignUp.objects.get(activity=activity).status == SignUp.Status.CONFIRMED


def _in_own_connection(work: Callable[[], T]) -> T:
    """Commit for real, on a connection of its own (the test's transaction is invisible)."""

    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def test_concurrent_sign_ups_never_overbook_and_never_double_book(oost: Buurtsite) -> None:
    """Eight members (one of them twice) try to take two places at the same moment."""

    def prepare() -> tuple[int, list[int], int]:
        with tenant_context(oost):
            organiser = make_member(role=User.Role.BUURTVERBINDER)
            activity = make_activity(organiser=organiser, capacity=2)
            members = [make_member() for _ in range(7)]
            return activity.pk, [member.pk for member in members], organiser.pk

    activity_id, member_ids, organiser_id = _in_own_connection(prepare)
    attempts = [*member_ids, member_ids[0]]
    barrier = Barrier(len(attempts))

    def attempt(member_id: int) -> str:
        try:
            with tenant_context(oost):
                activity = Activity.objects.get(pk=activity_id)
                member = User.objects.get(pk=member_id)
                barrier.wait(timeout=20)
                return sign_up(activity, acting_user=member).status
        except ValidationError:
            return "refused"
        except Exception as error:  # the unique constraint, as a last line of defence
            return type(error).__name__
        finally:
            connections.close_all()

    try:
        with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
            outcomes = list(pool.map(attempt, attempts))

        def counts() -> list[tuple[int, str]]:
            with tenant_context(oost):
                return list(
                    SignUp.objects.filter(activity_id=activity_id).values_list(
                        "member_id", "status"
                    )
                )

        rows = _in_own_connection(counts)
    finally:

        def clean_up() -> None:
            with tenant_context(oost):
                Activity.objects.filter(pk=activity_id).delete()
                for user in User.objects.filter(pk__in=[*member_ids, organiser_id]):
                    delete_account(user, acting_user=user)

        _in_own_connection(clean_up)

    confirmed = [member for member, status in rows if status == SignUp.Status.CONFIRMED]
    assert len(confirmed) == 2
    assert len(rows) == 7  # every member once, the double attempt refused
    assert sorted(member for member, _status in rows) == sorted(member_ids)
    assert outcomes.count(SignUp.Status.CONFIRMED) == 2
    assert outcomes.count(SignUp.Status.WAITING) == 5
    assert (
        len([o for o in outcomes if o not in (SignUp.Status.CONFIRMED, SignUp.Status.WAITING)]) == 1
    )
