"""iCalendar (RFC 5545) for the agenda: one feed per buurtsite and one file per activity.

Times are written in Europe/Amsterdam with its VTIMEZONE, so a calendar shows 19:30 as 19:30
in summer and winter; DTSTAMP, CREATED and LAST-MODIFIED are in UTC as the RFC requires. The
UID is the activity's own uuid, so a calendar recognises a changed activity as the same one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, date, timedelta

from django.core.cache import cache
from django.db import connection
from icalendar import Calendar, Event

from agenda import selectors
from agenda.models import Activity

PRODUCT_ID = "-//Mijnbuurtje//Agenda//NL"
# Calendar apps poll the feed often; it is rebuilt only when an activity (or club) changed.
FEED_CACHE_SECONDS = 24 * 3600


def _buurtsite_name() -> str:
    return str(getattr(getattr(connection, "tenant", None), "name", "Mijnbuurtje"))


def uid_for(activity: Activity) -> str:
    return f"{activity.uid}@mijnbuurtje"


def calendar_for(activities: Iterable[Activity], *, base_url: str, name: str = "") -> bytes:
    """The activities as one VCALENDAR; `base_url` ("https://host") makes the links absolute."""
    activities = list(activities)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name or _buurtsite_name())
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    for activity in activities:
        calendar.add_component(_event(activity, base_url=base_url))
    if activities:
        # A VTIMEZONE covering the activities' years, not every year since 1970.
        first = min(activity.date for activity in activities)
        last = max(activity.date for activity in activities)
        calendar.add_missing_timezones(
            first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1)
        )
    body: bytes = calendar.to_ical()
    return body


def buurtsite_calendar(*, base_url: str) -> bytes:
    """The buurtsite's feed, from the buurtsite's own cache while nothing in it changed.

    Building a few hundred events takes the icalendar package a second; the version (today's
    date, the number of activities and when one last changed) costs one small query.
    """
    version = selectors.feed_version()
    host = hashlib.sha256(base_url.encode()).hexdigest()[:16]
    key = f"agenda:ics:{host}:{version}"
    body = cache.get(key)
    if not isinstance(body, bytes):
        body = calendar_for(selectors.feed_activities(), base_url=base_url)
        cache.set(key, body, timeout=FEED_CACHE_SECONDS)
    return body


def _event(activity: Activity, *, base_url: str) -> Event:
    event = Event()
    event.add("uid", uid_for(activity))
    event.add("dtstamp", activity.updated_at.astimezone(UTC))
    event.add("created", activity.created_at.astimezone(UTC))
    event.add("last-modified", activity.updated_at.astimezone(UTC))
    event.add("dtstart", activity.starts_at)
    if activity.ends_at is not None:
        event.add("dtend", activity.ends_at)
    else:
        event.add("duration", timedelta(hours=2))
    event.add("summary", activity.title)
    event.add("description", activity.description)
    event.add("location", activity.place)
    event.add("url", f"{base_url}{activity.get_absolute_url()}")
    if activity.club is not None:
        event.add("categories", [activity.club.name])
    return event
