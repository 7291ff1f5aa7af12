"""Expiry: a reminder before a post closes, closing and asking afterwards; each exactly once."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core import mail
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from exchange.actions import remind_and_close_posts
from exchange.models import Post
from exchange.tasks import remind_and_close_posts_task
from members.models import Notice
from members.tasks import email_notice
from tenants.models import Buurtsite
from tests.exchange.factories import make_post
from tests.members.factories import client_for, make_member


def _expire(post: Post, *, days: float) -> None:
    Post.objects.filter(pk=post.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=days)
    )


def test_the_task_runs_twice_and_sends_each_message_once(
    resident: User, django_capture_on_commit_callbacks: Any
) -> None:
    soon = make_post(resident, title="Bijna voorbij")
    _expire(soon, days=2)
    gone = make_post(resident, title="Voorbij")
    _expire(gone, days=-0.5)
    later = make_post(resident, title="Nog lang open")

    with django_capture_on_commit_callbacks(execute=False) as first_callbacks:
        assert remind_and_close_posts_task.run() == {"reminded": 1, "closed": 1}
    with django_capture_on_commit_callbacks(execute=False) as second_callbacks:
        assert remind_and_close_posts_task.run() == {"reminded": 0, "closed": 0}

    assert len(first_callbacks) == 2  # one e-mail per notice, on commit
    assert second_callbacks == []
    notices = Notice.objects.filter(user=resident).order_by("id")
    assert [notice.title for notice in notices] == [
        "Je vraag of aanbod sluit binnenkort",
        "Heeft een buur je geholpen?",
    ]
    assert notices[0].url == f"/vraag-en-aanbod/{soon.pk}/"
    assert notices[1].url == f"/vraag-en-aanbod/{gone.pk}/geholpen/"
    gone.refresh_from_db()
    soon.refresh_from_db()
    later.refresh_from_db()
    assert gone.status == Post.Status.CLOSED
    assert gone.closed_because == Post.ClosedBecause.EXPIRED
    assert soon.is_open and soon.reminded_at is not None
    assert later.is_open and later.reminded_at is None


def test_the_question_after_expiry_is_e_mailed_in_dutch_with_a_link(resident: User) -> None:
    gone = make_post(resident, title="Hulp bij de verhuizing naar Zwolle")
    _expire(gone, days=-1)
    remind_and_close_posts()
    notice = Notice.objects.get(user=resident)
    mail.outbox.clear()

    assert email_notice.run(notice.pk) is True
    assert email_notice.run(notice.pk) is False

    [email] = mail.outbox
    assert email.to == [resident.email]
    assert email.subject.startswith("Heeft een buur je geholpen?")
    assert "Hulp bij de verhuizing naar Zwolle" in email.body
    assert f"/vraag-en-aanbod/{gone.pk}/geholpen/" in email.body


def test_the_link_after_expiry_leads_to_marking_the_match(resident: User, neighbour: User) -> None:
    from exchange.actions import react_to_post
    from exchange.selectors import match_count

    post = make_post(resident, title="Lamp ophangen")
    react_to_post(post, body="Ik heb een boormachine", acting_user=neighbour)
    _expire(post, days=-1)
    remind_and_close_posts()
    client = client_for(resident)

    page = client.get(f"/vraag-en-aanbod/{post.pk}/geholpen/")
    assert page.status_code == 200
    assert "Nico Neighbour" in page.content.decode()
    client.post(f"/vraag-en-aanbod/{post.pk}/geholpen/", {"neighbour": neighbour.pk})
    client_for(neighbour).post(f"/vraag-en-aanbod/{post.pk}/geholpen/")

    assert match_count() == 1


def test_extending_a_post_brings_a_new_reminder_later(resident: User) -> None:
    post = make_post(resident)
    _expire(post, days=1)
    remind_and_close_posts()
    client_for(resident).post(f"/vraag-en-aanbod/{post.pk}/verlengen/", {"days": "7"})
    post.refresh_from_db()
    assert post.reminded_at is None

    later = timezone.now() + datetime.timedelta(days=5)
    assert remind_and_close_posts(now=later).reminded == 1
    assert remind_and_close_posts(now=later).reminded == 0


def test_a_withdrawn_post_gets_no_question(resident: User) -> None:
    post = make_post(resident, status=Post.Status.CLOSED, closed_because="withdrawn")
    _expire(post, days=-3)

    assert remind_and_close_posts() == remind_and_close_posts()
    assert not Notice.objects.filter(user=resident).exists()


def test_the_task_touches_only_its_own_buurtsite(oost: Buurtsite, lindenholt: Buurtsite) -> None:
    with tenant_context(lindenholt):
        elsewhere = make_post(make_member(), title="In Lindenholt")
        _expire(elsewhere, days=-1)
    with tenant_context(oost):
        here = make_post(make_member(), title="In Oost")
        _expire(here, days=-1)
        assert remind_and_close_posts_task.run() == {"reminded": 0, "closed": 1}
    with tenant_context(lindenholt):
        assert Post.objects.get(pk=elsewhere.pk).is_open


def test_beat_fans_the_task_out_over_buurtsites() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["exchange-remind-and-close-posts"]

    assert entry["task"] == "tenants.fan_out"
    assert list(entry["args"]) == ["exchange.remind_and_close_posts"]
