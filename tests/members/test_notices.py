"""Notices: on the site and by e-mail as each member chose, each e-mailed once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from accounts.models import User
from members.actions import notify
from members.models import Channel, Notice, NoticeKind, Profile
from members.tasks import email_notice
from tests.members.factories import client_for


@pytest.mark.parametrize(
    ("channel", "in_site", "emailed"),
    [(Channel.EMAIL, True, True), (Channel.SITE, True, False), (Channel.OFF, False, False)],
)
def test_notice_follows_the_members_choice(
    resident: User,
    channel: str,
    in_site: bool,
    emailed: bool,
    django_capture_on_commit_callbacks: Any,
) -> None:
    Profile.objects.filter(user=resident).update(notify_moderation=channel)
    resident.refresh_from_db()

    with django_capture_on_commit_callbacks() as callbacks:
        notice = notify(resident, kind=NoticeKind.MODERATION, title="Een waarschuwing")

    assert (notice is not None) is in_site
    assert bool(callbacks) is emailed


def test_notice_email_is_sent_once_in_dutch(resident: User) -> None:
    notice = notify(resident, kind=NoticeKind.MEMBERSHIP, title="Welkom!", url="/buren/")
    assert notice is not None
    mail.outbox.clear()

    assert email_notice.run(notice.pk) is True
    assert email_notice.run(notice.pk) is False

    [message] = mail.outbox
    assert message.subject == "Welkom! – Nijmegen-Oost"
    assert message.body.startswith("Hallo,")
    assert "http://oost.localhost:8000/buren/" in message.body
    assert "http://oost.localhost:8000/profiel/privacy/" in message.body


def test_notices_page_shows_new_ones_and_marks_them_read(resident: User) -> None:
    notify(resident, kind=NoticeKind.MODERATION, title="Eerste melding", email=False)
    client = client_for(resident)

    assert 'class="nav-count">1' in client.get("/").content.decode()
    page = client.get("/meldingen/").content.decode()

    assert "Eerste melding" in page and "Nieuw" in page
    assert not Notice.objects.filter(user=resident, read_at__isnull=True).exists()
    assert 'class="nav-count"' not in client.get("/").content.decode()


@pytest.mark.parametrize("count", [2, 25])
def test_notices_page_query_count_does_not_grow(
    resident: User, count: int, django_assert_max_num_queries: Any
) -> None:
    for number in range(count):
        notify(resident, kind=NoticeKind.MODERATION, title=f"Melding {number}", email=False)
    client = client_for(resident)

    with django_assert_max_num_queries(24):
        assert client.get("/meldingen/").status_code == 200
