from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from members.attention import Attention, AttentionItem
from moderation.models import Report
from moderation.selectors import open_reports

SHOWN = 5


def open_reports_section(user: User) -> Attention:
    reports = list(open_reports()[: SHOWN + 1])
    count = open_reports().count() if len(reports) > SHOWN else len(reports)
    return Attention(
        key="open_reports",
        title=_("Reports to handle"),
        count=count,
        items=[
            AttentionItem(
                text=f"{Report.Reason(report.reason).label}",
                url=f"/buurtverbinder/gemeld/{report.pk}/",
                detail=date_format(report.created_at, "j F Y"),
            )
            for report in reports[:SHOWN]
        ],
        url="/buurtverbinder/gemeld/",
        link_text=_("All reports"),
        empty_text=_("There are no reports to handle."),
    )
