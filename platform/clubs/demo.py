"""Demo clubs for `make run`, made through the real actions; running it twice adds nothing."""

from __future__ import annotations

from accounts.models import User
from clubs.actions import ClubDetails, create_club, join_club
from clubs.models import Club

DEMO_CLUBS = [
    ClubDetails(
        name="Wandelclub De Ooijpolder",
        description=(
            "Elke zaterdagochtend wandelen we een uur of twee door de Ooijpolder en langs de "
            "Waal. Rustig tempo, iedereen is welkom. We beginnen en eindigen met koffie."
        ),
        contact_name="Marieke Janssen",
        contact_email="wandelclub@example.nl",
    ),
    ClubDetails(
        name="Buurtkoor Zangerig",
        description=(
            "Een gezellig koor voor jong en oud. Je hoeft geen noten te kunnen lezen. "
            "We repeteren op dinsdagavond in het buurthuis."
        ),
        contact_name="Henk van den Berg",
        contact_phone="024 345 67 89",
    ),
    ClubDetails(
        name="Repair Café",
        description=(
            "Kapotte lamp, broek of broodrooster? Samen maken we het weer heel. "
            "Vrijwilligers met handige handen zijn ook van harte welkom."
        ),
        website="https://www.repaircafe.org/",
    ),
]


def load_demo_clubs(slug: str, members: dict[str, User]) -> list[Club]:
    """`members` are the demo logins of buurtsite `slug` by role (see mijnbuurtje.demo)."""
    buurtverbinder = members[User.Role.BUURTVERBINDER]
    resident = members[User.Role.RESIDENT]
    clubs = []
    for details in DEMO_CLUBS:
        club = Club.objects.filter(name=details.name).first() or create_club(
            details=details, acting_user=buurtverbinder
        )
        clubs.append(club)
    join_club(clubs[0], show_on_page=True, acting_user=resident)
    return clubs
