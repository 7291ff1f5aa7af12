"""E-mail to the member when their help request is referred or resolved, in its buurtsite."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.emails import absolute_url, send_member_email
from referrals.models import Event, HelpRequest
from tenants.tasks import BuurtsiteTask

logger = logging.getLogger(__name__)


@shared_task(base=BuurtsiteTask, name="referrals.email_help_request_update")
def email_help_request_update(event_id: int) -> int:
    """Tell the member their help request was referred or resolved; once per history entry,
    so a repeated task (a worker that died) sends nothing twice."""
    with transaction.atomic():
        event = (
            Event.objects.select_for_update(of=("self",))
            .select_related("help_request__member", "referral")
            .filter(pk=event_id, emailed_at__isnull=True, visible_to_member=True)
            .first()
        )
        if event is None or not event.help_request.member.is_active:
            return 0
        help_request = event.help_request
        if event.new_state == HelpRequest.State.RESOLVED:
            subject = _("Your help request has been resolved")
        elif event.new_state == HelpRequest.State.REFERRED:
            subject = _("Your help request has been referred")
        else:
            return 0
        send_member_email(
            to=help_request.member.email,
            subject=subject,
            template="referrals/email/update.txt",
            context={
                "member_name": help_request.member.display_name,
                "subject": help_request.subject,
                "resolved": event.new_state == HelpRequest.State.RESOLVED,
                "referral": event.referral,
                "referral_url": _absolute(event.referral.url) if event.referral else "",
                "note": event.text,
                "link": absolute_url(f"/hulp/{help_request.pk}/"),
            },
        )
        event.emailed_at = timezone.now()
        event.save(update_fields=["emailed_at"])
    logger.info("Help request e-mail sent", extra={"event_id": event_id})
    return 1


def _absolute(url: str) -> str:
    return absolute_url(url) if url.startswith("/") else url
