"""referrals' part of the buurtverbinder home: help requests that wait for an answer."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from members.attention import Attention, AttentionItem
from referrals.selectors import open_help_requests

SHOWN = 5


def open_help_requests_section(user: User) -> Attention:
    waiting = list(open_help_requests()[: SHOWN + 1])
    count = open_help_requests().count() if len(waiting) > SHOWN else len(waiting)
    return Attention(
        key="open_help_requests",
        title=_("Open help requests"),
        count=count,
        items=[
            AttentionItem(
                text=help_request.subject,
                url=f"/buurtverbinder/hulpvragen/{help_request.pk}/",
                detail=_("%(state)s, asked on %(date)s")
                % {
                    "state": help_request.get_state_display(),
                    "date": date_format(help_request.created_at, "j F Y"),
                },
            )
            for help_request in waiting[:SHOWN]
        ],
        url="/buurtverbinder/hulpvragen/",
        link_text=_("All help requests"),
        empty_text=_("No help request is waiting."),
    )
