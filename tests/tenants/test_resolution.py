"""The host map: cached in process memory, invalidated when a domain or buurtsite changes."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.actions import add_domain, set_buurtsite_status
from tenants.models import Buurtsite, Domain
from tenants.resolution import HostKind, HostMap, host_map, normalise_host


@pytest.mark.parametrize(
    ("raw", "host"),
    [
        ("Oost.Localhost:8000", "oost.localhost"),
        ("oost.localhost.", "oost.localhost"),
        ("[::1]:8000", "[::1]"),
        ("lindenholtleeft.nl", "lindenholtleeft.nl"),
    ],
)
def test_normalise_host(raw: str, host: str) -> None:
    assert normalise_host(raw) == host


def test_second_resolution_of_a_host_needs_no_query(db: None) -> None:
    first = host_map.resolve("oost.localhost")

    with CaptureQueriesContext(connection) as queries:
        second = host_map.resolve("oost.localhost")

    assert first.kind is HostKind.BUURTSITE
    assert second.buurtsite == first.buurtsite
    assert len(queries) == 0


def test_unknown_hosts_are_remembered_too(db: None) -> None:
    host_map.resolve("scanner.example")

    with CaptureQueriesContext(connection) as queries:
        resolved = host_map.resolve("scanner.example")

    assert resolved.kind is HostKind.UNKNOWN
    assert len(queries) == 0


def test_new_domain_is_served_at_once(lindenholt: Buurtsite) -> None:
    assert host_map.resolve("lindenholtleeft.nl").kind is HostKind.UNKNOWN

    add_domain(
        lindenholt,
        host="lindenholtleeft.nl",
        kind=Domain.Kind.CUSTOM,
        primary=False,
        verified=True,
    )

    resolved = host_map.resolve("lindenholtleeft.nl")
    assert resolved.kind is HostKind.BUURTSITE
    assert resolved.buurtsite is not None and resolved.buurtsite.slug == "lindenholt"
    assert resolved.redirect_to == "lindenholt.localhost"


def test_unverified_own_domain_serves_nothing(lindenholt: Buurtsite) -> None:
    add_domain(lindenholt, host="nog-niet.nl", kind=Domain.Kind.CUSTOM, primary=False)

    assert host_map.resolve("nog-niet.nl").kind is HostKind.UNKNOWN


def test_primary_own_domain_is_served_and_the_subdomain_redirects_to_it(
    lindenholt: Buurtsite,
) -> None:
    add_domain(lindenholt, host="lindenholtleeft.nl", kind=Domain.Kind.CUSTOM, verified=True)

    own = host_map.resolve("lindenholtleeft.nl")
    subdomain = host_map.resolve("lindenholt.localhost")

    assert own.kind is HostKind.BUURTSITE and own.redirect_to is None
    assert subdomain.redirect_to == "lindenholtleeft.nl"


def test_removed_domain_stops_serving(lindenholt: Buurtsite) -> None:
    domain = add_domain(
        lindenholt, host="oud.example", kind=Domain.Kind.CUSTOM, primary=False, verified=True
    )
    assert host_map.resolve("oud.example").kind is HostKind.BUURTSITE

    domain.delete()

    assert host_map.resolve("oud.example").kind is HostKind.UNKNOWN


def test_status_change_reaches_the_cached_buurtsite(oost: Buurtsite) -> None:
    assert host_map.resolve("oost.localhost").buurtsite.is_serving  # type: ignore[union-attr]

    set_buurtsite_status(oost, status=Buurtsite.Status.SUSPENDED)

    assert not host_map.resolve("oost.localhost").buurtsite.is_serving  # type: ignore[union-attr]


def test_other_process_drops_its_copy_when_the_shared_version_changes(
    lindenholt: Buurtsite, settings: object
) -> None:
    # A second map stands for another web process: it does not hear this process's signals.
    other_process = HostMap()
    assert other_process.resolve("nieuw.example").kind is HostKind.UNKNOWN
    Domain.objects.bulk_create(  # bulk_create sends no signals: nobody is told directly
        [Domain(tenant=lindenholt, domain="nieuw.example", is_primary=False, is_verified=True)]
    )
    assert other_process.resolve("nieuw.example").kind is HostKind.UNKNOWN

    caches["platform"].incr("host-map-version")
    other_process._checked_at = 0.0  # as if the recheck interval had passed

    assert other_process.resolve("nieuw.example").kind is HostKind.BUURTSITE


def test_platform_domain_needs_no_lookup(db: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        resolved = host_map.resolve("localhost:8000")

    assert resolved.kind is HostKind.PLATFORM
    assert len(queries) == 0
