"""Private messages: sending, unread counts, e-mail as chosen, rate limits, blocking, isolation."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connections
from django.test import Client
from django.test.utils import override_settings
from django_tenants.utils import tenant_context

from accounts.models import User
from members.actions import delete_account
from members.models import Channel, Profile
from messaging.actions import MessageRefused, block_member, send_message
from messaging.models import Conversation, Message, Participant
from messaging.tasks import email_new_message
from mijnbuurtje.celery import app
from tenants.models import Buurtsite
from tests.conftest import LINDENHOLT_HOST, OOST_HOST
from tests.members.factories import client_for, make_member

T = TypeVar("T")


def test_member_sends_a_message_from_a_profile_and_the_other_sees_it_unread(
    resident: User, neighbour: User
) -> None:
    sender = client_for(resident)
    form = sender.get(f"/berichten/aan/{neighbour.pk}/")
    assert form.status_code == 200
    assert "Bericht aan Nico Neighbour" in form.content.decode()

    response = sender.post(f"/berichten/aan/{neighbour.pk}/", {"body": "Hoi Nico, zin in koffie?"})

    assert response.status_code == 302
    message = Message.objects.get(sender=resident)
    assert response["Location"] == f"/berichten/{message.conversation_id}/#bericht-{message.pk}"
    reader = client_for(neighbour)
    home = reader.get("/").content.decode()
    assert 'class="nav-count">1' in home
    inbox = reader.get("/berichten/").content.decode()
    assert "Ria Resident" in inbox and "1 nieuw" in inbox
    conversation = reader.get(f"/berichten/{message.conversation_id}/").content.decode()
    assert "Hoi Nico, zin in koffie?" in conversation
    assert 'class="nav-count"' not in reader.get("/").content.decode()


def test_a_second_message_goes_to_the_same_conversation(resident: User, neighbour: User) -> None:
    first = send_message(neighbour, body="Eén", acting_user=resident)
    reply = client_for(neighbour).post(f"/berichten/{first.conversation_id}/", {"body": "Twee"})

    assert reply.status_code == 302
    assert Conversation.objects.filter(participants__user=resident).count() == 1
    assert list(
        Message.objects.filter(conversation_id=first.conversation_id).values_list("body", flat=True)
    ) == ["Eén", "Twee"]
    # With a conversation, "write to" leads straight to it.
    again = client_for(resident).get(f"/berichten/aan/{neighbour.pk}/")
    assert again.status_code == 302


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Schrijf eerst een bericht."),
        ("   ", "Schrijf eerst een bericht."),
        ("x" * 2001, "2000"),
    ],
)
def test_bad_message_input_is_refused_and_nothing_is_sent(
    resident: User, neighbour: User, body: str, message: str
) -> None:
    response = client_for(resident).post(f"/berichten/aan/{neighbour.pk}/", {"body": body})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Message.objects.filter(sender=resident).exists()


def test_no_message_to_yourself_or_to_someone_waiting_for_approval(resident: User) -> None:
    waiting = make_member(status=Profile.Status.PENDING)
    client = client_for(resident)

    assert client.get(f"/berichten/aan/{resident.pk}/").status_code == 404
    assert client.post(f"/berichten/aan/{waiting.pk}/", {"body": "Hoi"}).status_code == 404
    with pytest.raises(MessageRefused):
        send_message(resident, body="Hoi", acting_user=resident)


def test_only_the_two_members_can_read_a_conversation(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    message = send_message(neighbour, body="Privé", acting_user=resident)

    response = client_for(buurtverbinder).get(f"/berichten/{message.conversation_id}/")

    assert response.status_code == 404


@override_settings(MESSAGE_RATE_LIMIT=(3, 600))
def test_too_many_messages_in_a_short_time_get_a_429_in_dutch(
    resident: User, neighbour: User
) -> None:
    client = client_for(resident)
    for number in range(3):
        assert (
            client.post(f"/berichten/aan/{neighbour.pk}/", {"body": f"{number}"}).status_code == 302
        )

    response = client.post(f"/berichten/aan/{neighbour.pk}/", {"body": "nog een"})

    assert response.status_code == 429
    assert "Je hebt veel verstuurd in korte tijd" in response.content.decode()
    assert Message.objects.filter(sender=resident).count() == 3


@override_settings(NEW_CONVERSATION_RATE_LIMIT=(2, 3600))
def test_starting_many_conversations_is_limited_too(resident: User) -> None:
    client = client_for(resident)
    for _ in range(2):
        assert (
            client.post(f"/berichten/aan/{make_member().pk}/", {"body": "Hoi"}).status_code == 302
        )

    response = client.post(f"/berichten/aan/{make_member().pk}/", {"body": "Hoi"})

    assert response.status_code == 429
    assert Conversation.objects.filter(participants__user=resident).count() == 2


def test_blocking_stops_messages_both_ways(resident: User, neighbour: User) -> None:
    first = send_message(resident, body="Hallo", acting_user=neighbour)
    blocker = client_for(resident)

    blocked = blocker.post(f"/berichten/blokkeren/{neighbour.pk}/")
    assert blocked.status_code == 302

    attempt = client_for(neighbour).post(f"/berichten/{first.conversation_id}/", {"body": "Hallo?"})
    assert attempt.status_code == 400
    assert "Dit lid wil geen berichten van je krijgen." in attempt.content.decode()
    own = blocker.post(f"/berichten/aan/{neighbour.pk}/", {"body": "Toch even"})
    assert own.status_code in {302, 400}
    assert not Message.objects.filter(body__in=["Hallo?", "Toch even"]).exists()
    assert "Nico Neighbour" in blocker.get("/berichten/geblokkeerd/").content.decode()

    blocker.post(f"/berichten/deblokkeren/{neighbour.pk}/")
    again = client_for(neighbour).post(f"/berichten/{first.conversation_id}/", {"body": "Weer"})
    assert again.status_code == 302


def test_a_blocked_members_conversation_shows_the_unblock_button(
    resident: User, neighbour: User
) -> None:
    message = send_message(resident, body="Hallo", acting_user=neighbour)
    block_member(neighbour, acting_user=resident)

    page = client_for(resident).get(f"/berichten/{message.conversation_id}/").content.decode()

    assert "Je hebt dit lid geblokkeerd." in page
    assert f"/berichten/deblokkeren/{neighbour.pk}/" in page


# E-mail as the member chose -----------------------------------------------------------------


def _set_channel(user: User, channel: str) -> None:
    Profile.objects.filter(user=user).update(notify_messages=channel)


def test_one_email_per_run_of_unread_messages(resident: User, neighbour: User) -> None:
    mail.outbox.clear()
    first = send_message(neighbour, body="Eén", acting_user=resident)

    assert email_new_message.run(first.pk) == 1
    assert email_new_message.run(first.pk) == 0  # a repeated task sends nothing twice
    second = send_message(neighbour, body="Twee", acting_user=resident)
    assert email_new_message.run(second.pk) == 0  # not read yet: no second e-mail

    client_for(neighbour).get(f"/berichten/{first.conversation_id}/")
    third = send_message(neighbour, body="Drie", acting_user=resident)
    assert email_new_message.run(third.pk) == 1

    assert len(mail.outbox) == 2
    email = mail.outbox[0]
    assert email.to == [neighbour.email]
    assert email.subject == "Je hebt een nieuw bericht – Nijmegen-Oost"
    assert "Ria Resident heeft je een bericht gestuurd" in email.body
    assert f"http://oost.localhost:8000/berichten/{first.conversation_id}/" in email.body
    assert "Eén" not in email.body  # the text itself stays on the site


@pytest.mark.parametrize("channel", [Channel.SITE, Channel.OFF])
def test_no_email_when_the_member_chose_otherwise(
    resident: User, neighbour: User, channel: str
) -> None:
    _set_channel(neighbour, channel)
    mail.outbox.clear()
    message = send_message(neighbour, body="Hoi", acting_user=resident)

    assert email_new_message.run(message.pk) == 0
    assert mail.outbox == []


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


def test_a_real_worker_emails_after_the_commit_in_the_right_buurtsite(
    worker: None, oost: Buurtsite
) -> None:
    address = "ontvanger-worker@example.nl"

    def write() -> tuple[int, int]:
        with tenant_context(oost):
            sender = make_member(name="Wouter Worker")
            recipient = make_member(email=address)
            send_message(recipient, body="Via de worker", acting_user=sender)
            return sender.pk, recipient.pk

    def clean_up(ids: tuple[int, int]) -> None:
        with tenant_context(oost):
            for user in User.objects.filter(pk__in=ids):
                delete_account(user, acting_user=user)

    mail.outbox.clear()
    ids = _in_own_connection(write)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(m.to == [address] for m in mail.outbox):
            time.sleep(0.1)
        [email] = [m for m in mail.outbox if m.to == [address]]
        assert "Wouter Worker heeft je een bericht gestuurd op Nijmegen-Oost" in email.body
    finally:
        _in_own_connection(lambda: clean_up(ids))


# Lists and isolation ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 15])
def test_inbox_query_count_does_not_grow(
    resident: User, count: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(count):
        other = make_member()
        send_message(resident, body="Hallo", acting_user=other)
        send_message(other, body="Hoi terug", acting_user=resident)
    client = client_for(resident)

    with django_assert_max_num_queries(16):
        response = client.get("/berichten/")

    assert response.status_code == 200
    assert len(response.context["conversations"]) == count


@pytest.mark.parametrize("count", [2, 15])
def test_conversation_query_count_does_not_grow(
    resident: User, neighbour: User, count: int, django_assert_max_num_queries: Any
) -> None:
    for number in range(count):
        message = send_message(neighbour, body=f"Bericht {number}", acting_user=resident)
    client = client_for(neighbour)

    with django_assert_max_num_queries(26):
        response = client.get(f"/berichten/{message.conversation_id}/")

    assert response.status_code == 200


def test_a_conversation_id_of_one_buurtsite_is_useless_on_another(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        first = make_member()
        second = make_member()
        message = send_message(second, body="Alleen in Oost", acting_user=first)
    with tenant_context(lindenholt):
        stranger = make_member()
        client = client_for(stranger, LINDENHOLT_HOST)
        page = client.get(f"/berichten/{message.conversation_id}/")
        report = client.get(f"/melden/message/{message.pk}/")
        assert not Participant.objects.filter(conversation_id=message.conversation_id).exists()

    assert page.status_code == 404
    assert report.status_code == 404


def test_visitors_are_sent_to_sign_in(in_oost: Buurtsite) -> None:
    response = Client(HTTP_HOST=OOST_HOST).get("/berichten/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
