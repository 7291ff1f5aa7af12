"""Writes for messages: sending, reading, blocking, and moderation of a single message."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from members.permissions import is_member
from members.ratelimit import allow
from messaging.models import Block, Conversation, Message, Participant
from messaging.selectors import blocks_between
from moderation.models import ContentState

logger = logging.getLogger(__name__)

MAX_LENGTH = 2000


class MessageRefused(ValidationError):
    """The message cannot be sent: blocked, not a member, empty or too long."""


class RateLimited(Exception):
    """The member sent too many messages in a short time."""


@transaction.atomic
def send_message(recipient: User, *, body: str, acting_user: User) -> Message:
    """Send `body` from the acting member to `recipient`, in their one conversation.

    Raises MessageRefused (a Dutch reason) or RateLimited; nothing is saved then.
    """
    sender = acting_user
    body = body.strip()
    if not body:
        raise MessageRefused(_("Write a message first."))
    if len(body) > MAX_LENGTH:
        raise MessageRefused(
            _("Your message is too long. Use at most %(count)s characters.") % {"count": MAX_LENGTH}
        )
    if recipient.pk == sender.pk:
        raise MessageRefused(_("You cannot send a message to yourself."))
    if not is_member(sender) or not is_member(recipient):
        raise MessageRefused(_("You cannot send a message to this person."))
    for block in blocks_between(sender, recipient):
        if block.blocker_id == sender.pk:
            raise MessageRefused(
                _("You have blocked this member. Unblock them first to send a message.")
            )
        raise MessageRefused(_("This member does not want to receive messages from you."))

    conversation, created = Conversation.objects.get_or_create(
        pair_key=Conversation.key_for(sender.pk, recipient.pk)
    )
    if created and not allow(
        "new-conversation", sender.pk, limit=settings.NEW_CONVERSATION_RATE_LIMIT
    ):
        raise RateLimited
    if not allow("message", sender.pk, limit=settings.MESSAGE_RATE_LIMIT):
        raise RateLimited

    now = timezone.now()
    message = Message.objects.create(conversation=conversation, sender=sender, body=body)
    conversation.last_message_at = message.created_at
    conversation.save(update_fields=["last_message_at"])
    Participant.objects.get_or_create(conversation=conversation, user=recipient)
    Participant.objects.update_or_create(
        conversation=conversation, user=sender, defaults={"last_read_at": now}
    )

    from messaging.tasks import email_new_message

    email_new_message.delay_on_commit(message.pk)
    logger.info(
        "Message sent",
        extra={"message_id": message.pk, "conversation_id": conversation.pk},
    )
    return message


@transaction.atomic
def mark_conversation_read(participant: Participant) -> None:
    Participant.objects.filter(pk=participant.pk).update(last_read_at=timezone.now())


@transaction.atomic
def block_member(blocked: User, *, acting_user: User) -> Block:
    if blocked.pk == acting_user.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=acting_user, blocked=blocked)
    logger.info("Member blocked by member", extra={"block_id": block.pk})
    return block


@transaction.atomic
def unblock_member(blocked: User, *, acting_user: User) -> None:
    Block.objects.filter(blocker=acting_user, blocked=blocked).delete()
    logger.info("Member unblocked by member", extra={"user_id": acting_user.pk})


@transaction.atomic
def set_message_state(message: Message, *, state: str, acting_user: User) -> Message:
    """Moderation: hide, show again, or remove (the text is erased for good)."""
    message.state = state
    fields = ["state"]
    if state == ContentState.REMOVED:
        message.body = ""
        fields.append("body")
    message.save(update_fields=fields)
    return message


def erase_messaging_data(member: User) -> None:
    """Leaving: the member's messages and blocks go; the other member keeps their own words."""
    Message.objects.filter(sender=member).delete()
    Block.objects.filter(blocker=member).delete()
    Block.objects.filter(blocked=member).delete()
    conversation_ids = list(
        Participant.objects.filter(user=member).values_list("conversation_id", flat=True)
    )
    Participant.objects.filter(user=member).delete()
    # A conversation with nobody or nothing left in it has no reason to exist.
    Conversation.objects.filter(pk__in=conversation_ids).filter(
        Q(participants__isnull=True) | Q(messages__isnull=True)
    ).delete()
