"""E-mail about new messages, as each member chose, sent in the buurtsite's schema."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.emails import absolute_url, send_member_email
from members.models import Channel
from members.selectors import profile_of
from messaging.models import Message, Participant
from moderation.models import ContentState
from tenants.tasks import BuurtsiteTask

logger = logging.getLogger(__name__)


@shared_task(base=BuurtsiteTask, name="messaging.email_new_message")
def email_new_message(message_id: int) -> int:
    """E-mail the other member about a new message, at most once per run of unread messages.

    Nobody gets a second e-mail before they have read the conversation, so a lively chat is
    one e-mail, and a repeated task (a worker that died) sends nothing twice.
    """
    message = Message.objects.filter(pk=message_id, state=ContentState.VISIBLE).first()
    if message is None or message.sender_id is None:
        return 0
    sent = 0
    with transaction.atomic():
        recipients = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("user", "user__profile")
            .filter(conversation_id=message.conversation_id, user__is_active=True)
            .exclude(user_id=message.sender_id)
        )
        for participant in recipients:
            if not _should_email(participant, message):
                continue
            send_member_email(
                to=participant.user.email,
                subject=_("You have a new message"),
                template="messaging/email/new_message.txt",
                context={
                    "sender_name": message.sender.display_name if message.sender else "",
                    "link": absolute_url(f"/berichten/{message.conversation_id}/"),
                    "settings_link": absolute_url("/profiel/privacy/"),
                },
            )
            participant.last_emailed_at = timezone.now()
            participant.save(update_fields=["last_emailed_at"])
            sent += 1
    logger.info("Message e-mail checked", extra={"message_id": message_id, "sent": sent})
    return sent


def _should_email(participant: Participant, message: Message) -> bool:
    if profile_of(participant.user).notify_messages != Channel.EMAIL:
        return False
    read = participant.last_read_at
    if read is not None and read >= message.created_at:
        return False  # read already
    emailed = participant.last_emailed_at
    # Already told about this run of unread messages.
    return emailed is None or (read is not None and emailed < read)
