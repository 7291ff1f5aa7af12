"""E-mail about activities, sent in the buurtsite's schema: a place that came free, and the
reminder the day before. Each goes out once per member per activity, also when a task runs
twice: the row is claimed with a conditional UPDATE before the e-mail is sent, in the same
transaction, so a failed send leaves it unclaimed for the next run."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from agenda.models import SignUp
from members.emails import absolute_url, send_member_email
from tenants.tasks import BuurtsiteTask

logger = logging.getLogger(__name__)


def _when(sign_up: SignUp) -> str:
    activity = sign_up.activity
    text = f"{date_format(activity.date, 'l j F Y')}, {time_format(activity.start_time, 'H:i')}"
    if activity.end_time is not None:
        text += f"–{time_format(activity.end_time, 'H:i')}"
    return text


def _context(sign_up: SignUp) -> dict[str, object]:
    return {
        "name": sign_up.member.display_name,
        "title": sign_up.activity.title,
        "when": _when(sign_up),
        "place": sign_up.activity.place,
        "link": absolute_url(sign_up.activity.get_absolute_url()),
    }


@shared_task(base=BuurtsiteTask, name="agenda.email_moved_up")
def email_moved_up(signup_id: int) -> bool:
    """Tell a member that a place came free and they moved up from the waiting list."""
    with transaction.atomic():
        claimed = SignUp.objects.filter(
            pk=signup_id,
            status=SignUp.Status.CONFIRMED,
            moved_up_at__isnull=False,
            moved_up_emailed_at__isnull=True,
            member__is_active=True,
        ).update(moved_up_emailed_at=timezone.now())
        if not claimed:
            return False
        sign_up = SignUp.objects.select_related("activity", "member").get(pk=signup_id)
        send_member_email(
            to=sign_up.member.email,
            subject=_("A place came free: you can come"),
            template="agenda/email/moved_up.txt",
            context=_context(sign_up),
        )
    logger.info("Moved-up e-mail sent", extra={"signup_id": signup_id})
    return True


@shared_task(base=BuurtsiteTask, name="agenda.send_reminders")
def send_reminders() -> int:
    """Remind everyone signed up for tomorrow's activities. Beat runs it hourly through
    tenants.fan_out; whoever was reminded already is skipped."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    pending = list(
        SignUp.objects.filter(
            activity__date=tomorrow,
            status=SignUp.Status.CONFIRMED,
            reminded_at__isnull=True,
            member__is_active=True,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for signup_id in pending:
        with transaction.atomic():
            claimed = SignUp.objects.filter(pk=signup_id, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue  # another run got there first
            sign_up = SignUp.objects.select_related("activity", "member").get(pk=signup_id)
            send_member_email(
                to=sign_up.member.email,
                subject=_("Tomorrow: %(title)s") % {"title": sign_up.activity.title},
                template="agenda/email/reminder.txt",
                context=_context(sign_up),
            )
            sent += 1
    logger.info("Activity reminders sent", extra={"sent": sent, "date": tomorrow.isoformat()})
    return sent
