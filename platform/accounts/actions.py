"""Creating accounts. Runs in whichever schema is active: a buurtsite's, or public."""

from __future__ import annotations

import logging

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def create_member(
    *,
    email: str,
    password: str,
    display_name: str = "",
    role: str = User.Role.RESIDENT,
    email_verified: bool = False,
) -> User:
    """A member of the active buurtsite, with the e-mail address allauth signs them in by."""
    user = User.objects.create_user(email, password, display_name=display_name, role=role)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    logger.info("Member created", extra={"user_id": user.pk, "role": role})
    return user


@transaction.atomic
def create_operator(*, email: str, password: str, display_name: str = "") -> User:
    """A platform operator: lives in the public schema and may use the operator console."""
    user = User.objects.create_superuser(email, password, display_name=display_name)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    logger.info("Operator created", extra={"user_id": user.pk})
    return user
