"""Reads for messages: a member's conversations with unread counts, one conversation, blocks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts.models import User
from messaging.models import Block, Conversation, Message, Participant
from moderation.models import ContentState


def _unread_filter(user: User) -> Q:
    """Messages of the participation's conversation that `user` has not read yet."""
    newer = Q(conversation__messages__created_at__gt=F("last_read_at")) | Q(
        last_read_at__isnull=True
    )
    return (
        newer
        & ~Q(conversation__messages__sender=user)
        & Q(conversation__messages__state=ContentState.VISIBLE)
    )


def unread_message_count(user: User) -> int:
    result = Participant.objects.filter(user=user).aggregate(
        unread=Count("conversation__messages", filter=_unread_filter(user))
    )
    return int(result["unread"] or 0)


@dataclass(frozen=True)
class ConversationSummary:
    conversation_id: int
    other: User | None
    unread: int
    last_message_at: Any
    last_sender_id: int | None


def conversations_for(user: User) -> list[ConversationSummary]:
    """The member's conversations, newest first, each with the other member and unread count."""
    last = Message.objects.filter(conversation=OuterRef("conversation")).order_by(
        "-created_at", "-id"
    )
    participations = (
        Participant.objects.filter(user=user, conversation__last_message_at__isnull=False)
        .annotate(
            unread=Count("conversation__messages", filter=_unread_filter(user)),
            last_sender_id=Subquery(last.values("sender_id")[:1]),
        )
        .select_related("conversation")
        .prefetch_related(
            Prefetch(
                "conversation__participants",
                queryset=Participant.objects.exclude(user=user).select_related("user"),
                to_attr="others",
            )
        )
        .order_by("-conversation__last_message_at", "-conversation_id")
    )
    return [
        ConversationSummary(
            conversation_id=participation.conversation_id,
            other=_first_user(getattr(participation.conversation, "others", [])),
            unread=participation.unread,
            last_message_at=participation.conversation.last_message_at,
            last_sender_id=participation.last_sender_id,
        )
        for participation in participations
    ]


def _first_user(participants: list[Participant]) -> User | None:
    return participants[0].user if participants else None


def participation(user: User, conversation_id: int) -> Participant | None:
    """The member's place in a conversation; None when they are not in it (or it is gone)."""
    return (
        Participant.objects.select_related("conversation")
        .filter(user=user, conversation_id=conversation_id)
        .first()
    )


def other_participant(conversation: Conversation, user: User) -> User | None:
    other = (
        Participant.objects.filter(conversation=conversation)
        .exclude(user=user)
        .select_related("user")
        .first()
    )
    return other.user if other else None


def messages_in(conversation: Conversation, *, limit: int = 200) -> list[Message]:
    """The latest `limit` messages, oldest first."""
    latest = list(
        conversation.messages.select_related("sender").order_by("-created_at", "-id")[:limit]
    )
    return latest[::-1]


def conversation_between(first: User, second: User) -> Conversation | None:
    return Conversation.objects.filter(pair_key=Conversation.key_for(first.pk, second.pk)).first()


def has_blocked(blocker: User, blocked: User) -> bool:
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


def blocks_between(first: User, second: User) -> QuerySet[Block]:
    return Block.objects.filter(Q(blocker=first, blocked=second) | Q(blocker=second, blocked=first))


def blocked_members(user: User) -> QuerySet[Block]:
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("-created_at")


def unanswered_for(user: User, *, limit: int = 6) -> list[ConversationSummary]:
    """Conversations whose last message came from the other member: they wait for `user`."""
    return [
        summary
        for summary in conversations_for(user)
        if summary.last_sender_id is not None and summary.last_sender_id != user.pk
    ][:limit]


def messaging_data(member: User) -> dict[str, Any]:
    """messaging's part of the data export: every message the member sent, and their blocks."""
    return {
        "messages_sent": [
            {
                "conversation": message.conversation_id,
                "text": message.body,
                "sent": message.created_at.isoformat(),
                "state": message.state,
            }
            for message in Message.objects.filter(sender=member).order_by("created_at", "id")
        ],
        "conversations": [
            {
                "conversation": participation.conversation_id,
                "last_read": participation.last_read_at.isoformat()
                if participation.last_read_at
                else None,
            }
            for participation in Participant.objects.filter(user=member).order_by("pk")
        ],
        "blocked_members": [
            {"member": block.blocked_id, "since": block.created_at.isoformat()}
            for block in Block.objects.filter(blocker=member).order_by("created_at")
        ],
    }
