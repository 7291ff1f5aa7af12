from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from members.permissions import is_member
from messaging.selectors import unread_message_count


def unread(request: HttpRequest) -> dict[str, Any]:
    """The number of unread messages for the navigation, on buurtsites only."""
    user = getattr(request, "user", None)
    if getattr(request, "buurtsite", None) is None or user is None or not is_member(user):
        return {}
    return {"unread_messages": unread_message_count(user)}
