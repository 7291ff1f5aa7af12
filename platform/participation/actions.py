"""Writes for participation: publishing, voting, reacting and closing at the deadline."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from members.permissions import can_publish_participation, is_member
from moderation.models import ContentState
from participation.models import Ballot, BallotChoice, Participation, PollOption, Reaction

logger = logging.getLogger(__name__)

MAX_OPTIONS = 10
MAX_OPTION_LENGTH = 200
MAX_REACTION_LENGTH = 3000
LONGEST_DEADLINE = timedelta(days=366)


class ParticipationRefused(ValidationError):
    """The vote, reaction or publication is not allowed: closed, already done, bad input."""


@transaction.atomic
def publish_announcement(*, title: str, body: str, acting_user: User) -> Participation:
    _check_publisher(acting_user)
    item = Participation.objects.create(
        kind=Participation.Kind.ANNOUNCEMENT,
        title=_clean_title(title),
        body=body.strip(),
        author=acting_user,
    )
    logger.info("Announcement published", extra={"participation_id": item.pk})
    return item


@transaction.atomic
def publish_poll(
    *,
    title: str,
    body: str,
    options: Sequence[str],
    multiple_choice: bool,
    closes_at: datetime,
    acting_user: User,
) -> Participation:
    _check_publisher(acting_user)
    texts = clean_options(options)
    poll = Participation.objects.create(
        kind=Participation.Kind.POLL,
        title=_clean_title(title),
        body=body.strip(),
        author=acting_user,
        multiple_choice=multiple_choice,
        closes_at=_clean_deadline(closes_at),
    )
    PollOption.objects.bulk_create(
        PollOption(poll=poll, text=text, position=number)
        for number, text in enumerate(texts, start=1)
    )
    logger.info("Poll published", extra={"participation_id": poll.pk, "options": len(texts)})
    return poll


@transaction.atomic
def publish_consultation(
    *, title: str, body: str, closes_at: datetime, acting_user: User
) -> Participation:
    _check_publisher(acting_user)
    if not body.strip():
        raise ParticipationRefused(_("Write the question you want the neighbourhood to answer."))
    consultation = Participation.objects.create(
        kind=Participation.Kind.CONSULTATION,
        title=_clean_title(title),
        body=body.strip(),
        author=acting_user,
        closes_at=_clean_deadline(closes_at),
    )
    logger.info("Consultation published", extra={"participation_id": consultation.pk})
    return consultation


def cast_vote(poll: Participation, *, option_ids: Sequence[int], acting_user: User) -> Ballot:
    """Record the member's one vote. Raises ParticipationRefused when it cannot count."""
    if not is_member(acting_user):
        raise ParticipationRefused(_("Only members of this buurtsite can vote."))
    try:
        with transaction.atomic():
            # Lock the poll so a vote cannot slip in while the closing task runs.
            locked = Participation.objects.select_for_update().get(pk=poll.pk)
            if locked.kind != Participation.Kind.POLL:
                raise ParticipationRefused(_("You cannot vote on this."))
            if not locked.is_open():
                raise ParticipationRefused(_("Voting has closed. You can see the result now."))
            chosen = _chosen_options(locked, option_ids)
            # The unique constraint decides between two votes of one member at the same time.
            ballot = Ballot.objects.create(poll=locked, member=acting_user)
            BallotChoice.objects.bulk_create(
                BallotChoice(ballot=ballot, option=option) for option in chosen
            )
    except IntegrityError as duplicate:
        raise ParticipationRefused(_("You have voted already. Each member votes once.")) from (
            duplicate
        )
    logger.info("Vote cast", extra={"participation_id": poll.pk, "ballot_id": ballot.pk})
    return ballot


def react_to_consultation(
    consultation: Participation, *, body: str, anonymous: bool, acting_user: User
) -> Reaction:
    if not is_member(acting_user):
        raise ParticipationRefused(_("Only members of this buurtsite can react."))
    text = body.strip()
    if not text:
        raise ParticipationRefused(_("Write your reaction first."))
    if len(text) > MAX_REACTION_LENGTH:
        raise ParticipationRefused(
            _("Your reaction is too long. Use at most %(limit)d characters.")
            % {"limit": MAX_REACTION_LENGTH}
        )
    try:
        with transaction.atomic():
            locked = Participation.objects.select_for_update().get(pk=consultation.pk)
            if locked.kind != Participation.Kind.CONSULTATION:
                raise ParticipationRefused(_("You cannot react to this."))
            if not locked.is_open():
                raise ParticipationRefused(_("This consultation has closed."))
            reaction = Reaction.objects.create(
                consultation=locked, member=acting_user, body=text, anonymous=anonymous
            )
    except IntegrityError as duplicate:
        raise ParticipationRefused(_("You have reacted already. Each member reacts once.")) from (
            duplicate
        )
    logger.info(
        "Consultation reaction added",
        extra={"participation_id": consultation.pk, "reaction_id": reaction.pk},
    )
    return reaction


def close_due_participations(*, now: datetime | None = None) -> int:
    """Close every poll and consultation whose deadline has passed. Safe to run twice."""
    moment = now or timezone.now()
    closed = Participation.objects.filter(closed_at__isnull=True, closes_at__lte=moment).exclude(
        kind=Participation.Kind.ANNOUNCEMENT
    )
    ids = list(closed.values_list("pk", flat=True))
    count = Participation.objects.filter(pk__in=ids, closed_at__isnull=True).update(
        closed_at=moment
    )
    if count:
        logger.info("Participation closed", extra={"participation_ids": ids, "count": count})
    return count


def set_reaction_state(reaction: Reaction, *, state: str, acting_user: User) -> Reaction:
    """Moderation: hide, show again, or remove (the text is erased for good)."""
    reaction.state = state
    fields = ["state"]
    if state == ContentState.REMOVED:
        reaction.body = ""
        fields.append("body")
    reaction.save(update_fields=fields)
    logger.info(
        "Consultation reaction moderated",
        extra={"reaction_id": reaction.pk, "state": state, "acting_user_id": acting_user.pk},
    )
    return reaction


def erase_participation_data(member: User) -> None:
    """Leaving: the member's reactions go. Votes go too; a closed result may then change."""
    Reaction.objects.filter(member=member).delete()
    Ballot.objects.filter(member=member).delete()


def clean_options(options: Sequence[str]) -> list[str]:
    """The poll's options without blanks and duplicates; 2 to MAX_OPTIONS of them."""
    texts: list[str] = []
    for raw in options:
        text = " ".join(raw.split())
        if text and text.casefold() not in {seen.casefold() for seen in texts}:
            texts.append(text)
    if len(texts) < 2:
        raise ParticipationRefused(_("Give at least two different options."))
    if len(texts) > MAX_OPTIONS:
        raise ParticipationRefused(_("Give at most %(limit)d options.") % {"limit": MAX_OPTIONS})
    if any(len(text) > MAX_OPTION_LENGTH for text in texts):
        raise ParticipationRefused(
            _("An option is too long. Use at most %(limit)d characters.")
            % {"limit": MAX_OPTION_LENGTH}
        )
    return texts


def _chosen_options(poll: Participation, option_ids: Sequence[int]) -> list[PollOption]:
    wanted = set(option_ids)
    if not wanted:
        raise ParticipationRefused(_("Choose an option first."))
    if len(wanted) > 1 and not poll.multiple_choice:
        raise ParticipationRefused(_("Choose one option."))
    chosen = list(PollOption.objects.filter(poll=poll, pk__in=wanted))
    if len(chosen) != len(wanted):
        raise ParticipationRefused(_("This option is not part of the poll."))
    return chosen


def _check_publisher(user: User) -> None:
    if not can_publish_participation(user):
        raise ParticipationRefused(_("Only the municipality or the buurtverbinder can publish."))


def _clean_title(title: str) -> str:
    text = " ".join(title.split())
    if not text:
        raise ParticipationRefused(_("Give it a title."))
    if len(text) > 200:
        raise ParticipationRefused(_("The title is too long. Use at most 200 characters."))
    return text


def _clean_deadline(closes_at: datetime) -> datetime:
    now = timezone.now()
    if closes_at <= now:
        raise ParticipationRefused(_("Choose a closing date in the future."))
    if closes_at > now + LONGEST_DEADLINE:
        raise ParticipationRefused(_("Choose a closing date within a year."))
    return closes_at
