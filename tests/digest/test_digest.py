"""The weekly digest: once per member per week (also after a worker crash), only for who
chose it, only when there is news, in the member's language, with a one-click unsubscribe."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail, signing
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from digest import sections
from digest.actions import send_digest_batch
from digest.links import unsubscribe_path, unsubscribe_token
from digest.models import DigestSend
from digest.sections import DigestItem, DigestSection
from digest.tasks import send_batch
from members.actions import delete_account
from members.models import Profile
from mijnbuurtje.celery import app
from participation.selectors import digest_section
from tenants.models import Buurtsite
from tenants.tasks import BuurtsiteTask, fan_out
from tests.conftest import LINDENHOLT_HOST, OOST_HOST
from tests.digest.backends import CrashingBackend, WorkerCrashed
from tests.members.factories import client_for, make_member
from tests.participation.factories import make_poll

T = TypeVar("T")
WEEK = date(2026, 11, 30)
# The search path is already set (TENANT_LIMIT_SET_CALLS): every query counts once.
BATCH_QUERIES = 4  # the subscribers with profiles, sent this week, their last digests, ...
MEMBER_QUERIES = 4  # participation's source; savepoint, claim, release (e-mail needs none)


@pytest.fixture(autouse=True)
def _only_participation_news(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only participation's source: other apps' demo content must not decide these tests."""
    monkeypatch.setattr(sections, "_sources", {"participation": (60, digest_section)})


def subscriber(**profile: Any) -> User:
    return make_member(weekly_digest=True, **profile)


def _ids(*members: User) -> list[int]:
    return [member.pk for member in members]


# Once per member per week ---------------------------------------------------------------------


def test_each_member_gets_exactly_one_digest_after_a_worker_crash(
    buurtverbinder: User, settings: Any
) -> None:
    members = [subscriber() for _ in range(5)]
    make_poll(buurtverbinder)
    mail.outbox.clear()
    settings.EMAIL_BACKEND = "tests.digest.backends.CrashingBackend"
    CrashingBackend.crash_after(2)

    with pytest.raises(WorkerCrashed):
        send_batch.run(WEEK.isoformat(), _ids(*members))
    assert len(mail.outbox) == 2
    assert DigestSend.objects.count() == 2  # the failed member's claim was rolled back

    CrashingBackend.crash_after(100)
    assert send_batch.run(WEEK.isoformat(), _ids(*members)) == 3
    assert send_batch.run(WEEK.isoformat(), _ids(*members)) == 0  # a duplicate task

    assert sorted(message.to[0] for message in mail.outbox) == sorted(m.email for m in members)
    assert DigestSend.objects.filter(week=WEEK).count() == 5


def test_a_new_week_sends_again_with_only_what_is_new(buurtverbinder: User) -> None:
    member = subscriber()
    make_poll(buurtverbinder, title="Eerste peiling")
    mail.outbox.clear()

    assert send_digest_batch([member.pk], week=WEEK) == 1
    assert send_digest_batch([member.pk], week=WEEK + timedelta(days=7)) == 0  # nothing new
    make_poll(buurtverbinder, title="Tweede peiling")
    assert send_digest_batch([member.pk], week=WEEK + timedelta(days=7)) == 1

    first, second = mail.outbox
    assert "Eerste peiling" in first.body
    assert "Tweede peiling" in second.body and "Eerste peiling" not in second.body


def test_nothing_is_sent_when_nothing_is_new(in_oost: Buurtsite) -> None:
    member = subscriber()
    mail.outbox.clear()

    assert send_batch.run(WEEK.isoformat(), [member.pk]) == 0
    assert mail.outbox == []
    assert not DigestSend.objects.exists()


def test_nothing_is_sent_to_members_who_did_not_choose_it(buurtverbinder: User) -> None:
    not_chosen = make_member()
    waiting = subscriber(status=Profile.Status.PENDING)
    blocked = subscriber(status=Profile.Status.BLOCKED)
    chosen = subscriber()
    make_poll(buurtverbinder)
    mail.outbox.clear()

    assert send_batch.run(WEEK.isoformat(), _ids(not_chosen, waiting, blocked, chosen)) == 1
    assert [message.to for message in mail.outbox] == [[chosen.email]]


def test_the_privacy_page_turns_the_digest_on_and_chooses_the_language(resident: User) -> None:
    client = client_for(resident)
    choices = {
        "area_visibility": "members",
        "photo_visibility": "members",
        "about_visibility": "members",
        "notify_messages": "email",
        "notify_moderation": "email",
    }

    response = client.post(
        "/profiel/privacy/", {**choices, "weekly_digest": "on", "language": "en"}
    )
    bad = client.post("/profiel/privacy/", {**choices, "weekly_digest": "on", "language": "xx"})

    assert response.status_code == 302 and bad.status_code == 400
    profile = Profile.objects.get(user=resident)
    assert profile.weekly_digest is True and profile.language == "en"


# The e-mail ----------------------------------------------------------------------------------


def test_the_email_is_html_and_text_in_dutch_with_accents_and_unsubscribe_headers(
    buurtverbinder: User,
) -> None:
    member = subscriber(name="Zoë Çelik")
    poll = make_poll(buurtverbinder, title="Waar komt het café-terras?")
    mail.outbox.clear()

    send_digest_batch([member.pk], week=WEEK)

    [email] = mail.outbox
    html, mimetype = email.alternatives[0]
    link = f"http://oost.localhost:8000/meedoen/{poll.pk}/"
    assert email.subject == "Deze week in Nijmegen-Oost"
    assert "Hallo Zoë Çelik," in email.body and "Hallo Zoë Çelik," in html
    assert "Meedoen" in email.body and "Waar komt het café-terras?" in email.body
    assert link in email.body and f'href="{link}"' in html
    assert mimetype == "text/html" and '<html lang="nl">' in html
    unsubscribe = re.search(
        r"<(http://oost\.localhost:8000/weekmail/afmelden/[^>]+/)>",
        email.extra_headers["List-Unsubscribe"],
    )
    assert unsubscribe is not None
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.group(1) in email.body
    message = email.message()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_email_is_in_the_members_language(buurtverbinder: User) -> None:
    member = subscriber(language="en")
    make_poll(buurtverbinder)
    mail.outbox.clear()

    send_digest_batch([member.pk], week=WEEK)

    [email] = mail.outbox
    assert email.subject == "This week in Nijmegen-Oost"
    assert "Have your say" in email.body
    assert '<html lang="en">' in email.alternatives[0][0]


def test_sections_skip_empty_sources_and_keep_their_order(
    resident: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def news(member: User, since: datetime) -> DigestSection | None:
        return DigestSection(key="news", title="Nieuws", items=[DigestItem("Één", "/nieuws/1/")])

    monkeypatch.setattr(sections, "_sources", {})
    sections.register("later", lambda member, since: None, order=10)
    sections.register("empty", lambda m, s: DigestSection(key="empty", title="Leeg", items=[]))
    sections.register("news", news, order=20)

    assert [s.key for s in sections.sections_for(resident, timezone.now())] == ["news"]


# Unsubscribe ---------------------------------------------------------------------------------


def test_the_link_unsubscribes_at_once_and_offers_to_undo(in_oost: Buurtsite) -> None:
    member = subscriber()
    client = Client(HTTP_HOST=OOST_HOST, enforce_csrf_checks=True)

    page = client.get(unsubscribe_path(member))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Je bent afgemeld" in text and "Stuur me de weekmail weer" in text
    assert Profile.objects.get(user=member).weekly_digest is False
    token = unsubscribe_token(member)
    csrf = client.cookies["csrftoken"].value
    undo = client.post(f"/weekmail/aanmelden/{token}/", {"csrfmiddlewaretoken": csrf})
    assert undo.status_code == 200
    assert "Je krijgt de weekmail weer" in undo.content.decode()
    assert Profile.objects.get(user=member).weekly_digest is True


def test_one_click_post_from_a_mail_program_unsubscribes_without_csrf(in_oost: Buurtsite) -> None:
    member = subscriber()
    client = Client(HTTP_HOST=OOST_HOST, enforce_csrf_checks=True)

    response = client.post(
        unsubscribe_path(member),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert Profile.objects.get(user=member).weekly_digest is False


def test_undo_needs_the_csrf_token(in_oost: Buurtsite) -> None:
    member = make_member()
    client = Client(HTTP_HOST=OOST_HOST, enforce_csrf_checks=True)

    assert client.post(f"/weekmail/aanmelden/{unsubscribe_token(member)}/").status_code == 403
    assert Profile.objects.get(user=member).weekly_digest is False


@pytest.mark.parametrize(
    "token",
    [
        "onzin",
        signing.dumps({"m": 1, "s": "oost"}, salt="something.else"),
        signing.dumps({"m": "1", "s": "oost"}, salt="digest.unsubscribe"),
        signing.dumps([1, "oost"], salt="digest.unsubscribe"),
    ],
)
def test_a_bad_or_forged_link_is_a_400_in_dutch(in_oost: Buurtsite, token: str) -> None:
    member = subscriber()
    client = Client(HTTP_HOST=OOST_HOST)

    for response in [
        client.get(f"/weekmail/afmelden/{token}/"),
        client.post(f"/weekmail/afmelden/{token}/"),
    ]:
        assert response.status_code == 400
        assert "Deze link werkt niet" in response.content.decode()
    tampered = unsubscribe_token(member)[:-2] + "xx"
    assert client.get(f"/weekmail/afmelden/{tampered}/").status_code == 400
    assert Profile.objects.get(user=member).weekly_digest is True


# Isolation -----------------------------------------------------------------------------------


def test_an_unsubscribe_link_of_one_buurtsite_is_useless_on_another(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(lindenholt):
        neighbour_there = subscriber()
    with tenant_context(oost):
        member = subscriber()
        path = unsubscribe_path(member)
        # What Oost's link looks like for a member with the same id as Lindenholt's subscriber.
        same_id = signing.dumps({"m": neighbour_there.pk, "s": "oost"}, salt="digest.unsubscribe")

    with tenant_context(lindenholt):
        client = Client(HTTP_HOST=LINDENHOLT_HOST)
        answers = [
            client.get(path).status_code,
            client.post(path).status_code,
            client.get(f"/weekmail/afmelden/{same_id}/").status_code,
            client.post(f"/weekmail/afmelden/{same_id}/").status_code,
        ]
        assert Profile.objects.get(user=neighbour_there).weekly_digest is True

    assert answers == [400, 400, 400, 400]
    with tenant_context(oost):
        assert Profile.objects.get(user=member).weekly_digest is True


def test_a_batch_task_only_reaches_members_of_its_own_buurtsite(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        author = make_member(role=User.Role.BUURTVERBINDER)
        members = [subscriber() for _ in range(2)]
        make_poll(author)
    mail.outbox.clear()
    with tenant_context(lindenholt):
        send_batch.run(WEEK.isoformat(), _ids(*members))
        assert not DigestSend.objects.exists()

    assert not any(message.to[0] in {m.email for m in members} for message in mail.outbox)


# Query counts --------------------------------------------------------------------------------


def _queries_for_batch(size: int) -> int:
    members = [subscriber() for _ in range(size)]
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as captured:
        assert send_digest_batch(_ids(*members), week=WEEK) == size
    DigestSend.objects.all().delete()
    Profile.objects.filter(user__in=members).update(weekly_digest=False)
    return len(captured)


def test_a_batch_costs_a_fixed_number_of_queries_plus_a_fixed_number_per_member(
    buurtverbinder: User,
) -> None:
    for number in range(3):
        make_poll(buurtverbinder, title=f"Peiling {number}")
    small = _queries_for_batch(2)
    large = _queries_for_batch(8)
    for number in range(6):
        make_poll(buurtverbinder, title=f"Nog een peiling {number}")
    large_with_more_news = _queries_for_batch(8)

    assert small == BATCH_QUERIES + 2 * MEMBER_QUERIES
    assert large == BATCH_QUERIES + 8 * MEMBER_QUERIES
    assert large_with_more_news == large  # more news does not cost more queries


# Beat, fan-out and a real worker ---------------------------------------------------------------


def _in_own_connection(work: Callable[[], T]) -> T:
    """Commit for real, on a connection of its own, so the worker's threads see the rows."""

    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        app.control.purge()
        with start_worker(app, pool="threads", concurrency=2, perform_ping_check=False):
            yield


def test_beat_fans_out_and_a_real_worker_sends_each_buurtsite_its_own_digest(
    worker: None, oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    def write() -> dict[str, list[int]]:
        made: dict[str, list[int]] = {}
        for site, title in [(oost, "Peiling in Oost"), (lindenholt, "Peiling in Lindenholt")]:
            with tenant_context(site):
                author = make_member(role=User.Role.BUURTVERBINDER)
                member = subscriber(email=f"weekmail-{site.slug}@example.nl")
                make_poll(author, title=title)
                made[site.slug] = [author.pk, member.pk]
        return made

    def clean_up(made: dict[str, list[int]]) -> None:
        for site in (oost, lindenholt):
            with tenant_context(site):
                DigestSend.objects.filter(member_id__in=made[site.slug]).delete()
                for user in User.objects.filter(pk__in=made[site.slug]):
                    delete_account(user, acting_user=user)

    mail.outbox.clear()
    made = _in_own_connection(write)
    wanted = {"weekmail-oost@example.nl", "weekmail-lindenholt@example.nl"}
    try:
        assert fan_out.run("digest.send_weekly") >= 2
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not wanted <= {m.to[0] for m in mail.outbox}:
            time.sleep(0.1)
        by_address = {m.to[0]: m for m in mail.outbox if m.to[0] in wanted}
        assert "Peiling in Oost" in by_address["weekmail-oost@example.nl"].body
        assert "Lindenholt" not in by_address["weekmail-oost@example.nl"].body
        assert "Peiling in Lindenholt" in by_address["weekmail-lindenholt@example.nl"].body
        assert "Oost" not in by_address["weekmail-lindenholt@example.nl"].subject
    finally:
        _in_own_connection(lambda: clean_up(made))


def test_two_batch_tasks_at_the_same_moment_send_each_digest_once(oost: Buurtsite) -> None:
    def write() -> tuple[int, list[int]]:
        with tenant_context(oost):
            author = make_member(role=User.Role.BUURTVERBINDER)
            members = [subscriber() for _ in range(6)]
            make_poll(author, title="Tegelijk verstuurd")
            return author.pk, _ids(*members)

    author_id, member_ids = _in_own_connection(write)
    barrier = threading.Barrier(3)

    def run_batch() -> int:
        try:
            with tenant_context(oost):
                barrier.wait(timeout=10)
                return send_digest_batch(member_ids, week=WEEK)
        finally:
            connections.close_all()

    mail.outbox.clear()
    try:
        with ThreadPoolExecutor(max_workers=3) as pool:
            sent = [future.result() for future in [pool.submit(run_batch) for _ in range(3)]]
        assert sum(sent) == 6
        assert len(mail.outbox) == 6
        assert len({message.to[0] for message in mail.outbox}) == 6
    finally:

        def clean_up() -> None:
            with tenant_context(oost):
                DigestSend.objects.filter(member_id__in=member_ids).delete()
                for user in User.objects.filter(pk__in=[author_id, *member_ids]):
                    delete_account(user, acting_user=user)

        _in_own_connection(clean_up)


def test_beat_runs_the_digest_on_monday_morning_and_closing_often_through_fan_out(
    settings: Any,
) -> None:
    digest = settings.CELERY_BEAT_SCHEDULE["digest-send-weekly"]
    closing = settings.CELERY_BEAT_SCHEDULE["participation-close-due"]

    app.loader.import_default_modules()  # what a worker does when it starts: find the tasks
    assert digest["task"] == closing["task"] == "tenants.fan_out"
    assert digest["schedule"].day_of_week == {1} and digest["schedule"].hour == {7}
    assert closing["schedule"] <= 300
    for entry in (digest, closing):
        [name] = entry["args"]
        assert isinstance(app.tasks[name], BuurtsiteTask)
