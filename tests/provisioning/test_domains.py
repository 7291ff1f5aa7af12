"""Own domains: names checked, DNS records shown, verified against a real DNS server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from pytest_django import Settings

from provisioning import domains
from tenants.actions import add_domain, make_primary_domain, set_buurtsite_status
from tenants.models import Buurtsite, Domain
from tests.provisioning.dns_server import DnsServer

TARGET = "sites.mijnbuurtje.test"


@pytest.fixture
def dns_server(settings: Settings) -> Iterator[DnsServer]:
    server = DnsServer()
    settings.DNS_NAMESERVERS = ["127.0.0.1"]
    settings.DNS_PORT = server.port
    settings.DNS_TIMEOUT_SECONDS = 1.0
    settings.PLATFORM_CNAME_TARGET = TARGET
    settings.PLATFORM_IPV4 = ["192.0.2.10"]
    settings.PLATFORM_IPV6 = []
    with server.running():
        yield server


@pytest.mark.parametrize(
    ("raw", "ascii"),
    [
        ("LindenholtLeeft.NL", "lindenholtleeft.nl"),
        ("https://www.lindenholtleeft.nl/", "www.lindenholtleeft.nl"),
        ("café.nl", "xn--caf-dma.nl"),
        ("MÜNCHEN.de.", "xn--mnchen-3ya.de"),
    ],
)
def test_domain_names_are_stored_in_ascii(raw: str, ascii: str) -> None:
    assert domains.ascii_host(raw) == ascii


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Vul een domeinnaam in"),
        ("localhost", "geen geldige domeinnaam"),
        ("-fout.nl", "geen geldige domeinnaam"),
        ("te_veel.nl", "geen geldige domeinnaam"),
        ("a" * 64 + ".nl", "geen geldige domeinnaam"),
        ("admin.nl", "gereserveerd"),
        ("oost.localhost", "platform zelf"),
    ],
)
def test_bad_domain_names_get_a_dutch_message(db: None, raw: str, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        domains.ascii_host(raw)
    assert message in raised.value.messages[0]


def test_requesting_an_own_domain_adds_it_and_its_www_variant_unverified(
    lindenholt: Buurtsite,
) -> None:
    added = domains.request_own_domain(lindenholt, host="Lindenholtleeft.nl")

    assert [d.domain for d in added] == ["lindenholtleeft.nl", "www.lindenholtleeft.nl"]
    assert all(not d.is_verified and not d.is_primary for d in added)
    assert added[0].verification_token == added[1].verification_token
    assert Client(HTTP_HOST="lindenholtleeft.nl").get("/").status_code == 404


def test_a_domain_of_another_buurtsite_is_refused(oost: Buurtsite, lindenholt: Buurtsite) -> None:
    domains.request_own_domain(oost, host="oostleeft.nl")

    with pytest.raises(ValidationError, match="al in gebruik"):
        domains.request_own_domain(lindenholt, host="www.oostleeft.nl")
    assert not Domain.objects.filter(tenant=lindenholt, domain__contains="oostleeft").exists()


def test_dns_records_to_set(lindenholt: Buurtsite, dns_server: DnsServer) -> None:
    bare, www = domains.request_own_domain(lindenholt, host="lindenholtleeft.nl")

    assert domains.dns_records_for(bare) == [
        domains.DnsRecord("lindenholtleeft.nl", "A", "192.0.2.10"),
        domains.DnsRecord("_mijnbuurtje.lindenholtleeft.nl", "TXT", bare.verification_token),
    ]
    assert domains.dns_records_for(www) == [
        domains.DnsRecord("www.lindenholtleeft.nl", "CNAME", TARGET),
        domains.DnsRecord("_mijnbuurtje.lindenholtleeft.nl", "TXT", bare.verification_token),
    ]


def test_verification_with_the_right_records(lindenholt: Buurtsite, dns_server: DnsServer) -> None:
    bare, www = domains.request_own_domain(lindenholt, host="lindenholtleeft.nl")
    dns_server.set("_mijnbuurtje.lindenholtleeft.nl", "TXT", f'"{bare.verification_token}"')
    dns_server.set("lindenholtleeft.nl", "A", "192.0.2.10")
    dns_server.set("www.lindenholtleeft.nl", "CNAME", f"{TARGET}.")

    domains.verify_domain(bare)
    domains.verify_domain(www)

    assert bare.is_verified and www.is_verified
    assert bare.verified_at is not None and bare.check_result == ""
    make_primary_domain(bare)
    assert Client(HTTP_HOST="lindenholtleeft.nl").get("/").status_code == 200
    redirect = Client(HTTP_HOST="www.lindenholtleeft.nl").get("/nieuws/?pagina=2")
    assert redirect.status_code == 301
    assert redirect["Location"] == "http://lindenholtleeft.nl/nieuws/?pagina=2"
    assert Client(HTTP_HOST="lindenholt.localhost").get("/").status_code == 301


@pytest.mark.parametrize(
    ("records", "complaint"),
    [
        ({}, "TXT-record"),
        ({("_mijnbuurtje.lindenholtleeft.nl", "TXT"): ['"verkeerd"']}, "TXT-record"),
        ({("_mijnbuurtje.lindenholtleeft.nl", "TXT"): ["TOKEN"]}, "adressen van het platform"),
        (
            {
                ("_mijnbuurtje.lindenholtleeft.nl", "TXT"): ["TOKEN"],
                ("lindenholtleeft.nl", "A"): ["203.0.113.5"],
            },
            "adressen van het platform",
        ),
    ],
)
def test_verification_fails_with_wrong_or_missing_records(
    lindenholt: Buurtsite, dns_server: DnsServer, records: dict, complaint: str
) -> None:
    bare, _www = domains.request_own_domain(lindenholt, host="lindenholtleeft.nl")
    for (name, kind), values in records.items():
        dns_server.set(
            name, kind, *[v.replace("TOKEN", f'"{bare.verification_token}"') for v in values]
        )

    domains.verify_domain(bare)

    bare.refresh_from_db()
    assert not bare.is_verified
    assert complaint in bare.check_result
    assert bare.last_checked_at is not None
    assert Client(HTTP_HOST="lindenholtleeft.nl").get("/").status_code == 404


def test_dns_outage_is_reported_not_mistaken_for_a_wrong_record(
    lindenholt: Buurtsite, dns_server: DnsServer
) -> None:
    bare, _www = domains.request_own_domain(lindenholt, host="lindenholtleeft.nl")
    dns_server.silent = True

    domains.verify_domain(bare)

    assert not bare.is_verified
    assert "DNS niet bereiken" in bare.check_result


def test_certificate_only_for_verified_domains_of_serving_buurtsites(
    oost: Buurtsite, lindenholt: Buurtsite, platform_client: Client
) -> None:
    add_domain(oost, host="oostleeft.nl", kind=Domain.Kind.CUSTOM, primary=False, verified=True)
    add_domain(lindenholt, host="nognietklaar.nl", kind=Domain.Kind.CUSTOM, primary=False)

    def ask(host: str) -> int:
        return platform_client.get("/caddy/ask/", {"domain": host}).status_code

    assert ask("oostleeft.nl") == 200
    assert ask("OOSTLEEFT.NL") == 200
    assert ask("oost.localhost") == 200
    assert ask("nognietklaar.nl") == 404
    assert ask("onbekend.nl") == 404
    assert ask("") == 404
    set_buurtsite_status(oost, status=Buurtsite.Status.SUSPENDED)
    assert ask("oostleeft.nl") == 404


def test_certificate_question_is_not_answered_on_a_buurtsite_host(oost_client: Client) -> None:
    assert oost_client.get("/caddy/ask/", {"domain": "oost.localhost"}).status_code == 404


def test_periodic_check_verifies_waiting_domains_and_survives_a_broken_one(
    lindenholt: Buurtsite, oost: Buurtsite, dns_server: DnsServer
) -> None:
    from provisioning.actions import check_own_domains

    bare, _www = domains.request_own_domain(lindenholt, host="lindenholtleeft.nl")
    domains.request_own_domain(oost, host="oostleeft.nl")  # no records at all
    dns_server.set("_mijnbuurtje.lindenholtleeft.nl", "TXT", f'"{bare.verification_token}"')
    dns_server.set("lindenholtleeft.nl", "A", "192.0.2.10")
    dns_server.set("www.lindenholtleeft.nl", "CNAME", f"{TARGET}.")

    assert check_own_domains() == 2

    assert set(
        Domain.objects.filter(kind=Domain.Kind.CUSTOM, is_verified=True).values_list(
            "domain", flat=True
        )
    ) == {"lindenholtleeft.nl", "www.lindenholtleeft.nl"}
    assert domains.domains_to_check().count() == 2  # oost's pair keeps waiting


def test_provisioning_checks_the_own_domain_once_and_does_not_wait_for_it(
    db: None, dns_server: DnsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provisioning import actions
    from provisioning.tasks import advance_run
    from tenants.models import Municipality

    monkeypatch.setattr(advance_run, "delay_on_commit", lambda *args: None)
    run = actions.order_buurtsite(
        Municipality.objects.get(cbs_code="GM0268"), name="Hatert", slug="hatert"
    )
    bare, www = domains.request_own_domain(run.buurtsite, host="hatertleeft.nl")
    dns_server.set("_mijnbuurtje.hatertleeft.nl", "TXT", f'"{bare.verification_token}"')
    dns_server.set("hatertleeft.nl", "A", "192.0.2.10")  # www is not set up yet

    result = actions.advance_run(run.pk)
    while result.outcome is actions.Outcome.STEP_DONE:
        result = actions.advance_run(run.pk)

    assert result.outcome is actions.Outcome.SUCCEEDED
    bare.refresh_from_db()
    www.refresh_from_db()
    assert bare.is_verified and not www.is_verified
