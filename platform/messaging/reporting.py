"""Messages as reportable content: only the members in the conversation can report one."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from messaging.actions import set_message_state
from messaging.models import Message, Participant
from moderation.registry import Moderatable


def _get(object_id: int) -> Message | None:
    return Message.objects.select_related("sender").filter(pk=object_id).first()


def _visible_to(user: User, message: Message) -> bool:
    return (
        message.sender_id != user.pk
        and Participant.objects.filter(conversation_id=message.conversation_id, user=user).exists()
    )


def _set_state(message: Message, state: str, acting_user: User) -> None:
    set_message_state(message, state=state, acting_user=acting_user)


MESSAGES = Moderatable(
    kind="message",
    label=_("message"),
    get=_get,
    author=lambda message: message.sender,
    excerpt=lambda message: message.body,
    visible_to=_visible_to,
    state=lambda message: message.state,
    set_state=_set_state,
    url=lambda message: f"/berichten/{message.conversation_id}/#bericht-{message.pk}",
)
