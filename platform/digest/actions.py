"""Writes for the weekly digest: sending a batch exactly once per member and week, and
subscribing or unsubscribing."""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from digest import selectors
from digest.links import unsubscribe_path
from digest.models import DigestSend
from digest.sections import DigestSection, sections_for
from members.emails import absolute_url, buurtsite_name
from members.models import Profile

logger = logging.getLogger(__name__)


def send_digest_batch(member_ids: list[int], *, week: date, now: datetime | None = None) -> int:
    """Send this week's digest to each member in `member_ids` who chose it and has something
    new; return how many were sent.

    Each member's row in DigestSend is inserted in the transaction that sends the e-mail: when
    the e-mail fails the row goes too (a re-run sends it), and when the row is there already a
    re-run or a duplicate task running at the same time skips the member.
    """
    moment = now or timezone.now()
    members = list(selectors.subscribers().filter(pk__in=member_ids).select_related("profile"))
    ids = [member.pk for member in members]
    done = selectors.already_sent(ids, week=week)
    since = selectors.since_for(ids, now=moment)
    site_url = absolute_url("")
    site_name = buurtsite_name()

    sent = 0
    for member in members:
        if member.pk in done:
            continue
        # The sources write their titles through gettext: in the member's language too.
        with translation.override(member.profile.language or settings.LANGUAGE_CODE):
            sections = sections_for(member, since[member.pk])
            if not sections:
                continue  # nothing new: no e-mail at all
            try:
                with transaction.atomic():
                    DigestSend.objects.create(
                        member=member,
                        week=week,
                        sections=len(sections),
                        items=sum(len(section.items) for section in sections),
                    )
                    _send(member, sections, site_url=site_url, site_name=site_name)
            except IntegrityError:
                continue  # another run claimed this member's digest first
        sent += 1
    logger.info(
        "Digest batch sent",
        extra={"week": week.isoformat(), "members": len(member_ids), "sent": sent},
    )
    return sent


def _send(member: User, sections: list[DigestSection], *, site_url: str, site_name: str) -> None:
    """Render and send one digest, in the language that is active (the member's)."""
    unsubscribe = f"{site_url}{unsubscribe_path(member)}"
    context = {
        "member": member,
        "sections": sections,
        "site_url": site_url,
        "buurtsite_name": site_name,
        "unsubscribe_url": unsubscribe,
        "settings_url": f"{site_url}/profiel/privacy/",
    }
    email = EmailMultiAlternatives(
        subject=_("This week in %(buurtsite)s") % {"buurtsite": site_name},
        body=render_to_string("digest/email/digest.txt", context),
        to=[member.email],
        headers={
            # RFC 8058: mail programs show their own button and unsubscribe with a POST.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(render_to_string("digest/email/digest.html", context), "text/html")
    email.send()


@transaction.atomic
def set_digest_choice(member: User, *, weekly_digest: bool) -> None:
    """Subscribe or unsubscribe `member` (also through the signed link, without signing in)."""
    Profile.objects.filter(user=member).update(weekly_digest=weekly_digest)
    logger.info(
        "Digest choice changed", extra={"user_id": member.pk, "weekly_digest": weekly_digest}
    )
