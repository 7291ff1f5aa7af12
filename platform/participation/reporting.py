"""Reactions to a consultation as reportable content: members see them after closing."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from moderation.models import ContentState
from moderation.registry import Moderatable
from participation.actions import set_reaction_state
from participation.models import Reaction


def _get(object_id: int) -> Reaction | None:
    return Reaction.objects.select_related("member", "consultation").filter(pk=object_id).first()


def _visible_to(user: User, reaction: Reaction) -> bool:
    """Only a shown reaction of someone else, on a consultation that has closed."""
    return (
        reaction.member_id != user.pk
        and reaction.state == ContentState.VISIBLE
        and reaction.consultation.is_closed()
    )


def _set_state(reaction: Reaction, state: str, acting_user: User) -> None:
    set_reaction_state(reaction, state=state, acting_user=acting_user)


REACTIONS = Moderatable(
    kind="consultation_reply",
    label=_("reaction to a consultation"),
    get=_get,
    author=lambda reaction: reaction.member,
    excerpt=lambda reaction: reaction.body,
    visible_to=_visible_to,
    state=lambda reaction: reaction.state,
    set_state=_set_state,
    url=lambda reaction: f"/meedoen/{reaction.consultation_id}/#reactie-{reaction.pk}",
)
