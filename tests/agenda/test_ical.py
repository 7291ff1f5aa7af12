"""iCalendar feeds: valid RFC 5545 (parsed by icalendar), Amsterdam times, stable UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django_tenants.utils import tenant_context
from icalendar import Calendar

from accounts.models import User
from agenda.models import Activity
from tenants.models import Buurtsite
from tests.clubs.factories import make_activity, make_club
from tests.members.factories import client_for, make_member

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _next(month: int, day: int) -> date:
    today = timezone.localdate()
    candidate = date(today.year, month, day)
    return candidate if candidate > today else date(today.year + 1, month, day)


def _events(content: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_buurtsite_feed_has_summer_and_winter_times_right(
    buurtverbinder: User, oost_client: Any
) -> None:
    club = make_club(name="Fanfare Sint-Cæcilia", acting_user=buurtverbinder)
    summer = make_activity(
        organiser=buurtverbinder,
        title="Zomerconcert in het Kronenburgerpark – gratis",
        on=_next(7, 1),
        start=time(19, 30),
        end=time(21, 0),
        place="Muziektent, Kronenburgerpark",
        club=club,
    )
    winter = make_activity(
        organiser=buurtverbinder,
        title="Kerstmarkt café Ôlala",
        on=_next(12, 15),
        start=time(19, 30),
        end=None,
        place="Plein ’44",
    )

    response = oost_client.get("/agenda/agenda.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Amsterdam"
    events = _events(response.content)
    event = events["Zomerconcert in het Kronenburgerpark – gratis"]
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert start.astimezone(UTC).time() == time(17, 30)  # CEST: UTC+2
    assert event.decoded("DTEND").astimezone(AMSTERDAM).time() == time(21, 0)
    assert str(event["LOCATION"]) == "Muziektent, Kronenburgerpark"
    assert str(event["UID"]) == f"{summer.uid}@mijnbuurtje"
    assert str(event["URL"]) == f"http://oost.localhost/agenda/{summer.pk}/"
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert "Fanfare Sint-Cæcilia" in event["CATEGORIES"].to_ical().decode()
    cold = events["Kerstmarkt café Ôlala"]
    assert cold.decoded("DTSTART").astimezone(UTC).time() == time(18, 30)  # CET: UTC+1
    assert cold.decoded("DURATION") == timedelta(hours=2)
    assert str(cold["LOCATION"]) == "Plein ’44"
    assert str(cold["UID"]) == f"{winter.uid}@mijnbuurtje"


def test_the_uid_stays_the_same_when_the_activity_changes(
    buurtverbinder: User, oost_client: Any
) -> None:
    activity = make_activity(organiser=buurtverbinder, title="Eerst zo")
    before = _events(oost_client.get(f"/agenda/{activity.pk}/agenda.ics").content)["Eerst zo"]
    client_for(buurtverbinder).post(
        f"/agenda/{activity.pk}/wijzigen/",
        {
            "title": "Nu anders",
            "description": "Nieuwe tekst",
            "date": activity.date.isoformat(),
            "start_time": "20:00",
            "place": "Elders",
        },
    )

    after = _events(oost_client.get(f"/agenda/{activity.pk}/agenda.ics").content)["Nu anders"]

    assert str(after["UID"]) == str(before["UID"])
    assert after.decoded("DTSTART") == datetime.combine(
        activity.date, time(20, 0), tzinfo=AMSTERDAM
    )


def test_the_feed_leaves_out_old_activities_but_keeps_recent_ones(
    buurtverbinder: User, oost_client: Any
) -> None:
    recent = make_activity(organiser=buurtverbinder, title="Vorige week")
    old = make_activity(organiser=buurtverbinder, title="Lang geleden")
    today = timezone.localdate()
    Activity.objects.filter(pk=recent.pk).update(date=today - timedelta(days=7))
    Activity.objects.filter(pk=old.pk).update(date=today - timedelta(days=400))

    events = _events(oost_client.get("/agenda/agenda.ics").content)

    assert "Vorige week" in events and "Lang geleden" not in events


def test_agenda_pages_link_the_calendar_visibly_and_for_calendar_apps(
    buurtverbinder: User, oost_client: Any
) -> None:
    activity = make_activity(organiser=buurtverbinder)
    listing = oost_client.get("/agenda/").content.decode()
    detail = oost_client.get(f"/agenda/{activity.pk}/").content.decode()

    for page in (listing, detail):
        assert '<link rel="alternate" type="text/calendar"' in page
    assert 'href="/agenda/agenda.ics"' in listing
    assert f'href="/agenda/{activity.pk}/agenda.ics"' in detail


def test_the_feed_of_one_buurtsite_has_none_of_anothers_activities(
    oost: Buurtsite, lindenholt: Buurtsite, lindenholt_client: Any
) -> None:
    with tenant_context(oost):
        make_activity(organiser=make_member(role=User.Role.BUURTVERBINDER), title="Alleen Oost")

    with tenant_context(lindenholt):
        content = lindenholt_client.get("/agenda/agenda.ics").content

    assert "Alleen Oost" not in _events(content)
    assert str(Calendar.from_ical(content)["X-WR-CALNAME"]) == "Lindenholt"


def test_the_cached_feed_follows_every_change(buurtverbinder: User, oost_client: Any) -> None:
    club = make_club(name="Schaakclub Dame", acting_user=buurtverbinder)
    activity = make_activity(organiser=buurtverbinder, title="Schaakavond", club=club)
    assert "Schaakavond" in _events(oost_client.get("/agenda/agenda.ics").content)

    client_for(buurtverbinder).post(
        f"/agenda/{activity.pk}/wijzigen/",
        {
            "title": "Snelschaaktoernooi",
            "description": "Vijf minuten per partij.",
            "date": activity.date.isoformat(),
            "start_time": "19:30",
            "place": "Buurthuis",
            "club": str(club.pk),
        },
    )
    events = _events(oost_client.get("/agenda/agenda.ics").content)
    assert "Snelschaaktoernooi" in events and "Schaakavond" not in events

    client_for(buurtverbinder).post(
        f"/clubs/{club.pk}/wijzigen/",
        {"name": "Schaakclub De Dame", "description": "Schaken op dinsdag."},
    )
    event = _events(oost_client.get("/agenda/agenda.ics").content)["Snelschaaktoernooi"]
    assert "Schaakclub De Dame" in event["CATEGORIES"].to_ical().decode()

    make_activity(organiser=buurtverbinder, title="Damles")
    assert "Damles" in _events(oost_client.get("/agenda/agenda.ics").content)
