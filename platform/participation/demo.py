"""Demo participation for `make run`: a poll with its result, an open poll, an open
consultation and an announcement. Idempotent: each is made only when its title is absent.

Everything is dated more than a week back, so the weekly digest of a fresh demo has no
participation news of its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from participation.models import Ballot, BallotChoice, Participation, PollOption, Reaction

_CLOSED_POLL = "Op welke dag houden we het buurtfeest?"
_OPEN_POLL = "Waar komt het nieuwe bankje?"
_CONSULTATION = "Hoe maken we de straat groener?"
_ANNOUNCEMENT = "Werk aan de weg: de Groenestraat is dicht"


@transaction.atomic
def load_demo_participation(slug: str, members: dict[str, User]) -> None:
    author = members[User.Role.BUURTVERBINDER]
    resident = members[User.Role.RESIDENT]
    now = timezone.now()
    existing = set(Participation.objects.values_list("title", flat=True))

    if _CLOSED_POLL not in existing:
        poll = _poll(
            _CLOSED_POLL,
            author,
            ["Zaterdag 14 juni", "Zondag 15 juni", "Zaterdag 21 juni"],
            published=now - timedelta(days=30),
            closes=now - timedelta(days=10),
        )
        options = list(poll.options.order_by("position"))
        for voter, option in [(resident, options[0]), (author, options[2])]:
            ballot = Ballot.objects.create(poll=poll, member=voter)
            BallotChoice.objects.create(ballot=ballot, option=option)
    if _OPEN_POLL not in existing:
        _poll(
            _OPEN_POLL,
            author,
            ["Bij de speeltuin", "Aan de Ubbergseweg", "Op het pleintje bij de bakker"],
            published=now - timedelta(days=8),
            closes=now + timedelta(days=14),
        )
    if _CONSULTATION not in existing:
        consultation = Participation.objects.create(
            kind=Participation.Kind.CONSULTATION,
            title=_CONSULTATION,
            body=(
                "De gemeente wil de straten in de wijk groener maken. Waar mist jij bomen, "
                "geveltuintjes of een plek om te zitten? Alle ideeën zijn welkom, ook kleine."
            ),
            author=author,
            published_at=now - timedelta(days=8),
            closes_at=now + timedelta(days=21),
        )
        Reaction.objects.create(
            consultation=consultation,
            member=author,
            body="Een geveltuintjesdag in het voorjaar, met gratis plantjes.",
        )
    if _ANNOUNCEMENT not in existing:
        Participation.objects.create(
            kind=Participation.Kind.ANNOUNCEMENT,
            title=_ANNOUNCEMENT,
            body=(
                "Van maandag 3 tot en met vrijdag 7 maart vervangt de gemeente de riolering. "
                "Fietsers en voetgangers kunnen er wel langs. Vragen? Bel 14 024."
            ),
            author=author,
            published_at=now - timedelta(days=9),
        )


def _poll(
    title: str, author: User, options: list[str], *, published: datetime, closes: datetime
) -> Participation:
    poll = Participation.objects.create(
        kind=Participation.Kind.POLL,
        title=title,
        body="Kies wat jou het beste uitkomt. Je ziet de uitslag na de sluitingsdatum.",
        author=author,
        published_at=published,
        closes_at=closes,
        closed_at=closes if closes < timezone.now() else None,
    )
    PollOption.objects.bulk_create(
        PollOption(poll=poll, text=text, position=number)
        for number, text in enumerate(options, start=1)
    )
    return poll
