"""Demo organisations for `make run`: two welfare organisations of Nijmegen, with services,
locations, professionals and a portal account. Running it twice changes nothing."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from accounts.actions import create_member
from accounts.models import User
from organisations import actions
from organisations.models import MembershipRole, Organisation, Professional
from tenants.models import Buurtsite, Municipality

DEMO_ORGANISATION_EMAIL = "organisatie@mijnbuurtje.localhost"

_HOURS = [{"day": day, "opens": "09:00", "closes": "17:00"} for day in range(4)] + [
    {"day": 4, "opens": "09:00", "closes": "12:30"}
]


@transaction.atomic
def load_demo_organisations(municipality: Municipality, *, password: str) -> None:
    if Organisation.objects.filter(municipality=municipality).exists():
        return
    sites = {site.slug: site for site in Buurtsite.objects.filter(municipality=municipality)}
    admin = User.objects.filter(email=DEMO_ORGANISATION_EMAIL).first() or create_member(
        email=DEMO_ORGANISATION_EMAIL,
        password=password,
        display_name="Marloes de Wit",
        role=User.Role.ORGANISATION,
        email_verified=True,
    )

    buurtkracht = actions.create_organisation(
        municipality, name="Stichting Buurtkracht Nijmegen", kvk_number="41055629",
        acting_user=admin,
    )  # fmt: skip
    actions.add_member(buurtkracht, user=admin, role=MembershipRole.ADMIN)
    actions.update_organisation(
        buurtkracht,
        acting_user=admin,
        description=(
            "Wij zijn het sociaal werk in Nijmegen. Je kunt bij ons terecht met vragen over "
            "geld, eenzaamheid, opvoeding en wonen. Gratis en zonder verwijzing."
        ),
        website="https://buurtkracht.example.nl",
        email="info@buurtkracht.example.nl",
        phone="024 350 12 34",
        opening_hours=_HOURS,
        opening_hours_note="Gesloten op feestdagen. 's Avonds op afspraak.",
    )
    actions.set_buurtsites_served(buurtkracht, buurtsites=sites.values(), acting_user=admin)
    brug = actions.save_location(
        buurtkracht, acting_user=admin, name="Wijkcentrum De Brug",
        street_address="Berg en Dalseweg 120", postal_code="6522 BW", city="Nijmegen",
        latitude=Decimal("51.838800"), longitude=Decimal("5.876500"),
        accessibility="Ingang zonder drempel, toilet voor rolstoelen.",
    )  # fmt: skip
    hert = actions.save_location(
        buurtkracht, acting_user=admin, name="Buurthuis Het Hert",
        street_address="Zwanenveld 90", postal_code="6538 SR", city="Nijmegen",
    )  # fmt: skip
    actions.save_service(
        buurtkracht, acting_user=admin, name="Hulp bij geldzaken",
        description=(
            "Heb je schulden of kom je niet rond? Een vrijwilliger van de Thuisadministratie "
            "helpt je je papieren op orde te brengen en zoekt met je naar toeslagen."
        ),
        categories=["geldzaken", "administratie"], target_groups=["iedereen"],
        costs="Gratis", how_to_apply="Kom naar het inloopspreekuur op dinsdag, of bel ons.",
        web_page="https://buurtkracht.example.nl/geldzaken", locations=[brug, hert],
    )  # fmt: skip
    actions.save_service(
        buurtkracht, acting_user=admin, name="Maatjesproject Samen Sterk",
        description="Voel je je alleen? We koppelen je aan een maatje uit de buurt.",
        categories=["eenzaamheid"], target_groups=["ouderen", "nieuwkomers"],
        costs="Gratis", how_to_apply="Stuur een e-mail of vraag het je buurtverbinder.",
        locations=[brug],
    )  # fmt: skip
    actions.save_professional(
        buurtkracht, acting_user=admin, name="Fatima El Amrani", title="Sociaal werker",
        about="Ik help bij vragen over geld, wonen en opvoeding. Ik spreek ook Arabisch.",
        contact_route=Professional.ContactRoute.EMAIL, email="fatima@buurtkracht.example.nl",
        is_active=True,
    )  # fmt: skip

    linde = actions.create_organisation(
        municipality, name="Zorgcoöperatie De Linde", kvk_number="72839104", acting_user=admin
    )
    actions.add_member(linde, user=admin, role=MembershipRole.EDITOR)
    if "lindenholt" in sites:
        actions.set_buurtsites_served(linde, buurtsites=[sites["lindenholt"]], acting_user=admin)
    actions.save_service(
        linde, acting_user=admin, name="Mantelzorgcafé",
        description="Zorg je voor een naaste? Elke eerste woensdag praat je bij met andere "
        "mantelzorgers, onder begeleiding van een wijkverpleegkundige.",
        categories=["zorg", "eenzaamheid"], target_groups=["mantelzorgers"],
        costs="Gratis, koffie en thee staan klaar.",
    )  # fmt: skip
    actions.save_professional(
        linde, acting_user=admin, name="Joost Verhoeven", title="Wijkverpleegkundige",
        about="Ik kom bij je thuis als je zorg nodig hebt, en denk mee over hulp voor later.",
        contact_route=Professional.ContactRoute.BUURTVERBINDER, is_active=True,
    )  # fmt: skip
