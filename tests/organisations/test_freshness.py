"""Freshness: services unconfirmed for six months are flagged; admins get one reminder."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from organisations import actions, selectors
from organisations.models import MembershipRole, Organisation, Service
from organisations.tasks import send_freshness_reminders
from tests.organisations.factories import make_portal_user, make_service


def _age(service: Service, days: int) -> None:
    Service.objects.filter(pk=service.pk).update(confirmed_at=timezone.now() - timedelta(days=days))
    service.refresh_from_db()


def test_a_service_unconfirmed_for_six_months_is_flagged(
    admin_client: Client, organisation: Organisation
) -> None:
    fresh = make_service(organisation, name="Taalcafé")
    old = make_service(organisation, name="Voedselbank-intake")
    _age(old, 183)
    _age(fresh, 150)

    assert selectors.is_stale(old) and not selectors.is_stale(fresh)
    assert list(selectors.stale_services_of(organisation)) == [old]
    home = admin_client.get("/portaal/").content.decode()
    assert "Voedselbank-intake klopt nog" in home
    assert "Taalcafé klopt nog" not in home
    assert "graag nakijken" in admin_client.get("/portaal/diensten/").content.decode()


def test_still_correct_confirms_in_one_click(
    admin_client: Client, organisation: Organisation
) -> None:
    old = make_service(organisation, name="Voedselbank-intake")
    _age(old, 200)

    response = admin_client.post(f"/portaal/diensten/{old.pk}/klopt-nog/")

    assert response.status_code == 302
    old.refresh_from_db()
    assert not selectors.is_stale(old)
    assert timezone.now() - old.confirmed_at < timedelta(minutes=1)


def test_an_edit_also_confirms(organisation: Organisation, org_admin: User) -> None:
    old = make_service(organisation, name="Voedselbank-intake")
    _age(old, 200)

    actions.save_service(
        organisation,
        service=old,
        acting_user=org_admin,
        name="Voedselbank",
        categories=["geldzaken"],
    )

    old.refresh_from_db()
    assert not selectors.is_stale(old)


def test_the_reminder_task_sends_one_email_per_admin_however_often_it_runs(
    organisation: Organisation,
    org_admin: User,
    org_editor: User,
    django_capture_on_commit_callbacks: object,
) -> None:
    second_admin = make_portal_user(organisation, role=MembershipRole.ADMIN)
    old = make_service(organisation, name="Voedselbank-intake")
    also_old = make_service(organisation, name="Formulierenhulp")
    make_service(organisation, name="Taalcafé")
    _age(old, 190)
    _age(also_old, 400)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        first = send_freshness_reminders.apply().get()
        second = send_freshness_reminders.apply().get()

    assert (first, second) == (2, 0)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [org_admin.email, second_admin.email]
    )
    body = mail.outbox[0].body
    assert "Voedselbank-intake" in body and "Formulierenhulp" in body
    assert "Taalcafé" not in body
    assert "http://localhost:8000/portaal/diensten/" in body
    assert "Kloppen de diensten van Stichting Sterker Sociaal Werk nog?" in mail.outbox[0].subject


def test_a_reminder_comes_again_after_the_reminder_period(
    organisation: Organisation, org_admin: User, django_capture_on_commit_callbacks: object
) -> None:
    old = make_service(organisation, name="Voedselbank-intake")
    _age(old, 190)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        actions.send_freshness_reminders()
        later = timezone.now() + selectors.REMINDER_PERIOD + timedelta(minutes=1)
        again = actions.send_freshness_reminders(now=later)

    assert again == 1
    assert len(mail.outbox) == 2


def test_confirming_resets_the_reminder(
    organisation: Organisation, org_admin: User, django_capture_on_commit_callbacks: object
) -> None:
    old = make_service(organisation, name="Voedselbank-intake")
    _age(old, 190)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        actions.send_freshness_reminders()
    actions.confirm_service(old, acting_user=org_admin)

    old.refresh_from_db()
    assert old.reminded_at is None
    assert old not in selectors.reminders_due(now=timezone.now())


def test_withdrawn_services_are_never_flagged(organisation: Organisation, org_admin: User) -> None:
    old = make_service(organisation, name="Gestopt project")
    actions.withdraw_service(old, acting_user=org_admin)
    _age(old, 400)

    assert not selectors.is_stale(old)
    assert old not in selectors.reminders_due(now=timezone.now())
