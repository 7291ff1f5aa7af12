"""Reads for help requests: the buurtverbinders' queue, a member's own requests, the history."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from members.selectors import visible_members
from referrals.models import Event, HelpRequest, Referral

PAGE_SIZE = 25
FINISHED_STATES = (HelpRequest.State.RESOLVED, HelpRequest.State.CLOSED)


def open_help_requests() -> QuerySet[HelpRequest]:
    """Help requests not resolved or closed, oldest first (for the picker and the home)."""
    return (
        HelpRequest.objects.exclude(state__in=FINISHED_STATES)
        .select_related("member")
        .order_by("created_at", "id")
    )


def help_request_queue(*, state: str = "") -> QuerySet[HelpRequest]:
    """The buurtverbinders' list: open ones unless a state is chosen; new ones first."""
    requests = HelpRequest.objects.all()
    if state:
        requests = requests.filter(state=state)
    else:
        requests = requests.exclude(state__in=FINISHED_STATES)
    return (
        requests.select_related("member")
        .annotate(referral_count=Count("referrals"))
        .order_by("created_at", "id")
    )


def help_requests_of(member: User) -> QuerySet[HelpRequest]:
    return (
        HelpRequest.objects.filter(member=member)
        .annotate(referral_count=Count("referrals"))
        .order_by("-created_at", "-id")
    )


def own_help_request(member: User, help_request_id: int) -> HelpRequest | None:
    """The member's own help request; None for anyone else's (a 404, never a 403)."""
    return HelpRequest.objects.filter(pk=help_request_id, member=member).first()


def help_request(help_request_id: int) -> HelpRequest | None:
    return HelpRequest.objects.select_related("member").filter(pk=help_request_id).first()


def timeline(help_request: HelpRequest, *, for_member: bool) -> list[Event]:
    """The history, oldest first; the member sees what is meant for them only."""
    events = help_request.events.select_related("actor", "referral", "referral__neighbour")
    if for_member:
        events = events.filter(visible_to_member=True)
    return list(events.order_by("created_at", "id"))


def referrals_of(help_request: HelpRequest) -> list[Referral]:
    return list(help_request.referrals.select_related("neighbour").order_by("created_at", "id"))


def neighbours_to_refer_to(help_request: HelpRequest) -> QuerySet[User]:
    """Members a buurtverbinder can refer this help request to: everyone but the asker."""
    ids = visible_members().exclude(user_id=help_request.member_id).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("display_name", "id")


def referrals_data(member: User) -> dict[str, Any]:
    """The referrals part of the data export: the member's help requests and what they see."""
    requests = HelpRequest.objects.filter(member=member).prefetch_related("referrals")
    return {
        "help_requests": [
            {
                "id": request.pk,
                "subject": request.subject,
                "question": request.description,
                "state": request.state,
                "asked": request.created_at.isoformat(),
                "referred_to": [referral.name for referral in request.referrals.all()],
            }
            for request in requests.order_by("created_at")
        ],
        "referred_to_me": list(
            Referral.objects.filter(neighbour=member)
            .filter(~Q(help_request__member=member))
            .values_list("help_request_id", flat=True)
        ),
    }
