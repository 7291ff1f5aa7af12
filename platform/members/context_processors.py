from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from members.permissions import (
    can_manage_members,
    can_moderate,
    can_refer,
    can_view_figures,
    has_account,
    is_member,
)
from members.selectors import unread_notice_count


def member(request: HttpRequest) -> dict[str, Any]:
    """What the navigation needs to know about the signed-in member, on buurtsites only."""
    user = getattr(request, "user", None)
    if getattr(request, "buurtsite", None) is None or user is None or not has_account(user):
        return {}
    return {
        "member_can": {
            "use_site": is_member(user),
            "manage_members": can_manage_members(user),
            "moderate": can_moderate(user),
            "refer": can_refer(user),
            "view_figures": can_view_figures(user),
        },
        "unread_notices": unread_notice_count(user),
    }
