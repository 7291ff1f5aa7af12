"""Demo data for `make run`: Nijmegen with two buurtsites, their members and an operator."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_tenants.utils import tenant_context

from accounts.actions import create_member, create_operator
from accounts.models import User
from provisioning.actions import provision_buurtsite_now
from tenants.actions import create_municipality
from tenants.models import Buurtsite, Municipality

DEMO_PASSWORD = "buurt-demo-2026"  # noqa: S105  (printed for anyone trying the demo)
DEMO_BUURTSITES = [("oost", "Nijmegen-Oost"), ("lindenholt", "Lindenholt")]


@dataclass(frozen=True)
class DemoLogin:
    where: str
    email: str
    role: str


def demo_logins() -> list[DemoLogin]:
    logins = [DemoLogin("platform", "beheer@mijnbuurtje.localhost", "operator")]
    for slug, _name in DEMO_BUURTSITES:
        logins.append(DemoLogin(slug, f"bewoner@{slug}.localhost", User.Role.RESIDENT))
        logins.append(DemoLogin(slug, f"buurtverbinder@{slug}.localhost", User.Role.BUURTVERBINDER))
    return logins


def demo_is_loaded() -> bool:
    return Buurtsite.objects.filter(slug__in=[slug for slug, _ in DEMO_BUURTSITES]).count() == len(
        DEMO_BUURTSITES
    )


@transaction.atomic
def load_demo() -> None:
    """Create whatever part of the demo is missing; running it twice changes nothing."""
    nijmegen = Municipality.objects.filter(cbs_code="GM0268").first() or create_municipality(
        name="Nijmegen", cbs_code="GM0268"
    )
    for slug, name in DEMO_BUURTSITES:
        buurtsite = Buurtsite.objects.filter(slug=slug).first() or provision_buurtsite_now(
            nijmegen, name=name, slug=slug
        )
        with tenant_context(buurtsite):
            for login in demo_logins():
                if login.where == slug and not User.objects.filter(email=login.email).exists():
                    create_member(
                        email=login.email,
                        password=DEMO_PASSWORD,
                        display_name=_demo_name(login.role, name),
                        role=login.role,
                        email_verified=True,
                    )
    operator_email = demo_logins()[0].email
    if not User.objects.filter(email=operator_email).exists():
        create_operator(email=operator_email, password=DEMO_PASSWORD, display_name="Beheerder")


def _demo_name(role: str, buurtsite_name: str) -> str:
    if role == User.Role.BUURTVERBINDER:
        return f"Buurtverbinder {buurtsite_name}"
    return f"Bewoner {buurtsite_name}"
