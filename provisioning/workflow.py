"""The steps that bring a buurtsite to life, in order. Each can run twice with one result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import tenant_context

from accounts.models import User
from members.invitations import invite_member
from provisioning import content, domains, schemas
from provisioning.models import Order
from tenants.actions import add_domain, platform_host_for, set_buurtsite_status
from tenants.models import Buurtsite, Domain
from themes.actions import provide_default_theme


@dataclass(frozen=True)
class Step:
    name: str
    label: Promise
    run: Callable[[Buurtsite], None]


def create_schema(buurtsite: Buurtsite) -> None:
    schemas.create_schema_from_template(buurtsite.schema_name, template=schemas.current_template())


def load_default_content(buurtsite: Buurtsite) -> None:
    content.load_default_content(buurtsite)


def attach_platform_subdomain(buurtsite: Buurtsite) -> None:
    host = platform_host_for(buurtsite.slug)
    if not Domain.objects.filter(domain=host, tenant=buurtsite).exists():
        add_domain(buurtsite, host=host, kind=Domain.Kind.PLATFORM, verified=True)


def attach_theme(buurtsite: Buurtsite) -> None:
    """The default theme, published and built: the buurtsite opens with its own look.

    Built here rather than in another task: a default theme builds in well under a second, and
    the run then means "answering with its theme" when it succeeds.
    """
    provide_default_theme(buurtsite, synchronous=True)


def start_domain_verification(buurtsite: Buurtsite) -> None:
    """Check the own domains once now; the periodic check keeps trying until they are right.

    DNS records are set by the municipality, often days later: a failed check is no failure
    of the run.
    """
    domains.verify_domains(buurtsite.domains.filter(kind=Domain.Kind.CUSTOM, is_verified=False))


def invite_first_buurtverbinder(buurtsite: Buurtsite) -> None:
    """E-mail the person the order named (or its contact) a link to join as buurtverbinder.

    A buurtsite made without an order (the demo, the command line) invites nobody.
    """
    order = Order.objects.filter(run__buurtsite=buurtsite).order_by("-created_at").first()
    if order is None:
        return
    host = buurtsite.domains.filter(is_primary=True).values_list(
        "domain", flat=True
    ).first() or platform_host_for(buurtsite.slug)
    with tenant_context(buurtsite):
        invite_member(
            email=order.buurtverbinder_email or order.contact_email,
            role=User.Role.BUURTVERBINDER,
            buurtsite_name=buurtsite.name,
            host=host,
        )


def activate(buurtsite: Buurtsite) -> None:
    if buurtsite.status != Buurtsite.Status.ACTIVE:
        set_buurtsite_status(buurtsite, status=Buurtsite.Status.ACTIVE)


STEPS: list[Step] = [
    Step("create_schema", _("Create the database schema"), create_schema),
    Step("load_default_content", _("Load the default content"), load_default_content),
    Step("attach_theme", _("Attach the theme and start its build"), attach_theme),
    Step(
        "attach_platform_subdomain", _("Attach the platform subdomain"), attach_platform_subdomain
    ),
    Step(
        "start_domain_verification", _("Start checking the own domain"), start_domain_verification
    ),
    Step(
        "invite_first_buurtverbinder",
        _("Invite the first buurtverbinder"),
        invite_first_buurtverbinder,
    ),
    Step("activate", _("Open the buurtsite"), activate),
]


def step_named(name: str) -> Step:
    for step in STEPS:
        if step.name == name:
            return step
    raise KeyError(name)
