"""Models and validation: KvK numbers, opening hours, places; bad input is a Dutch 400."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import User
from organisations import actions
from organisations.models import (
    Location,
    Organisation,
    Professional,
    Service,
    Version,
    validate_opening_hours,
)
from tests.members.factories import image_upload
from tests.organisations.factories import make_service

PROFILE = {
    "name": "Zorgcoöperatie Hatert",
    "kvk_number": "87654321",
    "description": "Wij helpen bij zorg thuis. Ook in het Turks en Arabisch.",
    "website": "https://zorgcooperatie.example.nl",
    "email": "info@zorgcooperatie.example.nl",
    "phone": "024 123 45 67",
    "opening_hours_note": "Gesloten op feestdagen.",
    "opens_0": "09:00",
    "closes_0": "17:00",
    "opens_3": "13:30",
    "closes_3": "21:00",
}


@pytest.mark.parametrize("number", ["1234567", "123456789", "1234567a", "12 345 678", ""])
def test_a_kvk_number_has_exactly_eight_digits(organisation: Organisation, number: str) -> None:
    organisation.kvk_number = number

    if number == "":
        organisation.full_clean()  # optional on the model; the portal form requires it
        return
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()
    assert "kvk_number" in refused.value.message_dict


def test_opening_hours_are_structured_per_weekday() -> None:
    validate_opening_hours([{"day": 0, "opens": "09:00", "closes": "17:00"}])

    for bad in (
        [{"day": 7, "opens": "09:00", "closes": "17:00"}],
        [{"day": 0, "opens": "9 uur", "closes": "17:00"}],
        [{"day": 0, "opens": "17:00", "closes": "09:00"}],
        [{"day": 0, "opens": "09:00"}],
        {"maandag": "9-17"},
    ):
        with pytest.raises(ValidationError):
            validate_opening_hours(bad)


def test_the_profile_keeps_accents_and_opening_hours(
    admin_client: Client, organisation: Organisation
) -> None:
    response = admin_client.post("/portaal/profiel/", PROFILE)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Zorgcoöperatie Hatert"
    assert organisation.opening_hours == [
        {"day": 0, "opens": "09:00", "closes": "17:00"},
        {"day": 3, "opens": "13:30", "closes": "21:00"},
    ]
    page = admin_client.get("/portaal/profiel/").content.decode()
    assert "Zorgcoöperatie Hatert" in page
    assert 'value="13:30"' in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kvk_number": "1234"}, "KvK-nummer heeft precies 8 cijfers"),
        ({"kvk_number": ""}, "Dit veld is verplicht"),
        ({"name": ""}, "Dit veld is verplicht"),
        ({"closes_0": "08:00"}, "sluitingstijd moet na de openingstijd"),
        ({"closes_3": ""}, "zowel de openings- als de sluitingstijd in"),
        ({"phone": "bel mij"}, "telefoonnummer"),
        ({"website": "niet een adres met spaties"}, "URL"),
    ],
)
def test_bad_profile_input_is_refused_in_dutch_and_nothing_is_saved(
    admin_client: Client, organisation: Organisation, change: dict[str, str], message: str
) -> None:
    before = Organisation.objects.get(pk=organisation.pk)

    response = admin_client.post("/portaal/profiel/", {**PROFILE, **change})

    assert response.status_code == 400
    assert message in response.content.decode()
    after = Organisation.objects.get(pk=organisation.pk)
    assert (after.name, after.kvk_number, after.opening_hours) == (
        before.name,
        before.kvk_number,
        before.opening_hours,
    )
    assert not organisation.versions.exists()


def test_a_service_needs_a_kind_of_help(admin_client: Client, organisation: Organisation) -> None:
    response = admin_client.post(
        "/portaal/diensten/nieuw/", {"name": "Formulierenhulp", "serves_all_buurtsites": "on"}
    )

    assert response.status_code == 400
    assert "Kies minstens één soort hulp" in response.content.decode()
    assert not organisation.services.exists()


def test_a_service_with_an_unknown_category_is_refused(
    admin_client: Client, organisation: Organisation
) -> None:
    response = admin_client.post(
        "/portaal/diensten/nieuw/",
        {"name": "Formulierenhulp", "categories": ["toverij"], "serves_all_buurtsites": "on"},
    )

    assert response.status_code == 400
    assert not organisation.services.exists()


def test_a_service_cannot_use_another_organisations_location(
    admin_client: Client, organisation: Organisation, other_organisation: Organisation
) -> None:
    elsewhere = Location.objects.create(organisation=other_organisation, name="Elders")

    response = admin_client.post(
        "/portaal/diensten/nieuw/",
        {
            "name": "Formulierenhulp",
            "categories": ["administratie"],
            "serves_all_buurtsites": "on",
            "locations": [elsewhere.pk],
        },
    )

    assert response.status_code == 400
    assert not organisation.services.exists()


def test_the_action_refuses_a_location_of_another_organisation_too(
    organisation: Organisation, other_organisation: Organisation, org_admin: User
) -> None:
    elsewhere = Location.objects.create(organisation=other_organisation, name="Elders")

    with pytest.raises(ValidationError):
        actions.save_service(
            organisation,
            acting_user=org_admin,
            name="Formulierenhulp",
            categories=["administratie"],
            locations=[elsewhere],
        )
    assert not Service.objects.filter(name="Formulierenhulp").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"postal_code": "65 12AB"}, "Nederlandse postcode"),
        ({"latitude": "51.84"}, "zowel de breedtegraad als de lengtegraad"),
        ({"latitude": "151.84", "longitude": "5.87"}, "tussen -90 en 90"),
    ],
)
def test_bad_locations_are_refused(
    admin_client: Client, organisation: Organisation, fields: dict[str, str], message: str
) -> None:
    response = admin_client.post("/portaal/locaties/nieuw/", {"name": "De Brug", **fields})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not organisation.locations.exists()


def test_a_location_without_coordinates_is_fine(
    admin_client: Client, organisation: Organisation
) -> None:
    response = admin_client.post(
        "/portaal/locaties/nieuw/",
        {"name": "Wijkcentrum 't Hert", "postal_code": "6535 RA", "city": "Nijmegen"},
    )

    assert response.status_code == 302
    assert organisation.locations.get().name == "Wijkcentrum 't Hert"


def test_a_professional_reached_by_email_needs_an_address(
    admin_client: Client, organisation: Organisation
) -> None:
    response = admin_client.post(
        "/portaal/professionals/nieuw/",
        {"name": "Sanne de Vries", "contact_route": "email", "is_active": "on"},
    )

    assert response.status_code == 400
    assert "Vul het e-mailadres in" in response.content.decode()
    assert not Professional.objects.filter(organisation=organisation).exists()


def test_a_bad_photo_is_refused_in_dutch(admin_client: Client, organisation: Organisation) -> None:
    fake = image_upload("logo.png")
    fake.file.write(b"")  # keep it a file object
    response = admin_client.post(
        "/portaal/profiel/logo/",
        {"photo": image_upload("logo.png", size=(10, 10)).__class__("logo.png", b"geen foto")},
    )

    assert response.status_code == 400
    assert "geen foto die we kunnen gebruiken" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.logo == ""


def test_a_logo_is_stored_checked_and_shown_on_every_buurtsite(
    admin_client: Client, organisation: Organisation, oost_client: Client
) -> None:
    response = admin_client.post("/portaal/profiel/logo/", {"photo": image_upload("logo.png")})

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.startswith("logo/") and organisation.logo.endswith(".jpg")
    shown = oost_client.get(f"/organisaties/foto/{organisation.logo}")
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/jpeg"
    assert oost_client.get("/organisaties/foto/../../settings.py").status_code == 404


def test_a_service_takes_at_most_six_photos(organisation: Organisation, org_admin: User) -> None:
    service = make_service(organisation)
    for _number in range(6):
        actions.add_photo(service, upload=image_upload(), acting_user=org_admin)

    with pytest.raises(ValidationError):
        actions.add_photo(service, upload=image_upload(), acting_user=org_admin)
    service.refresh_from_db()
    assert len(service.photos) == 6


def test_removing_a_photo_records_a_change(
    admin_client: Client, organisation: Organisation, org_admin: User
) -> None:
    actions.add_photo(organisation, upload=image_upload(), acting_user=org_admin)
    organisation.refresh_from_db()
    name = organisation.photos[0]

    response = admin_client.post("/portaal/profiel/fotos/verwijderen/", {"photo": name})

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.photos == []
    assert organisation.versions.first().previous["photos"] == [name]  # type: ignore[union-attr]
    assert (
        admin_client.post("/portaal/profiel/fotos/verwijderen/", {"photo": name}).status_code == 400
    )
    assert Version.objects.filter(organisation=organisation).count() == 2
