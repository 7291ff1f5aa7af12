"""The signed one-click unsubscribe link of the weekly digest.

The token names the member and the buurtsite's schema, signed with the secret key: it needs
no sign-in, cannot be forged, and a token of one buurtsite means nothing on another (member
ids repeat between schemas, so the schema is part of what is signed and checked).
"""

from __future__ import annotations

from django.core import signing

from accounts.models import User
from members.models import Profile
from tenants.connection import tenant_connection

_SALT = "digest.unsubscribe"


def unsubscribe_token(member: User) -> str:
    return signing.dumps({"m": member.pk, "s": tenant_connection().schema_name}, salt=_SALT)


def member_for_token(token: str) -> User | None:
    """The active member the token was made for on this buurtsite, or None."""
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("s") != tenant_connection().schema_name:
        return None
    member_id = data.get("m")
    if not isinstance(member_id, int):
        return None
    return (
        User.objects.filter(pk=member_id, is_active=True, profile__status=Profile.Status.ACTIVE)
        .select_related("profile")
        .first()
    )


def unsubscribe_path(member: User) -> str:
    return f"/weekmail/afmelden/{unsubscribe_token(member)}/"
