"""The monthly figures of one buurtsite: members, active members, requests, offers, matches,
help requests, referrals and marketplace items for the last twelve months.

Everything this app reads itself comes from one SQL query, and requests, offers and matches
from exchange.selectors.monthly_counts (one call): the number of queries does not depend on
the number of months or rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import import_module
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from figures.models import MonthlySignIn
from marketplace.models import Item
from members.models import Profile
from messaging.models import Message
from referrals.models import HelpRequest, Referral

MONTHS = 12


@dataclass(frozen=True)
class Series:
    key: str
    label: Any  # lazily translated
    # A stock (members at the end of the month) is not added up over the months.
    is_stock: bool = False


SERIES: list[Series] = [
    Series("members", _("Members"), is_stock=True),
    Series("active_members", _("Active members")),
    Series("requests", _("Requests")),
    Series("offers", _("Offers")),
    Series("matches", _("Matches")),
    Series("help_requests", _("Help requests")),
    Series("referrals", _("Referrals")),
    Series("marketplace_items", _("Marketplace items")),
]
EXCHANGE_SERIES = ("requests", "offers", "matches")


@dataclass(frozen=True)
class MonthRow:
    month: dt.date  # the first day of the month
    values: dict[str, int]


@dataclass(frozen=True)
class Figures:
    months: list[dt.date]
    rows: list[MonthRow]
    totals: dict[str, int | None]  # None for a stock
    # False while the exchange app (requests, offers, matches) is not there: shown as such.
    has_exchange: bool

    def column(self, key: str) -> list[int]:
        return [row.values[key] for row in self.rows]


def last_months(today: dt.date, count: int = MONTHS) -> list[dt.date]:
    """The first days of the last `count` months, oldest first, this month last."""
    year, month = today.year, today.month
    firsts = []
    for _step in range(count):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def monthly_figures(*, today: dt.date | None = None, months: int = MONTHS) -> Figures:
    today = today or timezone.localdate()
    firsts = last_months(today, months)
    since = firsts[0]
    counts = _own_counts(since)
    exchange = _exchange_counts(since)

    rows = []
    members = counts.get(("members_before", None), 0)
    for month in firsts:
        members += counts.get(("joined", month), 0)
        values = {
            "members": members,
            "active_members": counts.get(("active", month), 0),
            "help_requests": counts.get(("help_requests", month), 0),
            "referrals": counts.get(("referrals", month), 0),
            "marketplace_items": counts.get(("items", month), 0),
        }
        for key in EXCHANGE_SERIES:
            values[key] = (exchange or {}).get(key, {}).get(month, 0)
        rows.append(MonthRow(month=month, values=values))
    totals: dict[str, int | None] = {
        series.key: None if series.is_stock else sum(row.values[series.key] for row in rows)
        for series in SERIES
    }
    return Figures(months=firsts, rows=rows, totals=totals, has_exchange=exchange is not None)


def _exchange_counts(since: dt.date) -> dict[str, dict[dt.date, int]] | None:
    """Requests, offers and matches per month from the exchange app (contract 3), if present."""
    if not apps.is_installed("exchange"):
        return None
    selectors = import_module("exchange.selectors")
    counts: dict[str, dict[dt.date, int]] = selectors.monthly_counts(since=since)
    return counts


def _own_counts(since: dt.date) -> dict[tuple[str, dt.date | None], int]:
    """Every figure this app counts itself, in one query: {(series, month): count}."""
    zone = ZoneInfo(settings.TIME_ZONE)
    params: dict[str, Any] = {
        "tz": settings.TIME_ZONE,
        "since": since,
        "since_at": dt.datetime.combine(since, dt.time.min, tzinfo=zone),
        "active": Profile.Status.ACTIVE.value,
    }
    user = User._meta.db_table
    profile = Profile._meta.db_table

    def month_of(column: str) -> str:
        return f"date_trunc('month', {column} AT TIME ZONE %(tz)s)::date"

    def per_month(series: str, table: str) -> str:
        return (
            f"SELECT '{series}', {month_of('created_at')}, count(*) FROM {table} "  # noqa: S608
            "WHERE created_at >= %(since_at)s GROUP BY 2"
        )

    # Requests and offers are posts too, when vraag en aanbod is there.
    exchange_posts = ""
    if apps.is_installed("exchange"):
        post_table = apps.get_model("exchange", "Post")._meta.db_table
        exchange_posts = (
            f"UNION SELECT author_id, {month_of('created_at')} FROM {post_table} "  # noqa: S608
            "WHERE created_at >= %(since_at)s"
        )

    sql = f"""
        WITH activity AS (
            SELECT user_id, month FROM {MonthlySignIn._meta.db_table} WHERE month >= %(since)s
            UNION
            SELECT sender_id, {month_of("created_at")} FROM {Message._meta.db_table}
             WHERE created_at >= %(since_at)s AND sender_id IS NOT NULL
            UNION
            SELECT owner_id, {month_of("created_at")} FROM {Item._meta.db_table}
             WHERE created_at >= %(since_at)s
            UNION
            SELECT member_id, {month_of("created_at")} FROM {HelpRequest._meta.db_table}
             WHERE created_at >= %(since_at)s
            {exchange_posts}
        ),
        members AS (
            SELECT u.date_joined FROM {user} u LEFT JOIN {profile} p ON p.user_id = u.id
             WHERE u.is_active AND (p.status IS NULL OR p.status = %(active)s)
        )
        SELECT 'active', month, count(DISTINCT user_id) FROM activity GROUP BY 2
        UNION ALL
        SELECT CASE WHEN date_joined >= %(since_at)s THEN 'joined' ELSE 'members_before' END,
               CASE WHEN date_joined >= %(since_at)s THEN {month_of("date_joined")} END,
               count(*)
          FROM members GROUP BY 1, 2
        UNION ALL {per_month("items", Item._meta.db_table)}
        UNION ALL {per_month("help_requests", HelpRequest._meta.db_table)}
        UNION ALL {per_month("referrals", Referral._meta.db_table)}
    """  # noqa: S608  (table names come from the models, values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(series, month): int(count) for series, month, count in cursor.fetchall()}
