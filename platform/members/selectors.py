"""Reads about members: settings, profiles, the directory, notices, the data export."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from members import privacy
from members.models import JoinCode, Notice, Profile, SiteSettings, Topic, Visibility
from members.permissions import cached_profile, can_manage_members

DIRECTORY_PAGE_SIZE = 30


def get_site_settings() -> SiteSettings:
    """The buurtsite's settings; the defaults when nobody has chosen anything yet."""
    return SiteSettings.objects.filter(id=SiteSettings.SINGLETON_PK).first() or SiteSettings()


def profile_of(user: User) -> Profile:
    """The member's profile, or an unsaved one with the defaults for accounts without one."""
    return cached_profile(user) or Profile(user=user)


def _with_topics(profiles: QuerySet[Profile]) -> QuerySet[Profile]:
    return profiles.select_related("user").prefetch_related(
        Prefetch("skills", queryset=Topic.objects.order_by("name")),
        Prefetch("interests", queryset=Topic.objects.order_by("name")),
    )


def visible_members() -> QuerySet[Profile]:
    return Profile.objects.filter(status=Profile.Status.ACTIVE, user__is_active=True)


def directory(*, viewer: User, query: str = "", topic_id: int | None = None) -> QuerySet[Profile]:
    """Neighbours who want to be listed, found by name, skill, interest or what they offer.

    Only what the viewer may see is searched: a member who shows their skills to the
    buurtverbinders only is found by those skills by the buurtverbinders only. Accents do not
    matter ("jose" finds "José"); small typing mistakes in a skill do not either.
    """
    profiles = visible_members().filter(in_directory=True)
    if not can_manage_members(viewer):
        # What is hidden from this viewer is not searched for them either.
        open_about = Q(about_visibility=Visibility.MEMBERS, is_hidden=False)
    else:
        open_about = Q()
    if topic_id is not None:
        profiles = profiles.filter(
            open_about & (Q(skills__id=topic_id) | Q(interests__id=topic_id))
        )
    query = " ".join(query.split())[:100]
    if query:
        matching_topics = Topic.objects.filter(
            Q(name__unaccent__icontains=query) | Q(name__unaccent__trigram_word_similar=query)
        )
        profiles = profiles.filter(
            Q(user__display_name__unaccent__icontains=query)
            | (
                open_about
                & (
                    Q(skills__in=matching_topics)
                    | Q(interests__in=matching_topics)
                    | Q(offer__unaccent__icontains=query)
                    | Q(about__unaccent__icontains=query)
                )
            )
        )
    ids = profiles.values("pk").distinct()
    return _with_topics(Profile.objects.filter(pk__in=ids)).order_by(
        "user__display_name", "user_id"
    )


def popular_topics(*, viewer: User, limit: int = 20) -> list[Topic]:
    """Skills and interests that listed neighbours share openly, most named first."""
    shared = Q(
        skilled__status=Profile.Status.ACTIVE,
        skilled__in_directory=True,
        skilled__about_visibility=Visibility.MEMBERS,
        skilled__is_hidden=False,
    )
    liked = Q(
        interested__status=Profile.Status.ACTIVE,
        interested__in_directory=True,
        interested__about_visibility=Visibility.MEMBERS,
        interested__is_hidden=False,
    )
    topics = Topic.objects.annotate(
        members=Count("skilled", filter=shared, distinct=True)
        + Count("interested", filter=liked, distinct=True)
    )
    return list(topics.filter(members__gt=0).order_by("-members", "name")[:limit])


def profile_page(member_id: int) -> Profile | None:
    profile = _with_topics(Profile.objects.filter(user_id=member_id)).first()
    if profile is not None:
        return profile
    user = User.objects.filter(pk=member_id).first()
    return Profile(user=user) if user is not None else None


def pending_members() -> QuerySet[Profile]:
    return (
        Profile.objects.filter(status=Profile.Status.PENDING)
        .select_related("user", "user__join_code")
        .order_by("created_at")
    )


def members_for_management(*, query: str = "") -> QuerySet[User]:
    users = User.objects.select_related("profile").order_by("display_name", "email")
    query = " ".join(query.split())[:100]
    if query:
        users = users.filter(Q(display_name__unaccent__icontains=query) | Q(email__icontains=query))
    return users


def new_members_since(days: int = 14) -> QuerySet[Profile]:
    since = timezone.now() - timedelta(days=days)
    return (
        visible_members()
        .filter(created_at__gte=since)
        .select_related("user")
        .order_by("-created_at")
    )


def join_codes() -> QuerySet[JoinCode]:
    return JoinCode.objects.select_related("used_by").order_by("-created_at", "-id")


def notices_for(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user, show_in_site=True).order_by("-created_at", "-id")


def unread_notice_count(user: User) -> int:
    return Notice.objects.filter(user=user, show_in_site=True, read_at__isnull=True).count()


def members_data(member: User) -> dict[str, Any]:
    """members' part of the data export: the account, profile, notices and joining code."""
    profile = Profile.objects.filter(user=member).prefetch_related("skills", "interests").first()
    data: dict[str, Any] = {
        "account": {
            "id": member.pk,
            "email": member.email,
            "name": member.display_name,
            "role": member.role,
            "joined": member.date_joined.isoformat(),
            "last_login": member.last_login.isoformat() if member.last_login else None,
            "is_active": member.is_active,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in member.emailaddress_set.all()
            ],
        },
        "profile": None,
        "notices": [
            {
                "kind": notice.kind,
                "title": notice.title,
                "text": notice.body,
                "link": notice.url,
                "created": notice.created_at.isoformat(),
                "read": notice.read_at.isoformat() if notice.read_at else None,
            }
            for notice in Notice.objects.filter(user=member).order_by("created_at")
        ],
        "joining_code": None,
    }
    if profile is not None:
        data["profile"] = {
            field.name: _plain(getattr(profile, field.name))
            for field in Profile._meta.concrete_fields
            if field.name not in {"user", "approved_by"}
        }
        data["profile"]["skills"] = [topic.name for topic in profile.skills.all()]
        data["profile"]["interests"] = [topic.name for topic in profile.interests.all()]
    join_code = JoinCode.objects.filter(used_by=member).first()
    if join_code is not None:
        data["joining_code"] = {
            "code": join_code.code,
            "address": join_code.address,
            "used": join_code.used_at.isoformat() if join_code.used_at else None,
        }
    return data


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def export_member_data(member: User) -> dict[str, Any]:
    """Everything every app keeps about the member, as one JSON-ready dictionary."""
    return {
        "exported_at": timezone.now().isoformat(),
        **{name: export(member) for name, export in sorted(privacy.exporters().items())},
    }
