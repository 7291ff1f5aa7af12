"""Own domains for buurtsites: checking the name, showing the DNS records, verifying them.

A municipality proves it controls a domain with two DNS records: the host points at the
platform (a CNAME, or for a bare domain A/AAAA records with the platform's addresses) and a TXT
record carries a token of ours. Names are stored and compared in their ASCII (IDNA) form.
DNS is asked through one boundary, `make_resolver()`, configured by settings.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass

import dns.exception
import dns.resolver
import idna
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.actions import RESERVED_SLUGS, add_domain
from tenants.models import Buurtsite, Domain

logger = logging.getLogger(__name__)

TXT_PREFIX = "_mijnbuurtje"
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@dataclass(frozen=True)
class DnsRecord:
    name: str
    type: str
    value: str


def ascii_host(raw: str) -> str:
    """The domain in the ASCII form DNS and browsers use; a clear Dutch message when invalid."""
    host = raw.strip().lower().rstrip(".")
    for prefix in ("https://", "http://"):
        host = host.removeprefix(prefix)
    host = host.split("/", 1)[0]
    if not host:
        raise ValidationError(_("Enter a domain name, for example lindenholtleeft.nl."))
    try:
        host = idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        raise ValidationError(
            _("%(host)s is not a valid domain name.") % {"host": raw.strip()}
        ) from None
    labels = host.split(".")
    if len(labels) < 2 or len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise ValidationError(_("%(host)s is not a valid domain name.") % {"host": raw.strip()})
    if labels[0] in RESERVED_SLUGS - {"www"}:
        raise ValidationError(_("This name is reserved; choose another one."))
    platform = settings.PLATFORM_DOMAIN
    if host == platform or host.endswith(f".{platform}"):
        raise ValidationError(_("Addresses of the platform itself cannot be added as own domain."))
    return host


def sibling_host(host: str) -> str:
    """The www variant of a bare domain, or the bare variant of a www one."""
    return host.removeprefix("www.") if host.startswith("www.") else f"www.{host}"


@transaction.atomic
def request_own_domain(buurtsite: Buurtsite, *, host: str) -> list[Domain]:
    """Add an own domain and its www or bare variant, both waiting for DNS verification."""
    name = ascii_host(host)
    names = [name, sibling_host(name)]
    taken = Domain.objects.filter(domain__in=names).exclude(tenant=buurtsite)
    if taken.exists():
        raise ValidationError(
            _("%(host)s is already in use by another buurtsite.") % {"host": name}
        )
    token = secrets.token_urlsafe(24)
    domains = []
    for each in names:
        existing = Domain.objects.filter(domain=each, tenant=buurtsite).first()
        domains.append(
            existing
            or add_domain(
                buurtsite,
                host=each,
                kind=Domain.Kind.CUSTOM,
                primary=False,
                verification_token=token,
            )
        )
    logger.info(
        "Own domain requested",
        extra={"buurtsite_id": buurtsite.pk, "domain_ids": [d.pk for d in domains]},
    )
    return domains


def dns_records_for(domain: Domain) -> list[DnsRecord]:
    """Exactly what the municipality's DNS must hold for this domain."""
    token = DnsRecord(
        f"{TXT_PREFIX}.{domain.domain.removeprefix('www.')}", "TXT", domain.verification_token
    )
    if domain.domain.count(".") >= 2:  # a subdomain such as www.: a CNAME can point it
        return [DnsRecord(domain.domain, "CNAME", settings.PLATFORM_CNAME_TARGET), token]
    # A bare domain cannot hold a CNAME: it points at the platform's addresses.
    addresses = [DnsRecord(domain.domain, "A", ip) for ip in settings.PLATFORM_IPV4] + [
        DnsRecord(domain.domain, "AAAA", ip) for ip in settings.PLATFORM_IPV6
    ]
    return [*addresses, token]


def make_resolver() -> dns.resolver.Resolver:
    """The one place that decides which DNS server is asked."""
    if not settings.DNS_NAMESERVERS:
        resolver = dns.resolver.Resolver()
    else:
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = list(settings.DNS_NAMESERVERS)
        resolver.port = settings.DNS_PORT
    resolver.lifetime = settings.DNS_TIMEOUT_SECONDS
    resolver.cache = None  # a "check now" must see what the DNS says now
    return resolver


def verify_domain(domain: Domain) -> Domain:
    """Ask DNS for both records; mark the domain verified when they are right."""
    problem = _dns_problem(domain, make_resolver())
    domain.last_checked_at = timezone.now()
    domain.check_result = problem or ""
    fields = ["last_checked_at", "check_result"]
    if problem is None and not domain.is_verified:
        domain.is_verified = True
        domain.verified_at = domain.last_checked_at
        fields += ["is_verified", "verified_at"]
        logger.info("Own domain verified", extra={"domain_id": domain.pk})
    domain.save(update_fields=fields)
    return domain


def _dns_problem(domain: Domain, resolver: dns.resolver.Resolver) -> str | None:
    expected = {(r.type, r.value.rstrip(".").lower()) for r in dns_records_for(domain)}
    txt_name = f"{TXT_PREFIX}.{domain.domain.removeprefix('www.')}"
    txt = _answers(resolver, txt_name, "TXT")
    if txt is None:
        return _("We could not reach the DNS. We will try again later.")
    if domain.verification_token not in txt:
        return _("The TXT record %(name)s is missing or holds another value.") % {"name": txt_name}

    if ("CNAME", settings.PLATFORM_CNAME_TARGET.rstrip(".").lower()) in expected:
        cname = _answers(resolver, domain.domain, "CNAME") or set()
        if settings.PLATFORM_CNAME_TARGET.rstrip(".").lower() not in cname:
            return _("%(host)s does not point to %(target)s yet (CNAME record).") % {
                "host": domain.domain,
                "target": settings.PLATFORM_CNAME_TARGET,
            }
        return None
    addresses = (_answers(resolver, domain.domain, "A") or set()) | (
        _answers(resolver, domain.domain, "AAAA") or set()
    )
    wanted = {value for kind, value in expected if kind in {"A", "AAAA"}}
    if not addresses or not addresses <= wanted:
        return _("%(host)s does not point to the addresses of the platform yet.") % {
            "host": domain.domain
        }
    return None


def _answers(resolver: dns.resolver.Resolver, name: str, kind: str) -> set[str] | None:
    """The record values, an empty set when there are none, None when DNS did not answer."""
    try:
        answer = resolver.resolve(name, kind, raise_on_no_answer=False)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoNameservers):
        return set()
    except dns.exception.Timeout:
        return None
    if kind == "TXT":  # tokens are case-sensitive; a TXT value may come in several strings
        return {b"".join(record.strings).decode("utf-8", "replace") for record in answer}
    return {record.to_text().rstrip(".").lower() for record in answer}


def verify_domains(candidates: QuerySet[Domain]) -> int:
    """Check each domain; one whose check breaks does not stop the others. Returns how many
    are verified now."""
    verified = 0
    for domain in candidates.iterator():
        try:
            verified += verify_domain(domain).is_verified
        except Exception:
            logger.exception("Own domain check failed", extra={"domain_id": domain.pk})
    return verified


def domains_to_check() -> QuerySet[Domain]:
    """Own domains still waiting for their DNS records, for the periodic check."""
    return Domain.objects.filter(kind=Domain.Kind.CUSTOM, is_verified=False).exclude(
        tenant__status=Buurtsite.Status.DELETED
    )


def certificate_allowed(host: str) -> bool:
    """The reverse proxy asks before requesting a certificate: only for hosts we serve."""
    try:
        name = idna.encode(host.strip().lower().rstrip("."), uts46=True).decode("ascii")
    except idna.IDNAError:
        return False
    return Domain.objects.filter(
        domain=name,
        is_verified=True,
        tenant__status__in=Buurtsite.serving_statuses(),
    ).exists()
