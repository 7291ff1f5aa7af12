"""Ordering a buurtsite on the platform host, and the operator's decision."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import User
from provisioning import orders
from provisioning.models import Order, ProvisioningRun
from tenants.models import Buurtsite, Domain, Municipality

GOOD = {
    "municipality_name": "Wijchen",
    "cbs_code": "gm0296",
    "buurtsite_name": "Alverna Leeft",
    "slug": "alverna",
    "own_domain": "AlvernaLeeft.nl",
    "contact_name": "Fenna de Vries",
    "contact_email": "fenna@wijchen.nl",
    "plan": "small",
}


@pytest.fixture(autouse=True)
def _fresh_order_limit(db: None) -> None:
    """The limit counts per address in Redis, which outlives each test's transaction."""
    cache.delete("order-form:127.0.0.1")


@pytest.fixture
def operator(db: None) -> User:
    return User.objects.get(email="beheer@mijnbuurtje.localhost")


def test_order_form_is_on_the_platform_host_only(
    platform_client: Client, oost_client: Client
) -> None:
    page = platform_client.get("/bestellen/")

    assert page.status_code == 200
    assert oost_client.get("/bestellen/").status_code == 404


def test_placing_an_order(platform_client: Client, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = platform_client.post("/bestellen/", GOOD)

    assert response.status_code == 302
    assert response["Location"] == "/bestellen/ontvangen/"
    order = Order.objects.get()
    assert (order.cbs_code, order.slug, order.own_domain) == (
        "GM0296",
        "alverna",
        "alvernaleeft.nl",
    )
    assert order.status == Order.Status.PENDING
    assert [m.to for m in mail.outbox] == [["fenna@wijchen.nl"]]
    assert "Alverna Leeft" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("cbs_code", "0296"),
        ("slug", "www"),
        ("slug", "oost"),
        ("slug", "Met Spaties"),
        ("own_domain", "niet_geldig"),
        ("contact_email", "geen-adres"),
        ("plan", "gratis"),
        ("buurtsite_name", ""),
    ],
)
def test_bad_input_gets_a_400_and_nothing_is_saved(
    platform_client: Client, field: str, value: str
) -> None:
    response = platform_client.post("/bestellen/", {**GOOD, field: value})

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert 'role="alert"' in response.content.decode()
    assert not Order.objects.exists()
    assert not mail.outbox


def test_a_slug_already_ordered_cannot_be_ordered_twice(db: None) -> None:
    orders.place_order(**GOOD)

    with pytest.raises(ValidationError) as raised:
        orders.place_order(**{**GOOD, "contact_email": "ander@wijchen.nl"})
    assert "slug" in raised.value.message_dict


def test_too_many_orders_from_one_address(platform_client: Client) -> None:
    for index in range(5):
        platform_client.post("/bestellen/", {**GOOD, "slug": f"buurt-{index}", "own_domain": ""})

    response = platform_client.post("/bestellen/", {**GOOD, "slug": "buurt-9", "own_domain": ""})

    assert response.status_code == 429
    assert Order.objects.count() == 5


def test_approving_starts_provisioning_and_mails_the_dns_records(
    operator: User, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provisioning.tasks import advance_run

    sent: list[int] = []
    monkeypatch.setattr(advance_run, "delay_on_commit", lambda run_id: sent.append(run_id))
    order = orders.place_order(**GOOD)

    with django_capture_on_commit_callbacks(execute=True):
        orders.approve_order(order, acting_operator=operator)

    order.refresh_from_db()
    assert order.status == Order.Status.APPROVED
    assert order.decided_by == operator.email
    assert Municipality.objects.get(cbs_code="GM0296").name == "Wijchen"
    buurtsite = Buurtsite.objects.get(slug="alverna")
    assert order.run == ProvisioningRun.objects.get(buurtsite=buurtsite)
    assert sent == [order.run.pk]
    assert set(Domain.objects.filter(tenant=buurtsite).values_list("domain", flat=True)) == {
        "alvernaleeft.nl",
        "www.alvernaleeft.nl",
    }
    body = mail.outbox[-1].body
    assert "alverna.localhost" in body
    assert "_mijnbuurtje.alvernaleeft.nl" in body
    assert order.run.buurtsite.domains.first().verification_token in body  # type: ignore[union-attr]


def test_rejecting_needs_a_reason_and_mails_it(
    operator: User, django_capture_on_commit_callbacks: Any
) -> None:
    order = orders.place_order(**GOOD)
    with pytest.raises(ValidationError):
        orders.reject_order(order, acting_operator=operator, reason="  ")

    with django_capture_on_commit_callbacks(execute=True):
        orders.reject_order(order, acting_operator=operator, reason="Wijchen heeft al een site.")

    order.refresh_from_db()
    assert order.status == Order.Status.REJECTED
    assert "Wijchen heeft al een site." in mail.outbox[-1].body
    assert not Buurtsite.objects.filter(slug="alverna").exists()


def test_an_order_is_decided_once(operator: User) -> None:
    order = orders.place_order(**{**GOOD, "own_domain": ""})
    orders.reject_order(order, acting_operator=operator, reason="Dubbel")

    with pytest.raises(ValidationError):
        orders.approve_order(order, acting_operator=operator)
    assert not Buurtsite.objects.filter(slug="alverna").exists()


def test_the_set_up_invites_the_first_buurtverbinder(
    operator: User, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provisioning import actions
    from provisioning.tasks import advance_run

    monkeypatch.setattr(advance_run, "delay_on_commit", lambda run_id: None)
    order = orders.place_order(
        **{**GOOD, "own_domain": "", "buurtverbinder_email": "sanne@alverna.nl"}
    )
    order = orders.approve_order(order, acting_operator=operator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        result = actions.advance_run(order.run_id)  # type: ignore[arg-type]
        while result.outcome is actions.Outcome.STEP_DONE:
            result = actions.advance_run(order.run_id)  # type: ignore[arg-type]

    assert result.outcome is actions.Outcome.SUCCEEDED
    invitation = [m for m in mail.outbox if m.to == ["sanne@alverna.nl"]]
    assert len(invitation) == 1
    assert "http://alverna.localhost:8000/uitnodiging/" in invitation[0].body
