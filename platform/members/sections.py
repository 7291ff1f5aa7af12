"""members' parts of the buurtverbinder home: who waits for approval, who is new."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from members.attention import Attention, AttentionItem
from members.selectors import new_members_since, pending_members

SHOWN = 5


def pending_members_section(user: User) -> Attention:
    pending = list(pending_members()[: SHOWN + 1])
    count = pending_members().count() if len(pending) > SHOWN else len(pending)
    return Attention(
        key="pending_members",
        title=_("New members to approve"),
        count=count,
        items=[
            AttentionItem(
                text=profile.user.display_name or profile.user.email,
                url=f"/buurtverbinder/leden/{profile.user_id}/",
                detail=_("signed up on %(date)s")
                % {"date": date_format(profile.created_at, "j F Y")},
            )
            for profile in pending[:SHOWN]
        ],
        url="/buurtverbinder/leden/",
        link_text=_("All members"),
        empty_text=_("Nobody is waiting for approval."),
    )


def new_members_section(user: User) -> Attention:
    recent = list(new_members_since(days=14)[: SHOWN + 1])
    count = new_members_since(days=14).count() if len(recent) > SHOWN else len(recent)
    return Attention(
        key="new_members",
        title=_("New members of the last two weeks: say welcome"),
        count=count,
        items=[
            AttentionItem(
                text=profile.user.display_name or profile.user.email,
                url=f"/buren/{profile.user_id}/",
                detail=profile.area,
            )
            for profile in recent[:SHOWN]
        ],
        url="/buurtverbinder/leden/",
        link_text=_("All members"),
        empty_text=_("No new members in the last two weeks."),
    )
