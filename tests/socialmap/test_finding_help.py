"""Finding help on a buurtsite: city-wide and local services, by plain words, on the right
buurtsites and nowhere else."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from organisations.actions import set_licence_visibility, withdraw_service
from organisations.models import Need, TargetGroup
from socialmap import actions
from socialmap.models import LocalService
from tenants.models import Buurtsite
from tests.organisations.factories import make_service
from tests.socialmap.conftest import City


def _names(client: Client, **params: str) -> list[str]:
    response = client.get("/hulp-vinden/", params)
    assert response.status_code == 200, response.content
    return [entry.name for entry in response.context["result"].entries]


def make_local_service(buurtsite: Buurtsite, connector: User, **fields: object) -> LocalService:
    with tenant_context(buurtsite):
        organisation = actions.create_local_organisation(
            fields={"name": "Repaircafé De Linde"}, acting_user=connector
        )
        values: dict[str, object] = {
            "name": "Samen repareren",
            "description": "Vrijwilligers repareren je kapotte spullen.",
            "categories": [Need.LONELINESS],
            "target_groups": [TargetGroup.EVERYONE],
        }
        values.update(fields)
        return actions.create_local_service(organisation, fields=values, acting_user=connector)


def test_city_wide_services_show_only_on_the_buurtsites_they_serve(
    city: City, oost_client: Client, lindenholt_client: Client
) -> None:
    oost = _names(oost_client)
    lindenholt = _names(lindenholt_client)

    assert {"Schuldhulpverlening", "Eenzaamheid doorbreken", "Taalcafé"} <= set(oost)
    assert "Steunpunt Mantelzorg" not in oost
    assert "Steunpunt Mantelzorg" in lindenholt
    assert not {"Schuldhulpverlening", "Eenzaamheid doorbreken", "Taalcafé"} & set(lindenholt)
    assert oost_client.get(f"/hulp-vinden/dienst/{city.carers.pk}/").status_code == 404
    assert lindenholt_client.get(f"/hulp-vinden/dienst/{city.debts.pk}/").status_code == 404


def test_a_local_service_shows_only_on_its_own_buurtsite(
    city: City,
    oost: Buurtsite,
    buurtverbinder: User,
    oost_client: Client,
    lindenholt_client: Client,
) -> None:
    local = make_local_service(oost, buurtverbinder)

    assert "Samen repareren" in _names(oost_client)
    assert "Samen repareren" not in _names(lindenholt_client)
    assert oost_client.get(f"/hulp-vinden/buurt/{local.pk}/").status_code == 200
    assert lindenholt_client.get(f"/hulp-vinden/buurt/{local.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("schulden", "Schuldhulpverlening"),  # stem "schuld" as a prefix
        ("eenzaam", "Eenzaamheid doorbreken"),  # same stem
        ("taalcafe", "Taalcafé"),  # accents forgiven
        ("TAALCAFÉ", "Taalcafé"),
        ("schuldhulpverleneng", "Schuldhulpverlening"),  # a typing mistake
        ("eenzaamhijd", "Eenzaamheid doorbreken"),
        ("geld", "Schuldhulpverlening"),  # the start of a kind of help (geldzaken)
        ("koffie", "Eenzaamheid doorbreken"),  # a word of the description
        ("sterker", "Taalcafé"),  # the organisation's name
    ],
)
def test_search_understands_plain_words(
    city: City, oost_client: Client, query: str, found: str
) -> None:
    assert found in _names(oost_client, q=query)


def test_search_finds_nothing_for_unrelated_words(city: City, oost_client: Client) -> None:
    assert _names(oost_client, q="fietsenmaker") == []


def test_search_covers_local_services_too(
    city: City, oost: Buurtsite, buurtverbinder: User, oost_client: Client
) -> None:
    make_local_service(oost, buurtverbinder, name="Klusjesdienst Café Oost")

    assert _names(oost_client, q="klusjes") == ["Klusjesdienst Café Oost"]
    assert "Klusjesdienst Café Oost" in _names(oost_client, q="cafe")


def test_the_best_match_comes_first(city: City, oost_client: Client) -> None:
    names = _names(oost_client, q="schulden geld")

    assert names[0] == "Schuldhulpverlening"


def test_filters_by_kind_of_help_and_target_group(city: City, oost_client: Client) -> None:
    language = _names(oost_client, need=Need.LANGUAGE)
    older = _names(oost_client, target_group=TargetGroup.OLDER_PEOPLE)

    assert "Taalcafé" in language
    assert not {"Schuldhulpverlening", "Eenzaamheid doorbreken"} & set(language)
    assert "Eenzaamheid doorbreken" in older
    assert not {"Schuldhulpverlening", "Taalcafé"} & set(older)
    assert "Taalcafé" not in _names(oost_client, q="taal", need=Need.MONEY)


@pytest.mark.parametrize(
    "params", [{"need": "drugs"}, {"target_group": "robots"}, {"page": "x"}, {"q": "a" * 101}]
)
def test_bad_search_input_is_refused_in_dutch(
    city: City, oost_client: Client, params: dict[str, str]
) -> None:
    response = oost_client.get("/hulp-vinden/", params)

    assert response.status_code == 400
    assert "Er klopt nog iets niet" in response.content.decode()


def test_withdrawn_and_licence_hidden_services_are_not_listed(
    city: City, oost_client: Client
) -> None:
    withdraw_service(
        city.language, acting_user=User.objects.get(email="beheer@mijnbuurtje.localhost")
    )
    assert "Taalcafé" not in _names(oost_client)
    assert oost_client.get(f"/hulp-vinden/dienst/{city.language.pk}/").status_code == 404

    set_licence_visibility(city.oost_org, visible=False)
    assert not {"Schuldhulpverlening", "Eenzaamheid doorbreken"} & set(_names(oost_client))


def test_service_page_says_how_to_get_in_touch(city: City, oost_client: Client) -> None:
    response = oost_client.get(f"/hulp-vinden/dienst/{city.debts.pk}/")
    page = response.content.decode()

    assert response.status_code == 200
    assert "Bel ons of loop binnen op dinsdagochtend." in page
    assert 'href="tel:0241234567"' in page
    assert "Wijkcentrum De Brug" in page
    assert "Fatima El Amrani" in page  # someone to talk to
    assert 'id="help-markers"' in page  # the map's places
    assert "51.8426" in page


def test_professional_page_only_where_the_organisation_works(
    city: City, oost_client: Client, lindenholt_client: Client
) -> None:
    response = oost_client.get(f"/hulp-vinden/professional/{city.professional.pk}/")

    assert response.status_code == 200
    assert "Fatima El Amrani" in response.content.decode()
    assert (
        lindenholt_client.get(f"/hulp-vinden/professional/{city.professional.pk}/").status_code
        == 404
    )
    assert (
        oost_client.get(f"/hulp-vinden/professional/{city.lindenholt_professional.pk}/").status_code
        == 404
    )


def test_the_list_shows_the_places_and_puts_them_on_the_map(
    city: City, oost_client: Client
) -> None:
    response = oost_client.get("/hulp-vinden/", {"q": "schulden"})

    assert "Wijkcentrum De Brug, Berg en Dalseweg 12" in response.content.decode()
    assert {
        "lat": 51.8426,
        "lon": 5.8723,
        "name": "Schuldhulpverlening",
        "place": "Wijkcentrum De Brug",
        "url": f"/hulp-vinden/dienst/{city.debts.pk}/",
    } in response.context["result"].markers


def test_the_list_works_without_a_map_when_no_place_has_coordinates(
    city: City, oost_client: Client
) -> None:
    page = oost_client.get("/hulp-vinden/", {"q": "taalcafe"}).content.decode()

    assert "Taalcafé" in page
    assert 'id="help-map"' not in page


def test_paging(city: City, oost_client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("socialmap.selectors.PAGE_SIZE", 2)

    first = oost_client.get("/hulp-vinden/").context["result"]
    second = oost_client.get("/hulp-vinden/", {"page": "2"}).context["result"]

    assert first.total >= 3
    assert (first.page_count, len(first.entries)) == (-(-first.total // 2), 2)
    assert len(second.entries) == min(2, first.total - 2)
    beyond = oost_client.get("/hulp-vinden/", {"page": "999"}).context["result"]
    assert (beyond.number, beyond.total) == (1, first.total)  # an old link: the first page
    assert {(e.kind, e.pk) for e in first.entries}.isdisjoint(
        {(e.kind, e.pk) for e in second.entries}
    )


@pytest.mark.parametrize("count", [2, 12])
def test_find_help_query_count_does_not_grow_with_services(
    city: City,
    oost: Buurtsite,
    buurtverbinder: User,
    oost_client: Client,
    count: int,
    django_assert_num_queries: object,
) -> None:
    for number in range(count):
        make_service(city.oost_org, name=f"Hulp bij formulieren {number}")
        make_local_service(oost, buurtverbinder, name=f"Formulierenhulp {number}")

    # Whether "formulieren" is a stop word is learned once per process: ask once before.
    oost_client.get("/hulp-vinden/", {"q": "formulieren"})
    # One read finds, ranks, counts and shows the page (django-tenants sets the search path
    # before it).
    with django_assert_num_queries(2):  # type: ignore[operator]
        response = oost_client.get("/hulp-vinden/", {"q": "formulieren"})

    assert response.status_code == 200
    names = [entry.name for entry in response.context["result"].entries]
    assert response.context["result"].total >= 2 * count
    ours = sum(name.startswith(("Hulp bij formulieren", "Formulierenhulp")) for name in names)
    assert ours == min(2 * count, 20)


def test_every_word_counts_but_a_stop_word_asks_nothing(city: City, oost_client: Client) -> None:
    make_service(
        city.oost_org,
        name="Formulierenbrigade",
        description="Hulp bij formulieren van de gemeente en de Belastingdienst.",
        categories=[Need.MONEY],
    )
    make_service(
        city.oost_org,
        name="Thuiszorg Oost",
        description="Verzorging en hulp in huis.",
        categories=[Need.CARE],
    )

    names = _names(oost_client, q="hulp bij formulieren")

    # "bij" is no word of any text but must not make "all the words" find nothing; "hulp"
    # starts the kind of help "Zorg en hulp thuis" and stands in for that one word only, so
    # care at home without forms is no match while something about forms is.
    assert names[0] == "Formulierenbrigade"
    assert "Thuiszorg Oost" not in names


def test_a_kind_of_help_can_stand_in_for_a_word(city: City, oost_client: Client) -> None:
    make_service(
        city.oost_org,
        name="Administratiehulp aan huis",
        description="Een vrijwilliger komt langs.",
        categories=[Need.PAPERWORK],
    )

    # "formulieren" is in no text of it, but it starts "Administratie en formulieren".
    assert "Administratiehulp aan huis" in _names(oost_client, q="formulieren vrijwilliger")


def test_only_stop_words_find_nothing(city: City, oost_client: Client) -> None:
    response = oost_client.get("/hulp-vinden/", {"q": "bij de"})

    assert response.context["result"].total == 0
    assert "Niets gevonden. Probeer andere of minder woorden" in response.content.decode()


def test_a_local_line_follows_its_organisation_and_places(
    oost: Buurtsite, buurtverbinder: User, oost_client: Client
) -> None:
    service = make_local_service(oost, buurtverbinder)
    with tenant_context(oost):
        organisation = service.organisation
        place = actions.create_local_place(
            organisation, fields={"name": "Buurthuis De Linde"}, acting_user=buurtverbinder
        )
        actions.update_local_service(
            service,
            fields={"name": service.name},
            places=[place],
            acting_user=buurtverbinder,
        )
        actions.update_local_organisation(
            organisation, fields={"name": "Repaircafé Lindenlaan"}, acting_user=buurtverbinder
        )
        actions.update_local_place(
            place,
            fields={"name": "Buurthuis De Linde", "street_address": "Lindenlaan 3"},
            acting_user=buurtverbinder,
        )

    entry = oost_client.get("/hulp-vinden/", {"q": "lindenlaan"}).context["result"].entries[0]

    assert (entry.name, entry.organisation_name) == ("Samen repareren", "Repaircafé Lindenlaan")
    assert [(p["name"], p["street_address"]) for p in entry.places] == [
        ("Buurthuis De Linde", "Lindenlaan 3")
    ]
