from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from members.attention import Attention, AttentionItem
from messaging.selectors import unanswered_for

SHOWN = 5


def unanswered_section(user: User) -> Attention:
    waiting = unanswered_for(user, limit=SHOWN + 1)
    return Attention(
        key="unanswered_messages",
        title=_("Messages waiting for your answer"),
        count=len(waiting),
        items=[
            AttentionItem(
                text=summary.other.display_name if summary.other else _("Former member"),
                url=f"/berichten/{summary.conversation_id}/",
                detail=date_format(summary.last_message_at, "j F Y, H:i"),
            )
            for summary in waiting[:SHOWN]
        ],
        url="/berichten/",
        link_text=_("All messages"),
        empty_text=_("You have answered every message."),
    )
