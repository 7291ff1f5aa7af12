"""Reports by members and the buurtverbinder's decisions, with their audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test.utils import override_settings

from accounts.models import User
from members.models import Notice, Profile
from messaging.actions import send_message
from messaging.models import Message
from moderation.actions import block_member, decide_on_report, report_content
from moderation.models import ContentState, Decision, Report
from moderation.tasks import email_block_decision
from tests.members.factories import client_for, make_member


def test_member_reports_a_message_they_received(resident: User, neighbour: User) -> None:
    message = send_message(resident, body="Koop nu goedkope horloges!", acting_user=neighbour)
    client = client_for(resident)

    form = client.get(f"/melden/message/{message.pk}/")
    response = client.post(
        f"/melden/message/{message.pk}/", {"reason": "spam", "explanation": "Reclame"}
    )

    assert form.status_code == 200
    assert "Meld dit bericht" in form.content.decode()
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.reporter == resident
    assert report.target_author == neighbour
    assert report.snapshot == "Koop nu goedkope horloges!"
    assert report.status == Report.Status.OPEN
    # Reporting it again changes nothing.
    client.post(f"/melden/message/{message.pk}/", {"reason": "spam"})
    assert Report.objects.count() == 1


def test_members_outside_the_conversation_cannot_report_its_messages(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    message = send_message(resident, body="Privé", acting_user=neighbour)

    assert client_for(buurtverbinder).get(f"/melden/message/{message.pk}/").status_code == 404
    # Nor your own message.
    assert client_for(neighbour).get(f"/melden/message/{message.pk}/").status_code == 404
    assert client_for(resident).get("/melden/poll/1/").status_code == 404


@pytest.mark.parametrize("data", [{}, {"reason": "because"}])
def test_a_report_needs_a_reason(resident: User, neighbour: User, data: dict[str, str]) -> None:
    response = client_for(resident).post(f"/melden/profile/{neighbour.pk}/", data)

    assert response.status_code == 400
    assert "Kies wat er mis is." in response.content.decode()
    assert not Report.objects.exists()


@override_settings(REPORT_RATE_LIMIT=(2, 3600))
def test_reporting_is_rate_limited(resident: User) -> None:
    client = client_for(resident)
    for _ in range(2):
        target = make_member()
        assert client.post(f"/melden/profile/{target.pk}/", {"reason": "spam"}).status_code == 302

    response = client.post(f"/melden/profile/{make_member().pk}/", {"reason": "spam"})

    assert response.status_code == 429
    assert Report.objects.filter(reporter=resident).count() == 2


def test_buurtverbinder_hides_a_message_and_everyone_is_told(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    message = send_message(resident, body="Jij bent een sukkel", acting_user=neighbour)
    report = report_content(
        kind="message", object_id=message.pk, reason="rude", acting_user=resident
    )
    connector = client_for(buurtverbinder)

    queue = connector.get("/buurtverbinder/gemeld/").content.decode()
    assert "Grof, bedreigend of kwetsend" in queue
    detail = connector.get(f"/buurtverbinder/gemeld/{report.pk}/").content.decode()
    assert "Jij bent een sukkel" in detail
    response = connector.post(
        f"/buurtverbinder/gemeld/{report.pk}/",
        {"action": "hide", "reason": "Schelden past niet bij de huisregels."},
    )

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.state == ContentState.HIDDEN
    report.refresh_from_db()
    assert report.status == Report.Status.HANDLED
    assert report.handled_by == buurtverbinder
    decision = Decision.objects.get(report=report)
    assert decision.action == Decision.Action.HIDE
    assert decision.member == neighbour
    author_notice = Notice.objects.get(user=neighbour, kind="moderation")
    assert author_notice.title == "De buurtverbinder heeft je bericht verborgen"
    assert "Schelden past niet" in author_notice.body
    assert Notice.objects.filter(user=resident, title__startswith="Dank je wel").exists()
    conversation = client_for(resident).get(f"/berichten/{message.conversation_id}/")
    assert "Jij bent een sukkel" not in conversation.content.decode()
    assert "heeft dit bericht verborgen" in conversation.content.decode()
    # The audit trail shows it.
    log = connector.get("/buurtverbinder/logboek/").content.decode()
    assert "Schelden past niet bij de huisregels." in log


def test_hidden_content_can_be_shown_again_and_removed_content_is_gone(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    message = send_message(resident, body="Twijfelachtig", acting_user=neighbour)
    report = report_content(
        kind="message", object_id=message.pk, reason="other", acting_user=resident
    )
    decide_on_report(report, action="hide", reason="Even weg", acting_user=buurtverbinder)
    connector = client_for(buurtverbinder)

    without_reason = connector.post(f"/buurtverbinder/gemeld/{report.pk}/terugzetten/", {})
    restored = connector.post(
        f"/buurtverbinder/gemeld/{report.pk}/terugzetten/", {"reason": "Toch in orde"}
    )

    assert without_reason.status_code == 400
    assert restored.status_code == 302
    message.refresh_from_db()
    assert message.state == ContentState.VISIBLE
    assert Decision.objects.filter(action="restore", member=neighbour).exists()

    second = report_content(
        kind="message", object_id=message.pk, reason="spam", acting_user=resident
    )
    decide_on_report(second, action="remove", reason="Toch spam", acting_user=buurtverbinder)
    message.refresh_from_db()
    assert message.state == ContentState.REMOVED
    assert message.body == ""


def test_a_decision_needs_a_reason_except_to_dismiss(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    report = report_content(
        kind="profile", object_id=neighbour.pk, reason="spam", acting_user=resident
    )
    connector = client_for(buurtverbinder)

    no_reason = connector.post(f"/buurtverbinder/gemeld/{report.pk}/", {"action": "remove"})
    no_action = connector.post(f"/buurtverbinder/gemeld/{report.pk}/", {"reason": "x"})
    dismissed = connector.post(f"/buurtverbinder/gemeld/{report.pk}/", {"action": "dismiss"})
    twice = connector.post(f"/buurtverbinder/gemeld/{report.pk}/", {"action": "dismiss"})

    assert no_reason.status_code == 400
    assert "Schrijf op waarom" in no_reason.content.decode()
    assert no_action.status_code == 400
    assert dismissed.status_code == 302
    assert twice.status_code == 400
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert Decision.objects.filter(report=report).count() == 1
    assert not Notice.objects.filter(user=neighbour, kind="moderation").exists()


def test_hiding_a_profile_hides_its_text_from_neighbours(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    Profile.objects.filter(user=neighbour).update(about="Bel mij voor goedkope leningen")
    report = report_content(
        kind="profile", object_id=neighbour.pk, reason="spam", acting_user=resident
    )

    decide_on_report(report, action="hide", reason="Reclame", acting_user=buurtverbinder)

    page = client_for(resident).get(f"/buren/{neighbour.pk}/").content.decode()
    assert "goedkope leningen" not in page
    assert "heeft de tekst van dit profiel verborgen" in page


def test_warning_a_member_tells_them_and_is_logged(resident: User, buurtverbinder: User) -> None:
    connector = client_for(buurtverbinder)

    empty = connector.post(f"/buurtverbinder/leden/{resident.pk}/waarschuwen/", {"reason": " "})
    warned = connector.post(
        f"/buurtverbinder/leden/{resident.pk}/waarschuwen/", {"reason": "Blijf vriendelijk."}
    )

    assert empty.status_code == 400
    assert warned.status_code == 302
    assert Decision.objects.filter(action="warn", member=resident).count() == 1
    notice = Notice.objects.get(user=resident, kind="moderation")
    assert notice.body == "Blijf vriendelijk."


def test_blocking_a_member_ends_their_session_and_they_hear_why(
    resident: User, buurtverbinder: User, django_capture_on_commit_callbacks: Any
) -> None:
    resident_client = client_for(resident)
    assert resident_client.get("/buren/").status_code == 200
    connector = client_for(buurtverbinder)

    response = connector.post(
        f"/buurtverbinder/leden/{resident.pk}/blokkeren/", {"reason": "Steeds spam."}
    )

    assert response.status_code == 302
    resident.refresh_from_db()
    assert not resident.is_active
    assert Profile.objects.get(user=resident).status == Profile.Status.BLOCKED
    assert resident_client.get("/buren/").status_code == 302  # signed out
    signed_in = resident_client.post(
        "/account/login/", {"login": resident.email, "password": "buurt-demo-2026"}
    )
    assert signed_in["Location"] == "/account/inactive/"
    assert "Je kunt niet inloggen" in resident_client.get("/account/inactive/").content.decode()

    decision = Decision.objects.get(action="block", member=resident)
    mail.outbox.clear()
    assert email_block_decision.run(decision.pk)
    assert mail.outbox[0].to == [resident.email]
    assert "Steeds spam." in mail.outbox[0].body

    unblocked = connector.post(
        f"/buurtverbinder/leden/{resident.pk}/deblokkeren/", {"reason": "Afgesproken."}
    )
    assert unblocked.status_code == 302
    resident.refresh_from_db()
    assert resident.is_active


def test_a_buurtverbinder_cannot_block_themselves(buurtverbinder: User) -> None:
    response = client_for(buurtverbinder).post(
        f"/buurtverbinder/leden/{buurtverbinder.pk}/blokkeren/", {"reason": "Oeps"}
    )

    assert response.status_code == 403
    with pytest.raises(Exception, match="jezelf"):
        block_member(buurtverbinder, reason="Oeps", acting_user=buurtverbinder)


@pytest.mark.parametrize("extra", [2, 15])
def test_queue_and_log_query_counts_do_not_grow(
    buurtverbinder: User, extra: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(extra):
        reporter = make_member()
        author = make_member()
        message = send_message(reporter, body="Hallo", acting_user=author)
        report = report_content(
            kind="message", object_id=message.pk, reason="spam", acting_user=reporter
        )
        report_content(kind="profile", object_id=author.pk, reason="rude", acting_user=reporter)
        decide_on_report(report, action="hide", reason="Spam", acting_user=buurtverbinder)
    client = client_for(buurtverbinder)

    with django_assert_max_num_queries(16):
        assert client.get("/buurtverbinder/gemeld/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/buurtverbinder/logboek/").status_code == 200
    assert Message.objects.filter(state="hidden").count() >= extra
