"""Demo data for `make run`: Nijmegen with two buurtsites, their members and an operator."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_tenants.utils import tenant_context

from accounts.actions import create_member, create_operator
from accounts.models import User
from agenda.demo import load_demo_agenda
from billing.demo import load_demo_billing
from clubs.demo import load_demo_clubs
from exchange.demo import load_demo_exchange
from marketplace.demo import load_demo_marketplace
from members.actions import update_profile
from members.models import Profile
from messaging.actions import send_message
from messaging.models import Message
from news.demo import load_demo_news
from organisations.demo import DEMO_ORGANISATION_EMAIL, load_demo_organisations
from participation.demo import load_demo_participation
from provisioning.actions import provision_buurtsite_now
from referrals.demo import load_demo_referrals
from socialmap.demo import load_demo_socialmap
from tenants.actions import create_municipality
from tenants.models import Buurtsite, Municipality
from themes.demo import load_demo_theme

DEMO_PASSWORD = "buurt-demo-2026"  # noqa: S105  (printed for anyone trying the demo)
DEMO_BUURTSITES = [("oost", "Nijmegen-Oost"), ("lindenholt", "Lindenholt")]


@dataclass(frozen=True)
class DemoLogin:
    where: str
    email: str
    role: str


def demo_logins() -> list[DemoLogin]:
    logins = [DemoLogin("platform", "beheer@mijnbuurtje.localhost", "operator")]
    logins.append(DemoLogin("platform", DEMO_ORGANISATION_EMAIL, User.Role.ORGANISATION))
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
            _load_demo_profiles(slug)
        # Each demo buurtsite in a theme of its own (issue #4).
        load_demo_theme(buurtsite)
    operator_email = demo_logins()[0].email
    if not User.objects.filter(email=operator_email).exists():
        create_operator(email=operator_email, password=DEMO_PASSWORD, display_name="Beheerder")
    # City-wide welfare organisations on the social map, with a portal account (issue #8).
    load_demo_organisations(nijmegen, password=DEMO_PASSWORD)
    # Subscriptions and invoices of the demo buurtsites, on the local backend (issue #9).
    load_demo_billing(nijmegen)


# Skills and interests so the member directory has something to show (issue #5).
_DEMO_PROFILES = {
    User.Role.RESIDENT: {
        "area": "Berg en Dalseweg",
        "about": "Ik woon hier sinds 1998 en ken de buurt goed.",
        "offer": "Ik help graag met de computer of de tuin.",
        "skills": ["Computerhulp", "Tuinieren", "Koken"],
        "interests": ["Wandelen", "Geschiedenis"],
    },
    User.Role.BUURTVERBINDER: {
        "area": "Buurthuis",
        "about": "Ik ben de buurtverbinder. Heb je een vraag? Stuur me een bericht.",
        "offer": "Ik breng buren met elkaar in contact.",
        "skills": ["Formulieren invullen", "Koffie zetten"],
        "interests": ["Buurtactiviteiten", "Wandelen"],
    },
}


def _load_demo_profiles(slug: str) -> None:
    """Profiles for the demo members and a first message, each only when absent."""
    members = {
        login.role: User.objects.get(email=login.email)
        for login in demo_logins()
        if login.where == slug
    }
    for role, member in members.items():
        if not Profile.objects.filter(user=member).exists():
            update_profile(
                member,
                display_name=member.display_name,
                acting_user=member,
                **_DEMO_PROFILES[role],
            )
    load_demo_exchange(slug, members)
    load_demo_marketplace(slug, members)
    load_demo_referrals(slug, members)
    load_demo_clubs(slug, members)
    load_demo_news(slug, members)
    load_demo_agenda(slug, members)
    load_demo_participation(slug, members)
    load_demo_socialmap(slug, members)
    resident = members[User.Role.RESIDENT]
    if not Message.objects.filter(sender=resident).exists():
        send_message(
            members[User.Role.BUURTVERBINDER],
            body="Hallo! Ik ben nieuw op de buurtsite. Is er een wandelclub in de buurt?",
            acting_user=resident,
        )


def _demo_name(role: str, buurtsite_name: str) -> str:
    if role == User.Role.BUURTVERBINDER:
        return f"Buurtverbinder {buurtsite_name}"
    return f"Bewoner {buurtsite_name}"
