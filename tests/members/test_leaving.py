"""Leaving and privacy: the data export holds everything; deletion leaves no trace."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.storage import default_storage
from django.db import connection

from accounts.models import User
from members.models import Notice, Profile
from messaging.actions import block_member, send_message
from messaging.models import Conversation, Message
from moderation.actions import decide_on_report, report_content, warn_member
from moderation.models import Decision, Report
from tests.members.factories import client_for, image_upload, make_member

NAME = "Wilhelmina Zeldzaamnaam"
EMAIL = "wilhelmina.zeldzaam@example.nl"
STREET = "Kwakkenbergweg"
SECRET_MESSAGE = "Mijn sleutel ligt onder de mat bij nummer 7"


def _leaver(resident: User, buurtverbinder: User) -> User:
    """A member who has left traces in every app."""
    member = make_member(
        name=NAME,
        email=EMAIL,
        area=STREET,
        about=f"Ik ben {NAME}.",
        offer="Oppassen",
        skills=["Zeldzaamnaamkunde"],
    )
    client_for(member).post("/profiel/foto/", {"photo": image_upload()})
    send_message(resident, body=SECRET_MESSAGE, acting_user=member)
    reply = send_message(member, body="Dank je!", acting_user=resident)
    block_member(buurtverbinder, acting_user=member)
    report_content(
        kind="message",
        object_id=reply.pk,
        reason="other",
        explanation=f"Groet van {NAME}",
        acting_user=member,
    )
    report = report_content(
        kind="profile", object_id=member.pk, reason="spam", acting_user=resident
    )
    decide_on_report(report, action="hide", reason="Reclame", acting_user=buurtverbinder)
    warn_member(member, reason="Let op je toon", acting_user=buurtverbinder)
    return member


def test_export_holds_every_field_of_the_member(resident: User, buurtverbinder: User) -> None:
    member = _leaver(resident, buurtverbinder)

    response = client_for(member).get("/profiel/mijn-gegevens.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    account = data["account"]["account"]
    for field in User._meta.concrete_fields:
        if field.name in {"password", "is_superuser", "is_staff", "id"}:
            continue
        exported = {"display_name": "name", "date_joined": "joined"}.get(field.name, field.name)
        assert exported in account, field.name
    assert account["email"] == EMAIL
    profile = data["account"]["profile"]
    for field in Profile._meta.concrete_fields:
        if field.name not in {"user", "approved_by"}:
            assert field.name in profile, field.name
    assert profile["area"] == STREET
    assert profile["skills"] == ["Zeldzaamnaamkunde"]
    assert [m["text"] for m in data["messaging"]["messages_sent"]] == [SECRET_MESSAGE]
    assert data["messaging"]["blocked_members"][0]["member"] == buurtverbinder.pk
    assert data["moderation"]["reports_made"][0]["explanation"] == f"Groet van {NAME}"
    assert {d["action"] for d in data["moderation"]["decisions_about_me"]} == {"hide", "warn"}
    assert data["account"]["notices"]
    default_storage.delete(Profile.objects.get(user=member).photo)


def _text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = %s
              AND data_type IN ('text', 'character varying', 'jsonb', 'json')
            """,
            [connection.schema_name],
        )
        return list(cursor.fetchall())


def _tables_mentioning(*needles: str) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            for needle in needles:
                cursor.execute(
                    f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',
                    [f"%{needle}%"],
                )
                if cursor.fetchone():
                    found.append(f"{table}.{column} contains {needle!r}")
    return found


def test_deleting_the_account_leaves_no_personal_data_in_any_table(
    resident: User, buurtverbinder: User, django_capture_on_commit_callbacks: Any
) -> None:
    member = _leaver(resident, buurtverbinder)
    photo = Profile.objects.get(user=member).photo
    client = client_for(member)
    assert _tables_mentioning(EMAIL, NAME, STREET, SECRET_MESSAGE)  # the search does work

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/profiel/opzeggen/", {"confirm": "on"})

    assert response.status_code == 302
    assert _tables_mentioning(EMAIL, NAME, STREET, SECRET_MESSAGE, "Zeldzaamnaam") == []
    assert not User.objects.filter(pk=member.pk).exists()
    assert not default_storage.exists(photo)
    # The session ended with the account.
    assert not client.get("/").context["user"].is_authenticated
    # What others need stays, without the member: the resident's own reply, the audit trail.
    assert Message.objects.filter(sender=resident, body="Dank je!").exists()
    assert Conversation.objects.filter(participants__user=resident).exists()
    assert Decision.objects.filter(action="warn", member__isnull=True).exists()
    assert Report.objects.filter(reporter__isnull=True, reason="other").exists()
    assert not Notice.objects.filter(user_id=member.pk).exists()


def test_deleting_needs_a_confirmation(resident: User) -> None:
    response = client_for(resident).post("/profiel/opzeggen/", {})

    assert response.status_code == 400
    assert "Zet een vinkje" in response.content.decode()
    assert User.objects.filter(pk=resident.pk).exists()


def test_a_member_waiting_for_approval_can_also_leave(in_oost: Any) -> None:
    waiting = make_member(status=Profile.Status.PENDING)

    response = client_for(waiting).post("/profiel/opzeggen/", {"confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=waiting.pk).exists()


def test_export_is_the_members_own_only(resident: User, neighbour: User) -> None:
    send_message(neighbour, body="Alleen van Ria", acting_user=resident)

    data = json.loads(client_for(neighbour).get("/profiel/mijn-gegevens.json").content)

    assert data["account"]["account"]["email"] == neighbour.email
    assert data["messaging"]["messages_sent"] == []
