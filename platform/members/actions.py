"""Writes about members: joining, approval, profiles, roles, notices, leaving.

Every function runs in the active buurtsite's schema, in one transaction; e-mail and tasks are
sent on commit. The acting user is named where a person acts.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_CACHE_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from members import privacy
from members.models import (
    Channel,
    JoinCode,
    JoiningMode,
    Notice,
    NoticeKind,
    Profile,
    SiteSettings,
    Topic,
    Visibility,
)
from members.permissions import cached_profile
from members.photos import prepare_photo
from members.selectors import get_site_settings

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L: the code is typed over from paper by people who may not see well.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_TOPICS = 15
MEMBER_ROLES = (
    User.Role.RESIDENT,
    User.Role.BUURTVERBINDER,
    User.Role.ORGANISATION,
    User.Role.MUNICIPALITY,
)


# Buurtsite settings ---------------------------------------------------------------------------


@transaction.atomic
def set_joining_mode(*, mode: str, acting_user: User | None = None) -> SiteSettings:
    """How people join this buurtsite. Provisioning calls this without an acting user."""
    if mode not in JoiningMode.values:
        raise ValidationError({"joining_mode": _("Choose one of the ways to join.")})
    site, _created = SiteSettings.objects.select_for_update().get_or_create(
        id=SiteSettings.SINGLETON_PK
    )
    site.joining_mode = mode
    site.save()
    logger.info(
        "Joining mode set",
        extra={"joining_mode": mode, "acting_user_id": getattr(acting_user, "pk", None)},
    )
    return site


@transaction.atomic
def update_house_rules(*, text: str, acting_user: User | None = None) -> SiteSettings:
    """New house rules get a new version; members accept the version current when they join."""
    site, _created = SiteSettings.objects.select_for_update().get_or_create(
        id=SiteSettings.SINGLETON_PK
    )
    text = text.strip()
    if text != site.house_rules:
        site.house_rules = text
        site.house_rules_version += 1
        site.save()
        logger.info(
            "House rules changed",
            extra={
                "version": site.house_rules_version,
                "acting_user_id": getattr(acting_user, "pk", None),
            },
        )
    return site


# Joining ------------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return "".join(code.upper().split()).replace("-", "")


@transaction.atomic
def join_buurtsite(
    user: User, *, display_name: str, house_rules_version: int, code: str = ""
) -> Profile:
    """A new account becomes a member: active at once, or waiting for a buurtverbinder.

    In code mode the code was checked by the form; if someone else used it in the meantime the
    new member waits for approval instead of being turned away.
    """
    site = get_site_settings()
    needs_approval = site.joining_mode == JoiningMode.APPROVAL or (
        site.joining_mode == JoiningMode.CODE and not _use_code(normalise_code(code), user)
    )
    status = Profile.Status.PENDING if needs_approval else Profile.Status.ACTIVE

    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    profile = Profile.objects.create(
        user=user,
        status=status,
        house_rules_version=house_rules_version,
        house_rules_accepted_at=timezone.now(),
        approved_at=timezone.now() if status == Profile.Status.ACTIVE else None,
    )
    if status == Profile.Status.PENDING:
        for connector in _buurtverbinders():
            notify(
                connector,
                kind=NoticeKind.MEMBERSHIP,
                title=_("A new member is waiting for your approval"),
                url="/buurtverbinder/leden/",
                email=False,
            )
    logger.info(
        "Member joined",
        extra={"user_id": user.pk, "status": status, "joining_mode": site.joining_mode},
    )
    return profile


def _use_code(code: str, user: User) -> bool:
    join_code = JoinCode.objects.select_for_update().filter(code=code, used_by__isnull=True).first()
    if join_code is None:
        return False
    join_code.used_by = user
    join_code.used_at = timezone.now()
    join_code.save(update_fields=["used_by", "used_at"])
    return True


@transaction.atomic
def create_join_codes(*, addresses: Iterable[str], acting_user: User) -> list[JoinCode]:
    """One personal code per address, to print on a letter."""
    codes = []
    for address in addresses:
        address = " ".join(address.split())
        if not address:
            continue
        code = _new_code()
        codes.append(JoinCode.objects.create(code=code, address=address, created_by=acting_user))
    logger.info(
        "Joining codes created", extra={"count": len(codes), "acting_user_id": acting_user.pk}
    )
    return codes


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not JoinCode.objects.filter(code=code).exists():
            return code


@transaction.atomic
def delete_join_code(join_code: JoinCode, *, acting_user: User) -> None:
    if join_code.used_by_id is not None:
        raise ValidationError(_("This code has been used already; it cannot be removed."))
    join_code.delete()
    logger.info("Joining code removed", extra={"acting_user_id": acting_user.pk})


@transaction.atomic
def approve_member(member: User, *, acting_user: User) -> Profile:
    profile = _locked_profile(member)
    if profile.status != Profile.Status.PENDING:
        raise ValidationError(_("This person is not waiting for approval."))
    profile.status = Profile.Status.ACTIVE
    profile.approved_at = timezone.now()
    profile.approved_by = acting_user
    profile.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    notify(
        member,
        kind=NoticeKind.MEMBERSHIP,
        title=_("Welcome! You are now a member"),
        body=_("A buurtverbinder has approved your membership. You can use everything now."),
        url="/",
    )
    logger.info("Member approved", extra={"user_id": member.pk, "acting_user_id": acting_user.pk})
    return profile


@transaction.atomic
def decline_member(member: User, *, acting_user: User) -> None:
    """Someone who waited for approval is not let in: their account is removed."""
    profile = _locked_profile(member)
    if profile.status != Profile.Status.PENDING:
        raise ValidationError(_("This person is not waiting for approval."))
    from members.tasks import send_declined_email

    send_declined_email.delay_on_commit(member.email)
    logger.info("Member declined", extra={"user_id": member.pk, "acting_user_id": acting_user.pk})
    delete_account(member, acting_user=acting_user)


def _locked_profile(member: User) -> Profile:
    profile, _created = Profile.objects.select_for_update().get_or_create(user=member)
    return profile


def _buurtverbinders() -> list[User]:
    return list(
        User.objects.filter(role=User.Role.BUURTVERBINDER, is_active=True).exclude(
            profile__status__in=[Profile.Status.PENDING, Profile.Status.BLOCKED]
        )
    )


# Profiles -----------------------------------------------------------------------------------


@transaction.atomic
def update_profile(
    member: User,
    *,
    display_name: str,
    area: str,
    about: str,
    offer: str,
    skills: Iterable[str],
    interests: Iterable[str],
    acting_user: User,
) -> Profile:
    profile = _locked_profile(member)
    member.display_name = display_name.strip()
    member.save(update_fields=["display_name"])
    profile.area = area.strip()
    profile.about = about.strip()
    profile.offer = offer.strip()
    profile.save()
    profile.skills.set(_topics(skills))
    profile.interests.set(_topics(interests))
    logger.info("Profile updated", extra={"user_id": member.pk, "acting_user_id": acting_user.pk})
    return profile


def parse_topics(text: str) -> list[str]:
    """'Tuinieren, computerhulp;  koken' -> ['Tuinieren', 'computerhulp', 'koken']."""
    seen: dict[str, str] = {}
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        name = " ".join(part.split())[:40]
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())[:MAX_TOPICS]


def _topics(names: Iterable[str]) -> list[Topic]:
    topics: list[Topic] = []
    for name in names:
        existing = Topic.objects.annotate(lower=Lower("name")).filter(lower=name.lower()).first()
        topics.append(existing or Topic.objects.create(name=name))
    return topics


@transaction.atomic
def update_privacy(
    member: User,
    *,
    area_visibility: str,
    photo_visibility: str,
    about_visibility: str,
    in_directory: bool,
    notify_messages: str,
    notify_moderation: str,
    acting_user: User,
    weekly_digest: bool = False,
    language: str = "",
) -> Profile:
    for value in (area_visibility, photo_visibility, about_visibility):
        if value not in Visibility.values:
            raise ValidationError(_("Choose who may see this."))
    if notify_messages not in Channel.values or notify_moderation not in Channel.values:
        raise ValidationError(_("Choose how you want to hear about this."))
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose a language from the list."))
    profile = _locked_profile(member)
    profile.area_visibility = area_visibility
    profile.photo_visibility = photo_visibility
    profile.about_visibility = about_visibility
    profile.in_directory = in_directory
    profile.notify_messages = notify_messages
    profile.notify_moderation = notify_moderation
    profile.weekly_digest = weekly_digest
    profile.language = language
    profile.save()
    logger.info("Privacy choices updated", extra={"user_id": member.pk})
    return profile


@transaction.atomic
def set_profile_photo(member: User, *, upload: UploadedFile, acting_user: User) -> Profile:
    """Check and re-encode the photo (raises ValidationError), then replace the old one."""
    photo = prepare_photo(upload)
    profile = _locked_profile(member)
    old = profile.photo
    profile.photo = default_storage.save(photo.name, photo)
    profile.save(update_fields=["photo", "updated_at"])
    if old:
        transaction.on_commit(lambda: default_storage.delete(old))
    logger.info("Profile photo set", extra={"user_id": member.pk})
    return profile


@transaction.atomic
def remove_profile_photo(member: User, *, acting_user: User) -> Profile:
    profile = _locked_profile(member)
    old = profile.photo
    profile.photo = ""
    profile.save(update_fields=["photo", "updated_at"])
    if old:
        transaction.on_commit(lambda: default_storage.delete(old))
    logger.info("Profile photo removed", extra={"user_id": member.pk})
    return profile


@transaction.atomic
def set_profile_hidden(member: User, *, hidden: bool, acting_user: User) -> Profile:
    """Moderation: hide (or show again) what a member wrote about themselves."""
    profile = _locked_profile(member)
    profile.is_hidden = hidden
    profile.save(update_fields=["is_hidden", "updated_at"])
    return profile


@transaction.atomic
def clear_profile_content(member: User, *, acting_user: User) -> Profile:
    """Moderation: remove the text, photo, skills and interests of a profile for good."""
    profile = _locked_profile(member)
    old_photo = profile.photo
    profile.about = ""
    profile.offer = ""
    profile.photo = ""
    profile.is_hidden = False
    profile.save()
    profile.skills.clear()
    profile.interests.clear()
    if old_photo:
        transaction.on_commit(lambda: default_storage.delete(old_photo))
    return profile


# Roles and blocking -------------------------------------------------------------------------


@transaction.atomic
def set_member_role(member: User, *, role: str, acting_user: User) -> User:
    if role not in MEMBER_ROLES:
        raise ValidationError({"role": _("Choose one of the roles.")})
    if member.pk == acting_user.pk:
        raise ValidationError(_("You cannot change your own role."))
    member.role = role
    member.save(update_fields=["role"])
    logger.info(
        "Member role changed",
        extra={"user_id": member.pk, "role": role, "acting_user_id": acting_user.pk},
    )
    return member


@transaction.atomic
def block_member(member: User, *, acting_user: User) -> Profile:
    """The member can no longer sign in; their sessions end at once."""
    if member.pk == acting_user.pk:
        raise ValidationError(_("You cannot block yourself."))
    profile = _locked_profile(member)
    profile.status = Profile.Status.BLOCKED
    profile.save(update_fields=["status", "updated_at"])
    member.is_active = False
    member.save(update_fields=["is_active"])
    _end_sessions(member)
    logger.info("Member blocked", extra={"user_id": member.pk, "acting_user_id": acting_user.pk})
    return profile


@transaction.atomic
def unblock_member(member: User, *, acting_user: User) -> Profile:
    profile = _locked_profile(member)
    profile.status = Profile.Status.ACTIVE
    profile.save(update_fields=["status", "updated_at"])
    member.is_active = True
    member.save(update_fields=["is_active"])
    logger.info("Member unblocked", extra={"user_id": member.pk, "acting_user_id": acting_user.pk})
    return profile


def _end_sessions(member: User) -> None:
    """Sessions are rows in this schema; find the member's by decoding them (a buurt is small)."""
    ids = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        if str(session.get_decoded().get("_auth_user_id")) == str(member.pk)
    ]
    Session.objects.filter(session_key__in=ids).delete()
    caches[settings.SESSION_CACHE_ALIAS].delete_many([SESSION_CACHE_PREFIX + key for key in ids])


# Notices ------------------------------------------------------------------------------------


def notify(
    member: User,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> Notice | None:
    """Tell a member something, the way they chose for this kind (site, e-mail, or not)."""
    profile = cached_profile(member)
    channel = profile.channel_for(kind) if profile is not None else Channel.EMAIL
    if channel == Channel.OFF:
        return None
    notice = Notice.objects.create(user=member, kind=kind, title=title, body=body, url=url)
    if email and channel == Channel.EMAIL:
        from members.tasks import email_notice

        email_notice.delay_on_commit(notice.pk)
    return notice


@transaction.atomic
def mark_notices_read(member: User) -> int:
    return Notice.objects.filter(user=member, read_at__isnull=True).update(read_at=timezone.now())


# Leaving ------------------------------------------------------------------------------------


@transaction.atomic
def delete_account(member: User, *, acting_user: User) -> None:
    """Erase the member's personal data in every app, then the account itself.

    Every app's eraser removes or anonymises what it keeps (see members.privacy); public
    contributions keep existing with their author set to nobody.
    """
    member_id = member.pk
    for _name, erase in sorted(privacy.erasers().items()):
        erase(member)
    _end_sessions(member)
    member.delete()
    logger.info("Account deleted", extra={"user_id": member_id, "acting_user_id": acting_user.pk})


def erase_member_data(member: User) -> None:
    """members' own eraser: profile, photo, notices, the address on a used joining code."""
    photo = Profile.objects.filter(user=member).values_list("photo", flat=True).first()
    if photo:
        transaction.on_commit(lambda: default_storage.delete(photo))
    JoinCode.objects.filter(used_by=member).update(address="", used_by=None)
    Notice.objects.filter(user=member).delete()
    Profile.objects.filter(user=member).delete()
    Topic.objects.filter(skilled__isnull=True, interested__isnull=True).delete()
