"""Demo activities for `make run`, made through the real actions; running it twice adds
nothing. Dates are counted from the day the demo is loaded."""

from __future__ import annotations

from datetime import time, timedelta

from django.db import connection
from django.utils import timezone

from accounts.models import User
from agenda.actions import ActivityDetails, save_activity, sign_up
from agenda.models import Activity
from clubs.models import Club


def load_demo_agenda(slug: str, members: dict[str, User]) -> None:
    """`members` are the demo logins of buurtsite `slug` by role (see mijnbuurtje.demo)."""
    buurtverbinder = members[User.Role.BUURTVERBINDER]
    resident = members[User.Role.RESIDENT]
    buurt = str(getattr(getattr(connection, "tenant", None), "name", slug))
    today = timezone.localdate()
    choir = Club.objects.filter(name="Buurtkoor Zangerig").first()
    plans = [
        ActivityDetails(
            title="Koffieochtend in het buurthuis",
            description="Even bijpraten met de buren. De koffie en thee staan klaar.",
            date=today + timedelta(days=3),
            start_time=time(10, 0),
            end_time=time(11, 30),
            place=f"Buurthuis {buurt}",
        ),
        ActivityDetails(
            title="Repair Café: samen repareren",
            description="Neem je kapotte spullen mee. Er zijn 8 plekken aan de werktafels.",
            date=today + timedelta(days=10),
            start_time=time(13, 30),
            end_time=time(16, 0),
            place=f"Buurthuis {buurt}",
            capacity=8,
        ),
        ActivityDetails(
            title="Open repetitie van het buurtkoor",
            description="Zing een avond mee en kijk of het koor iets voor je is.",
            date=today + timedelta(days=16),
            start_time=time(19, 30),
            end_time=time(21, 0),
            place="Zaal van de Sint-Annakerk",
            capacity=2,
            club=choir,
        ),
    ]
    for details in plans:
        if not Activity.objects.filter(title=details.title).exists():
            save_activity(None, details=details, acting_user=buurtverbinder)
    repair = Activity.objects.filter(title=plans[1].title).first()
    if repair is not None and not repair.signups.filter(member=resident).exists():
        sign_up(repair, acting_user=resident)
