"""Background e-mail about membership, sent in the buurtsite's own schema.

Tasks are acknowledged late and may run twice: each one checks what was done already.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.emails import absolute_url, send_member_email
from members.models import Notice
from tenants.tasks import BuurtsiteTask

logger = logging.getLogger(__name__)


@shared_task(base=BuurtsiteTask, name="members.email_notice")
def email_notice(notice_id: int) -> bool:
    """E-mail a notice once; False when it was sent already or is gone."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=notice_id, emailed_at__isnull=True)
            .first()
        )
        if notice is None or not notice.user.is_active:
            return False
        send_member_email(
            to=notice.user.email,
            subject=notice.title,
            template="members/email/notice.txt",
            context={
                "notice": notice,
                "link": absolute_url(notice.url) if notice.url else "",
                "settings_link": absolute_url("/profiel/privacy/"),
            },
        )
        notice.emailed_at = timezone.now()
        notice.save(update_fields=["emailed_at"])
    logger.info("Notice e-mailed", extra={"notice_id": notice_id})
    return True


@shared_task(base=BuurtsiteTask, name="members.send_declined_email")
def send_declined_email(address: str) -> None:
    """The account is gone by now: the address is all that is left to write to."""
    send_member_email(
        to=address,
        subject=_("Your request to join"),
        template="members/email/declined.txt",
        context={},
    )
    logger.info("Declined e-mail sent")
