"""Host routing: each host reaches its own buurtsite, the platform, or nothing at all."""

from __future__ import annotations

import pytest
from django.test import Client

from tenants.actions import add_domain, set_buurtsite_status
from tenants.models import Buurtsite, Domain
from tests.conftest import LINDENHOLT_HOST, OOST_HOST


@pytest.mark.parametrize(
    ("host", "name", "other"),
    [(OOST_HOST, "Nijmegen-Oost", "Lindenholt"), (LINDENHOLT_HOST, "Lindenholt", "Nijmegen-Oost")],
)
def test_each_buurtsite_host_serves_its_own_buurtsite(
    db: None, host: str, name: str, other: str
) -> None:
    response = Client(HTTP_HOST=host).get("/")

    assert response.status_code == 200
    assert response.context["buurtsite"].name == name
    assert f"– {name}</title>" in response.content.decode()
    assert other not in response.content.decode()


def test_platform_host_serves_the_public_schema(platform_client: Client) -> None:
    response = platform_client.get("/")

    assert response.status_code == 200
    assert response.context["buurtsite"] is None
    page = response.content.decode()
    assert "http://oost.localhost/" in page
    assert "http://lindenholt.localhost/" in page


def test_host_with_port_and_capitals_is_recognised(db: None) -> None:
    response = Client(HTTP_HOST="OOST.localhost:8000").get("/")

    assert response.status_code == 200
    assert response.context["buurtsite"].slug == "oost"


@pytest.mark.parametrize(
    "host", ["unknown.localhost", "oost.localhost.evil.example", "127.0.0.1", "www.oost.localhost"]
)
def test_unknown_host_gets_a_plain_404(db: None, host: str) -> None:
    response = Client(HTTP_HOST=host).get("/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Nijmegen-Oost" not in page
    assert "Lindenholt" not in page
    assert "Mijnbuurtje" not in page


def test_unknown_host_cannot_reach_platform_urls(db: None) -> None:
    assert Client(HTTP_HOST="unknown.localhost").get("/beheer/").status_code == 404
    assert Client(HTTP_HOST="unknown.localhost").get("/health/").status_code == 404


def test_platform_urls_are_not_served_on_a_buurtsite(oost_client: Client) -> None:
    assert oost_client.get("/beheer/").status_code == 404
    assert oost_client.get("/health/").status_code == 404


@pytest.mark.parametrize("status", [Buurtsite.Status.SUSPENDED, Buurtsite.Status.PROVISIONING])
def test_buurtsite_that_is_not_active_gets_a_friendly_503(
    oost: Buurtsite, oost_client: Client, status: str
) -> None:
    set_buurtsite_status(oost, status=status)

    response = oost_client.get("/")

    assert response.status_code == 503
    page = response.content.decode()
    assert "Nijmegen-Oost is tijdelijk niet beschikbaar" in page
    assert response["Retry-After"] == "3600"
    # Every path is closed, not only the home page.
    assert oost_client.get("/account/login/").status_code == 503


def test_resumed_buurtsite_serves_again(oost: Buurtsite, oost_client: Client) -> None:
    set_buurtsite_status(oost, status=Buurtsite.Status.SUSPENDED)
    assert oost_client.get("/").status_code == 503

    set_buurtsite_status(oost, status=Buurtsite.Status.ACTIVE)

    assert oost_client.get("/").status_code == 200


def test_own_domain_serves_its_buurtsite_once_verified_and_primary(lindenholt: Buurtsite) -> None:
    domain = add_domain(lindenholt, host="lindenholtleeft.nl", kind=Domain.Kind.CUSTOM)
    assert Client(HTTP_HOST="lindenholtleeft.nl").get("/").status_code == 404

    domain.is_verified = True
    domain.save()
    response = Client(HTTP_HOST="lindenholtleeft.nl").get("/")

    assert response.status_code == 200
    assert response.context["buurtsite"].slug == "lindenholt"


def test_other_hosts_redirect_to_the_primary_domain(lindenholt: Buurtsite) -> None:
    add_domain(lindenholt, host="lindenholtleeft.nl", kind=Domain.Kind.CUSTOM, verified=True)

    get = Client(HTTP_HOST="lindenholt.localhost").get("/account/login/?next=/")
    post = Client(HTTP_HOST="lindenholt.localhost").post("/account/login/", {"login": "x"})

    assert get.status_code == 301
    assert get["Location"] == "http://lindenholtleeft.nl/account/login/?next=/"
    assert post.status_code == 308  # a form sent to the old address keeps its method


def test_archived_buurtsite_can_be_read_but_not_changed(
    oost: Buurtsite, oost_client: Client
) -> None:
    set_buurtsite_status(oost, status=Buurtsite.Status.ARCHIVED)

    read = oost_client.get("/")
    change = oost_client.post("/account/login/", {"login": "bewoner@oost.localhost"})

    assert read.status_code == 200
    assert change.status_code == 403
    assert "Nijmegen-Oost kan alleen nog gelezen worden" in change.content.decode()


def test_deleted_buurtsite_answers_like_an_unknown_host_after_its_domains_are_released(
    oost: Buurtsite,
) -> None:
    set_buurtsite_status(oost, status=Buurtsite.Status.DELETED)
    assert Client(HTTP_HOST=OOST_HOST).get("/").status_code == 503

    Domain.objects.filter(tenant=oost).delete()

    assert Client(HTTP_HOST=OOST_HOST).get("/").status_code == 404


def test_archived_buurtsite_tells_its_readers(oost: Buurtsite, oost_client: Client) -> None:
    set_buurtsite_status(oost, status=Buurtsite.Status.ARCHIVED)

    page = oost_client.get("/").content.decode()

    assert "Deze buurtsite is gearchiveerd" in page
