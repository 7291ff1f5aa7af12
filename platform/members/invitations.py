"""Personal invitations to join a buurtsite with a role, valid for a week.

Provisioning invites a new buurtsite's first buurtverbinder this way. The e-mail holds the only
copy of the token; the database keeps its hash, so a leaked table opens no account.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.actions import create_member
from accounts.models import User
from members.models import Invitation, Profile
from members.selectors import get_site_settings

logger = logging.getLogger(__name__)

VALID_FOR = timedelta(days=7)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_member(*, email: str, role: str, buurtsite_name: str, host: str) -> Invitation | None:
    """Send an invitation, unless one is open for this address or it is a member already.

    Idempotent, so a provisioning step that runs twice sends one e-mail.
    """
    email = email.strip().lower()
    now = timezone.now()
    if User.objects.filter(email__iexact=email).exists():
        return None
    waiting = Invitation.objects.filter(
        email=email, accepted_at__isnull=True, expires_at__gt=now
    ).first()
    if waiting is not None:
        return waiting

    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email, role=role, token_hash=_hash(token), expires_at=now + VALID_FOR
    )
    link = f"{settings.EMAIL_LINK_SCHEME}://{host}{_port()}/uitnodiging/{token}/"
    transaction.on_commit(lambda: _mail(email, buurtsite_name=buurtsite_name, link=link))
    logger.info("Invitation sent", extra={"invitation_id": invitation.pk, "role": role})
    return invitation


def _port() -> str:
    return f":{settings.EMAIL_LINK_PORT}" if settings.EMAIL_LINK_PORT else ""


def _mail(email: str, *, buurtsite_name: str, link: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"buurtsite_name": buurtsite_name, "link": link, "days": VALID_FOR.days}
        subject = render_to_string("members/email/invitation_subject.txt", context)
        body = render_to_string("members/email/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [email])


def open_invitation(token: str) -> Invitation:
    """The invitation this token opens, or a Dutch reason why it opens nothing."""
    invitation = Invitation.objects.filter(token_hash=_hash(token)).first()
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid on this buurtsite."))
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has been used already. You can sign in."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation has expired. Ask for a new one at the municipality or the platform.")
        )
    return invitation


@transaction.atomic
def accept_invitation(token: str, *, display_name: str, password: str) -> User:
    invitation = open_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    user = create_member(
        email=invitation.email,
        password=password,
        display_name=display_name.strip(),
        role=invitation.role,
        email_verified=True,
    )
    now = timezone.now()
    Profile.objects.create(
        user=user,
        status=Profile.Status.ACTIVE,
        house_rules_version=get_site_settings().house_rules_version,
        house_rules_accepted_at=now,
        approved_at=now,
    )
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    logger.info("Invitation accepted", extra={"invitation_id": invitation.pk, "user_id": user.pk})
    return user
