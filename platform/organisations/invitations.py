"""Invitations to an organisation's portal, valid for a week and used once.

The same approach as members.invitations: the e-mail holds the only copy of the token, the
database keeps its SHA-256 hash, so a leaked table opens no account.
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
from organisations.actions import add_member, portal_link
from organisations.models import Organisation, OrganisationInvitation, OrganisationMembership

logger = logging.getLogger(__name__)

VALID_FOR = timedelta(days=7)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_colleague(
    organisation: Organisation, *, email: str, role: str, acting_user: User | None
) -> OrganisationInvitation:
    """Send an invitation, unless one is open for this address (then that one stays)."""
    email = User.objects.normalize_email(email.strip()).lower()
    if OrganisationMembership.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).exists():
        raise ValidationError(_("This person is already on your team."), code="member")
    now = timezone.now()
    waiting = organisation.invitations.filter(
        email=email, accepted_at__isnull=True, expires_at__gt=now
    ).first()
    if waiting is not None:
        return waiting

    token = secrets.token_urlsafe(32)
    invitation = OrganisationInvitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=acting_user,
        expires_at=now + VALID_FOR,
    )
    link = portal_link(f"/portaal/uitnodiging/{token}/")
    name = organisation.name
    transaction.on_commit(lambda: _mail(email, organisation_name=name, link=link))
    logger.info(
        "Organisation invitation sent",
        extra={"invitation_id": invitation.pk, "organisation_id": organisation.pk, "role": role},
    )
    return invitation


def _mail(email: str, *, organisation_name: str, link: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"organisation_name": organisation_name, "link": link, "days": VALID_FOR.days}
        subject = render_to_string("organisations/email/invitation_subject.txt", context)
        body = render_to_string("organisations/email/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [email])


def open_invitation(token: str) -> OrganisationInvitation:
    """The invitation this token opens, or a Dutch reason why it opens nothing."""
    invitation = (
        OrganisationInvitation.objects.filter(token_hash=hash_token(token))
        .select_related("organisation")
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."), code="unknown")
    if invitation.accepted_at is not None:
        raise ValidationError(
            _("This invitation has been used already. You can sign in."), code="used"
        )
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation has expired. Ask your organisation's administrator for a new one."),
            code="expired",
        )
    return invitation


def existing_account(invitation: OrganisationInvitation) -> User | None:
    return User.objects.filter(email__iexact=invitation.email).first()


@transaction.atomic
def accept_invitation(
    token: str, *, user: User | None = None, display_name: str = "", password: str = ""
) -> User:
    """Join the organisation: with the signed-in account of the invited address, or with a
    new account made here (the link proves the address, so it counts as verified)."""
    invitation = open_invitation(token)
    invitation = OrganisationInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has been used already. You can sign in."))
    if user is None:
        if existing_account(invitation) is not None:
            raise ValidationError(_("You already have an account. Sign in first."))
        user = create_member(
            email=invitation.email,
            password=password,
            display_name=display_name.strip(),
            role=User.Role.ORGANISATION,
            email_verified=True,
        )
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation is for another e-mail address. Sign out and sign in with it."),
            code="other_address",
        )
    add_member(invitation.organisation, user=user, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    logger.info(
        "Organisation invitation accepted",
        extra={"invitation_id": invitation.pk, "user_id": user.pk},
    )
    return user
