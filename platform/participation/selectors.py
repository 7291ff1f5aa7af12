"""Reads for participation: the list, results after the deadline, exports and the digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from digest.sections import DigestItem, DigestSection
from moderation.models import ContentState
from participation.models import Ballot, BallotChoice, Participation, PollOption, Reaction

DIGEST_LIMIT = 8
PAGE_SIZE = 20


def participation_list(member: User) -> QuerySet[Participation]:
    """Everything published, newest first, each marked with whether `member` took part."""
    return (
        Participation.objects.filter(published_at__lte=timezone.now())
        .select_related("author")
        .annotate(
            voted=Exists(Ballot.objects.filter(poll=OuterRef("pk"), member=member)),
            reacted=Exists(Reaction.objects.filter(consultation=OuterRef("pk"), member=member)),
        )
        .order_by("-published_at", "-id")
    )


def _open_filter(now: datetime) -> Q:
    return Q(closed_at__isnull=True, closes_at__gt=now) & ~Q(kind=Participation.Kind.ANNOUNCEMENT)


def open_for(member: User) -> QuerySet[Participation]:
    """Polls and consultations that take votes or reactions now, closing soonest first."""
    return (
        participation_list(member).filter(_open_filter(timezone.now())).order_by("closes_at", "id")
    )


def past_for(member: User) -> QuerySet[Participation]:
    """Announcements and closed polls and consultations, newest first."""
    return participation_list(member).exclude(_open_filter(timezone.now()))


def participation_item(pk: int) -> Participation | None:
    return Participation.objects.select_related("author").filter(pk=pk).first()


def ballot_of(poll: Participation, member: User) -> Ballot | None:
    return Ballot.objects.filter(poll=poll, member=member).prefetch_related("options").first()


def reaction_of(consultation: Participation, member: User) -> Reaction | None:
    return Reaction.objects.filter(consultation=consultation, member=member).first()


@dataclass(frozen=True)
class OptionResult:
    option_id: int
    text: str
    votes: int
    percent: int  # of the members who voted, rounded


@dataclass(frozen=True)
class PollResult:
    voters: int
    options: list[OptionResult]


def poll_result(poll: Participation) -> PollResult:
    """Votes per option, in the order of the options: two queries whatever the size."""
    voters = Ballot.objects.filter(poll=poll).count()
    options = PollOption.objects.filter(poll=poll).annotate(votes=Count("choices"))
    return PollResult(
        voters=voters,
        options=[
            OptionResult(
                option_id=option.pk,
                text=option.text,
                votes=option.votes,
                percent=round(100 * option.votes / voters) if voters else 0,
            )
            for option in options.order_by("position", "id")
        ],
    )


def reactions_to(consultation: Participation) -> list[Reaction]:
    """The reactions members and the municipality see: not those hidden by moderation."""
    return list(
        Reaction.objects.filter(consultation=consultation, state=ContentState.VISIBLE)
        .select_related("member")
        .order_by("created_at", "id")
    )


def reaction_count(consultation: Participation) -> int:
    return Reaction.objects.filter(consultation=consultation).count()


def shown_name(reaction: Reaction) -> str:
    """The name shown to members and in the export: none for an anonymous reaction."""
    if reaction.anonymous:
        return _("A neighbour (anonymous)")
    return reaction.member.display_name or _("Neighbour")


# Export for the municipality ----------------------------------------------------------------


def export_rows(item: Participation) -> tuple[list[str], list[list[str]]]:
    """A header and rows: per option for a poll, per reaction for a consultation."""
    if item.kind == Participation.Kind.POLL:
        result = poll_result(item)
        header = [_("Option"), _("Votes"), _("Percentage of voters")]
        rows = [[row.text, str(row.votes), str(row.percent)] for row in result.options]
        rows.append([_("Members who voted"), str(result.voters), ""])
        return header, rows
    header = [_("Reaction"), _("Name"), _("Date")]
    return header, [
        [reaction.body, _name_for_export(reaction), reaction.created_at.isoformat()]
        for reaction in reactions_to(item)
    ]


def _name_for_export(reaction: Reaction) -> str:
    return "" if reaction.anonymous else reaction.member.display_name


def export_data(item: Participation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.pk,
        "kind": item.kind,
        "title": item.title,
        "text": item.body,
        "published_at": item.published_at.isoformat(),
        "closes_at": item.closes_at.isoformat() if item.closes_at else None,
    }
    if item.kind == Participation.Kind.POLL:
        result = poll_result(item)
        data["multiple_choice"] = item.multiple_choice
        data["voters"] = result.voters
        data["options"] = [
            {"option": row.text, "votes": row.votes, "percent": row.percent}
            for row in result.options
        ]
    else:
        data["reactions"] = [
            {
                "text": reaction.body,
                "name": None if reaction.anonymous else reaction.member.display_name,
                "anonymous": reaction.anonymous,
                "reacted_at": reaction.created_at.isoformat(),
            }
            for reaction in reactions_to(item)
        ]
    return data


# The weekly digest ----------------------------------------------------------------------------


def digest_section(member: User, since: datetime) -> DigestSection | None:
    """New announcements, polls and consultations, and results that came out since `since`."""
    now = timezone.now()
    new_or_closed = Q(published_at__gt=since, published_at__lte=now) | Q(
        closes_at__gt=since, closes_at__lte=now
    )
    items = list(
        Participation.objects.filter(new_or_closed).order_by("-published_at", "-id")[:DIGEST_LIMIT]
    )
    if not items:
        return None
    return DigestSection(
        key="participation",
        title=_("Have your say"),
        items=[
            DigestItem(title=item.title, url=f"/meedoen/{item.pk}/", detail=_detail(item, now))
            for item in items
        ],
    )


def _detail(item: Participation, now: datetime) -> str:
    if item.closes_at is None:
        return _("Announcement")
    if item.closes_at <= now:
        return _("Closed: see the result")
    closes = date_format(timezone.localtime(item.closes_at), "j F")
    if item.kind == Participation.Kind.POLL:
        return _("Vote until %(date)s") % {"date": closes}
    return _("React until %(date)s") % {"date": closes}


# The member's data export -------------------------------------------------------------------


def participation_data(member: User) -> dict[str, Any]:
    return {
        "votes": [
            {"poll": choice.ballot.poll_id, "option": choice.option.text}
            for choice in BallotChoice.objects.filter(ballot__member=member)
            .select_related("ballot", "option")
            .order_by("ballot_id", "option__position")
        ],
        "consultation_replys": [
            {
                "consultation": reaction.consultation_id,
                "text": reaction.body,
                "anonymous": reaction.anonymous,
                "reacted_at": reaction.created_at.isoformat(),
            }
            for reaction in Reaction.objects.filter(member=member).order_by("created_at")
        ],
    }
