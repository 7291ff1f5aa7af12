"""The marketplace: placing, photos, states, reacting, hiding, search, lists and isolation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from marketplace.actions import create_item, react_to_item, set_item_state
from marketplace.forms import parse_price
from marketplace.models import Item, Photo, Reaction
from members.actions import delete_account
from members.models import Notice
from messaging.models import Message
from moderation.models import ContentState, Decision
from tenants.models import Buurtsite
from tests.conftest import LINDENHOLT_HOST
from tests.members.factories import client_for, image_upload, make_member


def _item(owner: User, **fields: Any) -> Item:
    values: dict[str, Any] = {"kind": Item.Kind.SALE, "title": "Bakfiets", **fields}
    return create_item(acting_user=owner, **values)


# Placing ------------------------------------------------------------------------------------


def test_a_member_places_an_item_with_photos_and_a_dutch_price(resident: User) -> None:
    client = client_for(resident)
    assert client.get("/marktplaats/nieuw/").status_code == 200

    response = client.post(
        "/marktplaats/nieuw/",
        {
            "kind": "sale",
            "title": "Crème brûlée-set van Émile",
            "description": "Zes schaaltjes, één brander.",
            "price": "€ 12,50",
            "photos": [image_upload("een.png"), image_upload("twee.jpg", fmt="JPEG")],
        },
    )

    assert response.status_code == 302
    item = Item.objects.get(owner=resident)
    assert response["Location"] == f"/marktplaats/{item.pk}/"
    assert item.title == "Crème brûlée-set van Émile"
    assert item.price_cents == 1250
    assert item.state == Item.State.AVAILABLE
    photos = list(item.photos.all())
    assert len(photos) == 2
    assert all(
        photo.file.startswith("marktplaats/") and photo.file.endswith(".jpg") for photo in photos
    )
    page = client.get(response["Location"]).content.decode()
    assert "Crème brûlée-set van Émile" in page
    assert "€ 12,50" in page
    photo = client.get(f"/marktplaats/{item.pk}/foto/{photos[0].pk}/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("12,50", 1250),
        ("12.50", 1250),
        ("€ 3", 300),
        ("1.250,00", 125000),
        ("1.250", 125000),
        ("7,-", 700),
        ("", None),
    ],
)
def test_prices_are_read_the_dutch_way(text: str, cents: int | None) -> None:
    assert parse_price(text) == cents


def test_a_give_away_is_free_and_has_no_price(resident: User) -> None:
    item = _item(resident, kind=Item.Kind.GIVE, title="Boeken")
    assert item.price_label == "Gratis"
    refused = client_for(resident).post(
        "/marktplaats/nieuw/", {"kind": "give", "title": "Stoel", "price": "5"}
    )
    assert refused.status_code == 400
    assert "Alleen iets dat je verkoopt heeft een prijs" in refused.content.decode()
    assert Item.objects.filter(owner=resident).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "sale", "title": ""}, "Geef het een korte titel."),
        ({"kind": "ruilen", "title": "Fiets"}, "Kies wat voor iets het is."),
        ({"kind": "sale", "title": "x" * 101}, "De titel is te lang."),
        ({"kind": "sale", "title": "Fiets", "price": "twaalf"}, "Schrijf de prijs zo: 12,50"),
        ({"kind": "sale", "title": "Fiets", "price": "999999999"}, "Deze prijs kan niet."),
        (
            {"kind": "sale", "title": "Fiets", "description": "x" * 2001},
            "De beschrijving is te lang.",
        ),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_saved(
    resident: User, data: dict[str, str], message: str
) -> None:
    response = client_for(resident).post("/marktplaats/nieuw/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Item.objects.filter(owner=resident).exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("nep.jpg", b"<script>alert(1)</script>", "image/jpeg"), "geen foto"),
        (lambda: image_upload(size=(9000, 9000)), "te veel pixels"),
    ],
)
def test_bad_photos_are_refused_and_nothing_is_saved(
    resident: User, upload: Any, message: str, settings: Any
) -> None:
    settings.PROFILE_PHOTO_MAX_PIXELS = 1_000_000
    file = upload() if callable(upload) else upload
    response = client_for(resident).post(
        "/marktplaats/nieuw/", {"kind": "lend", "title": "Ladder", "photos": [file]}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Item.objects.filter(owner=resident).exists()
    assert not Photo.objects.exists()


def test_at_most_four_photos(resident: User) -> None:
    item = _item(resident, photos=[image_upload() for _ in range(3)])
    response = client_for(resident).post(
        f"/marktplaats/{item.pk}/bewerken/",
        {"kind": "sale", "title": "Bakfiets", "photos": [image_upload(), image_upload()]},
    )

    assert response.status_code == 400
    assert "Je kunt hoogstens 4 foto" in response.content.decode()
    assert item.photos.count() == 3


def test_the_owner_changes_the_item_and_removes_a_photo(resident: User) -> None:
    item = _item(resident, photos=[image_upload()])
    photo = item.photos.get()
    client = client_for(resident)

    changed = client.post(
        f"/marktplaats/{item.pk}/bewerken/",
        {"kind": "sale", "title": "Bakfiets 20 inch", "price": "25"},
    )
    removed = client.post(f"/marktplaats/{item.pk}/foto/{photo.pk}/verwijderen/")

    assert changed.status_code == 302 and removed.status_code == 302
    item.refresh_from_db()
    assert item.title == "Bakfiets 20 inch" and item.price_cents == 2500
    assert not item.photos.exists()


def test_only_the_owner_changes_an_item(resident: User, neighbour: User) -> None:
    item = _item(resident, photos=[image_upload()])
    photo = item.photos.get()
    other = client_for(neighbour)

    assert other.get(f"/marktplaats/{item.pk}/bewerken/").status_code == 403
    assert (
        other.post(
            f"/marktplaats/{item.pk}/bewerken/", {"kind": "sale", "title": "Van mij"}
        ).status_code
        == 403
    )
    assert other.post(f"/marktplaats/{item.pk}/status/", {"state": "done"}).status_code == 403
    assert other.post(f"/marktplaats/{item.pk}/foto/{photo.pk}/verwijderen/").status_code == 403
    item.refresh_from_db()
    assert item.title == "Bakfiets" and item.state == Item.State.AVAILABLE
    assert item.photos.count() == 1


def test_visitors_are_sent_to_sign_in(oost_client: Client, resident: User) -> None:
    item = _item(resident)
    for url in ["/marktplaats/", f"/marktplaats/{item.pk}/", "/marktplaats/nieuw/"]:
        response = oost_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")


# States -------------------------------------------------------------------------------------


def test_every_state_change_of_the_owner(resident: User, neighbour: User) -> None:
    item = _item(resident)
    react_to_item(item, body="Is hij er nog?", acting_user=neighbour)
    client = client_for(resident)

    steps = [
        ({"state": "reserved", "reserved_for": neighbour.pk}, Item.State.RESERVED),
        ({"state": "available"}, Item.State.AVAILABLE),
        ({"state": "reserved"}, Item.State.RESERVED),
        ({"state": "done"}, Item.State.DONE),
        ({"state": "available"}, Item.State.AVAILABLE),
        ({"state": "withdrawn"}, Item.State.WITHDRAWN),
        ({"state": "available"}, Item.State.AVAILABLE),
    ]
    for data, expected in steps:
        response = client.post(f"/marktplaats/{item.pk}/status/", data)
        assert response.status_code == 302, response.content.decode()
        item.refresh_from_db()
        assert item.state == expected
    notice = Notice.objects.get(user=neighbour)
    assert notice.title == "Bakfiets is voor je gereserveerd"


@pytest.mark.parametrize(
    ("start", "data", "message"),
    [
        (Item.State.DONE, {"state": "reserved"}, "Dit kan nu niet: het item is klaar."),
        (Item.State.AVAILABLE, {"state": "available"}, "Dit kan nu niet"),
        (Item.State.AVAILABLE, {"state": "verkocht"}, "Kies wat je wilt doen."),
        (
            Item.State.AVAILABLE,
            {"state": "reserved", "reserved_for": "abc"},
            "Kies een buur uit de lijst.",
        ),
    ],
)
def test_impossible_state_changes_are_refused(
    resident: User, start: str, data: dict[str, Any], message: str
) -> None:
    item = _item(resident)
    Item.objects.filter(pk=item.pk).update(state=start)

    response = client_for(resident).post(f"/marktplaats/{item.pk}/status/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    item.refresh_from_db()
    assert item.state == start


def test_reserving_for_someone_who_did_not_react_is_refused(
    resident: User, neighbour: User
) -> None:
    item = _item(resident)
    response = client_for(resident).post(
        f"/marktplaats/{item.pk}/status/", {"state": "reserved", "reserved_for": neighbour.pk}
    )
    assert response.status_code == 400
    assert "alleen reserveren voor een buur die gereageerd heeft" in response.content.decode()
    item.refresh_from_db()
    assert item.state == Item.State.AVAILABLE and item.reserved_for is None


def test_a_withdrawn_item_is_seen_by_its_owner_only(resident: User, neighbour: User) -> None:
    item = _item(resident)
    set_item_state(item, state=Item.State.WITHDRAWN, acting_user=resident)

    assert client_for(neighbour).get(f"/marktplaats/{item.pk}/").status_code == 404
    assert (
        "Bakfiets"
        not in client_for(neighbour).get("/marktplaats/?state=withdrawn").content.decode()
    )
    assert client_for(resident).get(f"/marktplaats/{item.pk}/").status_code == 200
    assert "Bakfiets" in client_for(resident).get("/marktplaats/?mijn=1").content.decode()


# Reacting -----------------------------------------------------------------------------------


def test_reacting_opens_a_private_conversation_with_the_owner(
    resident: User, neighbour: User
) -> None:
    item = _item(resident, title="Naaimachine")
    response = client_for(neighbour).post(
        f"/marktplaats/{item.pk}/reageren/", {"body": "Mag ik hem komen bekijken?"}
    )

    assert response.status_code == 302
    message = Message.objects.get(sender=neighbour)
    assert response["Location"] == f"/berichten/{message.conversation_id}/#bericht-{message.pk}"
    assert "Naaimachine" in message.body and "Mag ik hem komen bekijken?" in message.body
    assert Reaction.objects.filter(item=item, member=neighbour).exists()
    owner_page = client_for(resident).get(f"/marktplaats/{item.pk}/").content.decode()
    assert "Nico Neighbour" in owner_page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "Schrijf eerst een bericht."),
        ({"body": "x" * 2001}, "Je bericht is te lang."),
    ],
)
def test_bad_reactions_are_refused(
    resident: User, neighbour: User, data: dict[str, str], message: str
) -> None:
    item = _item(resident)
    response = client_for(neighbour).post(f"/marktplaats/{item.pk}/reageren/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Message.objects.filter(sender=neighbour).exists()
    assert not Reaction.objects.exists()


def test_no_reaction_to_your_own_or_a_finished_item(resident: User, neighbour: User) -> None:
    item = _item(resident)
    own = client_for(resident).post(f"/marktplaats/{item.pk}/reageren/", {"body": "Hoi"})
    set_item_state(item, state=Item.State.DONE, acting_user=resident)
    done = client_for(neighbour).post(f"/marktplaats/{item.pk}/reageren/", {"body": "Hoi"})

    assert own.status_code == 400 and "Dit is je eigen item." in own.content.decode()
    assert done.status_code == 400 and "niet meer aangeboden" in done.content.decode()
    assert not Message.objects.filter(sender__in=[resident, neighbour]).exists()


def test_reactions_have_the_rate_limit_of_messages(
    resident: User, neighbour: User, settings: Any
) -> None:
    settings.NEW_CONVERSATION_RATE_LIMIT = (1, 3600)
    first = _item(resident, title="Eén")
    other_owner = make_member()
    second = _item(other_owner, title="Twee")
    client = client_for(neighbour)

    assert client.post(f"/marktplaats/{first.pk}/reageren/", {"body": "Hoi"}).status_code == 302
    limited = client.post(f"/marktplaats/{second.pk}/reageren/", {"body": "Hoi"})

    assert limited.status_code == 429
    assert not Reaction.objects.filter(item=second).exists()


# Moderation ---------------------------------------------------------------------------------


def test_a_buurtverbinder_hides_an_item_and_the_owner_is_told(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    item = _item(resident)
    assert (
        client_for(neighbour)
        .post(f"/marktplaats/{item.pk}/verbergen/", {"reason": "Nee"})
        .status_code
        == 403
    )
    empty = client_for(buurtverbinder).post(f"/marktplaats/{item.pk}/verbergen/", {"reason": ""})
    assert empty.status_code == 400 and "Schrijf op waarom" in empty.content.decode()

    response = client_for(buurtverbinder).post(
        f"/marktplaats/{item.pk}/verbergen/", {"reason": "Dit is reclame voor een winkel."}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.moderation_state == ContentState.HIDDEN
    assert Decision.objects.filter(kind="marketplace", object_id=item.pk, action="hide").exists()
    assert Notice.objects.filter(user=resident, body__contains="reclame").exists()
    assert client_for(neighbour).get(f"/marktplaats/{item.pk}/").status_code == 404
    assert "Bakfiets" not in client_for(neighbour).get("/marktplaats/").content.decode()
    assert client_for(resident).get(f"/marktplaats/{item.pk}/").status_code == 200

    shown = client_for(buurtverbinder).post(
        f"/marktplaats/{item.pk}/tonen/", {"reason": "Toch een gewone buur."}
    )
    assert shown.status_code == 302
    item.refresh_from_db()
    assert item.moderation_state == ContentState.VISIBLE
    assert Decision.objects.filter(kind="marketplace", object_id=item.pk, action="restore").exists()
    again = client_for(buurtverbinder).post(f"/marktplaats/{item.pk}/tonen/", {"reason": "x"})
    assert again.status_code == 400
    assert "Alleen iets wat verborgen is" in again.content.decode()


def test_an_item_can_be_reported_through_moderation(resident: User, neighbour: User) -> None:
    item = _item(resident)
    response = client_for(neighbour).post(
        f"/melden/marketplace/{item.pk}/", {"reason": "spam", "explanation": ""}
    )
    assert response.status_code == 302


# Search and lists ---------------------------------------------------------------------------


def test_search_forgives_accents_and_filters_by_kind_and_state(
    resident: User, neighbour: User
) -> None:
    _item(resident, title="Café-tafel", description="Stevig")
    _item(resident, kind=Item.Kind.WANTED, title="Gezocht: cafetière")
    lent = _item(resident, kind=Item.Kind.LEND, title="Boormachine")
    set_item_state(lent, state=Item.State.DONE, acting_user=resident)
    client = client_for(neighbour)

    found = client.get("/marktplaats/?q=cafe").content.decode()
    wanted = client.get("/marktplaats/?kind=wanted").content.decode()
    done = client.get("/marktplaats/?state=done").content.decode()
    default = client.get("/marktplaats/").content.decode()

    assert "Café-tafel" in found and "cafetière" in found and "Boormachine" not in found
    assert "cafetière" in wanted and "Café-tafel" not in wanted
    assert "Boormachine" in done and "Café-tafel" not in done
    assert "Boormachine" not in default


@pytest.mark.parametrize("query", ["?kind=ruilen", "?state=kapot", "?q=" + "x" * 101])
def test_bad_filters_are_a_400_in_dutch(resident: User, query: str) -> None:
    response = client_for(resident).get(f"/marktplaats/{query}")
    assert response.status_code == 400
    assert "Er klopt nog iets niet" in response.content.decode()


def test_the_list_pages(resident: User, neighbour: User) -> None:
    for number in range(23):
        _item(neighbour, title=f"Ding {number}")
    client = client_for(resident)
    first = client.get("/marktplaats/").content.decode()
    second = client.get("/marktplaats/?page=2").content.decode()
    assert "Ding 22" in first and "Ding 2 " not in first
    assert "Pagina 2 van 2" in second and "Ding 0" in second


@pytest.mark.parametrize("count", [2, 15])
def test_list_query_count_does_not_grow(
    resident: User, count: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(count):
        _item(make_member(), photos=[image_upload()])
    client = client_for(resident)
    client.get("/marktplaats/")
    with django_assert_max_num_queries(14):
        response = client.get("/marktplaats/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_item_page_query_count_does_not_grow(
    resident: User, count: int, django_assert_max_num_queries: Any
) -> None:
    item = _item(resident, photos=[image_upload() for _ in range(min(count, 4))])
    for _ in range(count):
        react_to_item(item, body="Hoi", acting_user=make_member())
    client = client_for(resident)
    with django_assert_max_num_queries(16):
        response = client.get(f"/marktplaats/{item.pk}/")
    assert response.status_code == 200


# Leaving and isolation ----------------------------------------------------------------------


def test_leaving_removes_the_members_items_and_photo_files(resident: User, neighbour: User) -> None:
    item = _item(resident, photos=[image_upload()])
    name = item.photos.get().file
    react_to_item(item, body="Hoi", acting_user=neighbour)
    mine = _item(neighbour, title="Van Nico")
    react_to_item(mine, body="Hoi", acting_user=resident)
    set_item_state(mine, state=Item.State.RESERVED, reserved_for=resident, acting_user=neighbour)

    from django.test.utils import CaptureQueriesContext  # noqa: F401  (keeps import local)

    delete_account(resident, acting_user=resident)

    assert not Item.objects.filter(pk=item.pk).exists()
    mine.refresh_from_db()
    assert mine.reserved_for is None and mine.state == Item.State.AVAILABLE
    assert default_storage.exists(name)  # deleted on commit, which a test never reaches


def test_ids_of_one_buurtsite_are_unknown_on_another(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        owner = make_member()
        item = create_item(
            kind=Item.Kind.SALE, title="Alleen in Oost", photos=[image_upload()], acting_user=owner
        )
        photo = item.photos.get()
    with tenant_context(lindenholt):
        stranger = make_member(role=User.Role.BUURTVERBINDER)
        # Make sure the id exists in Lindenholt too only when it is not the same row.
        client = client_for(stranger, LINDENHOLT_HOST)
        gets = [
            f"/marktplaats/{item.pk}/",
            f"/marktplaats/{item.pk}/bewerken/",
            f"/marktplaats/{item.pk}/foto/{photo.pk}/",
        ]
        posts = [
            f"/marktplaats/{item.pk}/status/",
            f"/marktplaats/{item.pk}/reageren/",
            f"/marktplaats/{item.pk}/verbergen/",
            f"/marktplaats/{item.pk}/tonen/",
            f"/marktplaats/{item.pk}/foto/{photo.pk}/verwijderen/",
        ]
        assert not Item.objects.filter(pk=item.pk).exists()
        statuses = {url: client.get(url).status_code for url in gets}
        statuses.update(
            {
                url: client.post(url, {"body": "Hoi", "state": "done", "reason": "x"}).status_code
                for url in posts
            }
        )
        listed = client.get("/marktplaats/").content.decode()

    assert set(statuses.values()) == {404}, statuses
    assert "Alleen in Oost" not in listed


# The weekly digest --------------------------------------------------------------------------


def test_new_items_of_others_are_in_the_weekly_digest(resident: User, neighbour: User) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from digest.sections import sections_for

    since = timezone.now() - timedelta(seconds=1)
    _item(neighbour, title="Wasmachine, gratis én werkend", kind=Item.Kind.GIVE)
    own = _item(resident, title="Mijn eigen lamp")
    hidden = _item(neighbour, title="Verborgen")
    Item.objects.filter(pk=hidden.pk).update(moderation_state=ContentState.HIDDEN)

    [section] = [s for s in sections_for(resident, since) if s.key == "marketplace"]

    assert section.title == "Nieuw op de marktplaats"
    assert [item.title for item in section.items] == ["Wasmachine, gratis én werkend"]
    assert section.items[0].detail == "Gratis af te halen"
    assert own.title not in [item.title for item in section.items]
    later = timezone.now() + timedelta(seconds=1)
    assert not [s for s in sections_for(resident, later) if s.key == "marketplace"]


def test_the_data_export_holds_the_members_items_and_help_requests(resident: User) -> None:
    from members.selectors import export_member_data
    from referrals.actions import ask_for_help

    _item(resident, title="Crème-kleurige stoel", photos=[image_upload()])
    ask_for_help(subject="Hulp bij de tuin", description="Graag", acting_user=resident)

    data = export_member_data(resident)

    assert [item["title"] for item in data["marketplace"]["items"]] == ["Crème-kleurige stoel"]
    assert data["marketplace"]["items"][0]["photos"] == 1
    assert [request["subject"] for request in data["referrals"]["help_requests"]] == [
        "Hulp bij de tuin"
    ]
