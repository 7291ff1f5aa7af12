"""Two Dutch help requests for the demo buurtsites: one referred, one waiting (`make run`)."""

from __future__ import annotations

import logging

from accounts.models import User
from messaging.actions import RateLimited
from referrals.actions import (
    ReferralTarget,
    add_help_request_note,
    ask_for_help,
    refer_help_request,
)
from referrals.models import HelpRequest

logger = logging.getLogger(__name__)


def load_demo_referrals(slug: str, members: dict[str, User]) -> None:
    """Ask, refer and note each demo help request once; running it again changes nothing."""
    resident = members[User.Role.RESIDENT]
    connector = members[User.Role.BUURTVERBINDER]
    if HelpRequest.objects.filter(member=resident).exists():
        return
    try:
        _ask_and_refer(resident, connector)
    except RateLimited:
        # A database made again and again in one day: the member's limit lives on in Redis.
        logger.info("Demo help requests skipped: rate limit", extra={"user_id": resident.pk})


def _ask_and_refer(resident: User, connector: User) -> None:
    referred = ask_for_help(
        subject="Hulp bij een brief over mijn toeslag",
        description="Ik heb een brief gekregen over mijn huurtoeslag en ik begrijp niet wat ik "
        "moet doen. Kan iemand met me meekijken?",
        acting_user=resident,
    )
    refer_help_request(
        referred,
        acting_user=connector,
        target=ReferralTarget(
            kind="organisation", name="Het formulierenspreekuur in het buurthuis"
        ),
        note="Elke dinsdag van 10 tot 12 uur kun je zonder afspraak langskomen.",
    )
    add_help_request_note(
        referred,
        text="Volgende week even bellen of het gelukt is.",
        shared_with_member=False,
        acting_user=connector,
    )
    ask_for_help(
        subject="Vervoer naar het ziekenhuis",
        description="Ik moet over twee weken naar het Radboudumc en kan zelf niet rijden.",
        acting_user=resident,
    )
