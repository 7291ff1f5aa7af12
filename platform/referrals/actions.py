"""Writes for help requests: asking, referring, following up. Every change is an Event.

`refer_help_request` and `ReferralTarget` are also used by the social map (socialmap), which
refers a help request to one of its services or professionals.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from members.permissions import can_refer, is_member
from members.ratelimit import allow
from messaging.actions import RateLimited, send_message
from referrals.models import Event, HelpRequest, Referral

logger = logging.getLogger(__name__)

SUBJECT_LENGTH = 150
TEXT_LENGTH = 3000
# A member asks for help at most this many times a day (how many, per how many seconds).
RATE_LIMIT: tuple[int, int] = (5, 24 * 3600)
REFERENCE_PATTERN = re.compile(r"(service|localservice|professional|organisation):\d{1,18}")

# Which state a buurtverbinder may move a help request to by hand, from each state.
# "referred" is reached by referring it (refer_help_request), from any open state.
TRANSITIONS: dict[str, frozenset[str]] = {
    HelpRequest.State.NEW: frozenset(
        {HelpRequest.State.IN_PROGRESS, HelpRequest.State.RESOLVED, HelpRequest.State.CLOSED}
    ),
    HelpRequest.State.REFERRED: frozenset(
        {HelpRequest.State.IN_PROGRESS, HelpRequest.State.RESOLVED, HelpRequest.State.CLOSED}
    ),
    HelpRequest.State.IN_PROGRESS: frozenset(
        {HelpRequest.State.RESOLVED, HelpRequest.State.CLOSED}
    ),
    HelpRequest.State.RESOLVED: frozenset({HelpRequest.State.IN_PROGRESS}),
    HelpRequest.State.CLOSED: frozenset({HelpRequest.State.IN_PROGRESS}),
}
# The member hears about these by e-mail.
EMAILED_STATES = frozenset({HelpRequest.State.REFERRED, HelpRequest.State.RESOLVED})


class ReferralRefused(ValidationError):
    """The change cannot be made; the message says why, in plain Dutch."""


@dataclass(frozen=True)
class ReferralTarget:
    """Where a help request is referred to."""

    kind: str  # Referral.TargetKind: "neighbour" | "organisation" | "professional" | "other"
    name: str  # shown to the buurtverbinder and the member
    neighbour: User | None = None
    reference: str = ""  # "service:<id>", "localservice:<id>", "professional:<id>", ...
    url: str = ""  # page on the buurtsite with how to get in touch


@transaction.atomic
def ask_for_help(*, subject: str, description: str, acting_user: User) -> HelpRequest:
    """A member asks the buurtverbinders for help, privately."""
    if not is_member(acting_user):
        raise ReferralRefused(_("Only members can ask for help here."))
    subject = " ".join(subject.split())
    description = description.strip()
    errors: dict[str, str] = {}
    if not subject:
        errors["subject"] = _("Write in a few words what it is about.")
    elif len(subject) > SUBJECT_LENGTH:
        errors["subject"] = _("Use at most %(count)s characters.") % {"count": SUBJECT_LENGTH}
    if not description:
        errors["description"] = _("Tell us what you need help with.")
    elif len(description) > TEXT_LENGTH:
        errors["description"] = _("Use at most %(count)s characters.") % {"count": TEXT_LENGTH}
    if errors:
        raise ValidationError(errors)
    if not allow("help-request", acting_user.pk, limit=RATE_LIMIT):
        raise RateLimited

    help_request = HelpRequest.objects.create(
        member=acting_user, subject=subject, description=description
    )
    Event.objects.create(
        help_request=help_request,
        kind=Event.Kind.ASKED,
        actor=acting_user,
        new_state=HelpRequest.State.NEW,
    )
    logger.info("Help request asked", extra={"help_request_id": help_request.pk})
    return help_request


@transaction.atomic
def refer_help_request(
    help_request: HelpRequest,
    *,
    acting_user: User,
    target: ReferralTarget,
    note: str = "",
) -> Referral:
    """Refer the help request to a neighbour, organisation, professional or someone else.

    The member is e-mailed; a neighbour it is referred to gets a private message from the
    buurtverbinder. Raises ValidationError (nothing is saved then).
    """
    if not can_refer(acting_user):
        raise ReferralRefused(_("Only a buurtverbinder can refer a help request."))
    help_request = _locked(help_request)
    if not help_request.is_open:
        raise ReferralRefused(_("This help request is finished. Open it again first."))
    name, reference, url = _checked_target(help_request, target)
    note = note.strip()
    if len(note) > TEXT_LENGTH:
        raise ValidationError(
            {"note": _("Use at most %(count)s characters.") % {"count": TEXT_LENGTH}}
        )

    referral = Referral.objects.create(
        help_request=help_request,
        kind=target.kind,
        name=name,
        neighbour=target.neighbour if target.kind == Referral.TargetKind.NEIGHBOUR else None,
        reference=reference,
        url=url,
        created_by=acting_user,
    )
    old_state = help_request.state
    help_request.state = HelpRequest.State.REFERRED
    help_request.save(update_fields=["state", "updated_at"])
    event = Event.objects.create(
        help_request=help_request,
        kind=Event.Kind.REFERRAL,
        actor=acting_user,
        old_state=old_state,
        new_state=HelpRequest.State.REFERRED,
        referral=referral,
        text=note,
    )
    if referral.neighbour is not None:
        _message_neighbour(help_request, referral.neighbour, note=note, acting_user=acting_user)
    _email_member_on_commit(event)
    logger.info(
        "Help request referred",
        extra={
            "help_request_id": help_request.pk,
            "referral_id": referral.pk,
            "kind": referral.kind,
        },
    )
    return referral


@transaction.atomic
def set_help_request_state(
    help_request: HelpRequest, *, state: str, acting_user: User, note: str = ""
) -> HelpRequest:
    """Follow a help request up: in progress, resolved, closed, or open again."""
    if not can_refer(acting_user):
        raise ReferralRefused(_("Only a buurtverbinder can change a help request."))
    help_request = _locked(help_request)
    if state not in HelpRequest.State.values or state == HelpRequest.State.REFERRED:
        raise ValidationError({"state": _("Choose one of the states in the list.")})
    if state not in TRANSITIONS[help_request.state]:
        raise ReferralRefused(
            _("This cannot be done now: the help request is %(state)s.")
            % {"state": str(HelpRequest.State(help_request.state).label).lower()}
        )
    note = note.strip()
    if len(note) > TEXT_LENGTH:
        raise ValidationError(
            {"note": _("Use at most %(count)s characters.") % {"count": TEXT_LENGTH}}
        )
    old_state = help_request.state
    help_request.state = state
    help_request.save(update_fields=["state", "updated_at"])
    event = Event.objects.create(
        help_request=help_request,
        kind=Event.Kind.STATE,
        actor=acting_user,
        old_state=old_state,
        new_state=state,
        text=note,
    )
    _email_member_on_commit(event)
    logger.info(
        "Help request state changed",
        extra={"help_request_id": help_request.pk, "state": state},
    )
    return help_request


@transaction.atomic
def add_help_request_note(
    help_request: HelpRequest, *, text: str, shared_with_member: bool, acting_user: User
) -> Event:
    """A note in the history: for the buurtverbinders only, unless shared with the member."""
    if not can_refer(acting_user):
        raise ReferralRefused(_("Only a buurtverbinder can add a note."))
    help_request = _locked(help_request)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a note first.")})
    if len(text) > TEXT_LENGTH:
        raise ValidationError(
            {"text": _("Use at most %(count)s characters.") % {"count": TEXT_LENGTH}}
        )
    event = Event.objects.create(
        help_request=help_request,
        kind=Event.Kind.NOTE,
        actor=acting_user,
        text=text,
        visible_to_member=shared_with_member,
    )
    help_request.save(update_fields=["updated_at"])
    logger.info("Help request note added", extra={"help_request_id": help_request.pk})
    return event


def erase_referrals_data(member: User) -> None:
    """Leaving: the member's own help requests go with their whole history; where the member
    was the neighbour a request was referred to, the referral keeps only the name."""
    HelpRequest.objects.filter(member=member).delete()
    Referral.objects.filter(neighbour=member).update(neighbour=None)


# Helpers ------------------------------------------------------------------------------------


def _locked(help_request: HelpRequest) -> HelpRequest:
    return (
        HelpRequest.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=help_request.pk)
    )


def _checked_target(help_request: HelpRequest, target: ReferralTarget) -> tuple[str, str, str]:
    errors: dict[str, str] = {}
    name = " ".join(target.name.split())
    if target.kind not in Referral.TargetKind.values:
        errors["kind"] = _("Choose who you refer to.")
    elif target.kind == Referral.TargetKind.NEIGHBOUR:
        neighbour = target.neighbour
        if neighbour is None or not is_member(neighbour):
            errors["neighbour"] = _("Choose a neighbour who is a member of this buurtsite.")
        elif neighbour.pk == help_request.member_id:
            errors["neighbour"] = _("Choose another neighbour than the one who asked.")
        else:
            name = name or neighbour.display_name or neighbour.email
    elif target.neighbour is not None:
        errors["neighbour"] = _("Only choose a neighbour when you refer to a neighbour.")
    if "neighbour" not in errors and "kind" not in errors:
        if not name:
            errors["name"] = _("Write down who you refer to.")
        elif len(name) > 200:
            errors["name"] = _("Use at most %(count)s characters.") % {"count": 200}
    reference = target.reference.strip()
    if reference and not REFERENCE_PATTERN.fullmatch(reference):
        errors["reference"] = _("This reference is not one we know.")
    url = target.url.strip()
    if url and not _is_safe_url(url):
        errors["url"] = _("Give a web address that starts with https:// or a page on this site.")
    if errors:
        raise ValidationError(errors)
    return name, reference, url


def _is_safe_url(url: str) -> bool:
    if len(url) > 500:
        return False
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return True
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True


def _message_neighbour(
    help_request: HelpRequest, neighbour: User, *, note: str, acting_user: User
) -> None:
    body = _(
        "Hello %(neighbour)s, %(member)s has asked the buurtverbinder for help with "
        "“%(subject)s”. I think you could help. Would you like to get in touch?"
    ) % {
        "neighbour": neighbour.display_name,
        "member": help_request.member.display_name,
        "subject": help_request.subject,
    }
    if note:
        body = f"{body}\n\n{note}"
    try:
        send_message(neighbour, body=body[:2000], acting_user=acting_user)
    except RateLimited as error:
        raise ReferralRefused(
            _("You have sent many messages in a short time. Try again a little later.")
        ) from error


def _email_member_on_commit(event: Event) -> None:
    if event.new_state in EMAILED_STATES:
        from referrals.tasks import email_help_request_update

        email_help_request_update.delay_on_commit(event.pk)
