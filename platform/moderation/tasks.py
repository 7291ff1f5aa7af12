"""Moderation e-mail sent in the background, inside the buurtsite's schema."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils.translation import gettext as _

from members.emails import send_member_email
from moderation.models import Decision
from tenants.tasks import BuurtsiteTask

logger = logging.getLogger(__name__)


@shared_task(base=BuurtsiteTask, name="moderation.email_block_decision")
def email_block_decision(decision_id: int) -> bool:
    """Tell a blocked member why. Sent at most once a run; a repeat after a crash is harmless."""
    decision = (
        Decision.objects.select_related("member")
        .filter(pk=decision_id, action=Decision.Action.BLOCK)
        .first()
    )
    if decision is None or decision.member is None:
        return False
    send_member_email(
        to=decision.member.email,
        subject=_("You can no longer sign in"),
        template="moderation/email/blocked.txt",
        context={"decision": decision},
    )
    logger.info("Block decision e-mailed", extra={"decision_id": decision_id})
    return True
