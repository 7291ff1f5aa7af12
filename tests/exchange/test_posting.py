"""Posting, changing and withdrawing a request or offer; every bad input is refused in Dutch."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.utils import timezone
from PIL import Image

from accounts.models import User
from exchange import actions
from exchange.models import Area, Category, Post
from moderation.models import ContentState
from tests.exchange.factories import make_post
from tests.members.factories import client_for, image_upload, make_member


def _form(categories: list[Category], **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "request",
        "category": categories[0].pk,
        "title": "Wie helpt mij met mijn schuur?",
        "description": "De deur van mijn schuur klemt. Wie heeft er verstand van?",
        "area": "",
        "when": "",
        "open_days": "30",
    }
    data.update(changes)
    return data


def test_member_posts_a_request_with_accents_and_sees_it(
    resident: User, categories: list[Category]
) -> None:
    area = Area.objects.create(name="Brakkenstein")
    client = client_for(resident)
    form = client.get("/vraag-en-aanbod/nieuw/?soort=vraag")
    assert form.status_code == 200
    assert "Vraag of bied hulp aan" in form.content.decode()

    when = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        "/vraag-en-aanbod/nieuw/",
        _form(
            categories,
            title="Hulp bij de crème brûlée",
            description="Ik wil voor mijn buurvrouw koken. Wie doet mee? ’s Avonds kan ook.",
            area=area.pk,
            when=when.isoformat(),
            open_days="14",
        ),
    )

    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/vraag-en-aanbod/{post.pk}/"
    assert post.title == "Hulp bij de crème brûlée"
    assert post.author == resident and post.area == area and post.when == when
    assert post.kind == Post.Kind.REQUEST and post.is_open
    days = (post.expires_at - timezone.now()).total_seconds() / 86400
    assert 13.9 < days <= 14
    page = client.get(response["Location"]).content.decode()
    assert "Hulp bij de crème brûlée" in page
    assert "’s Avonds kan ook." in page
    assert "Brakkenstein" in page


def _bomb() -> SimpleUploadedFile:
    """A few kilobytes that unpack into 64 million pixels."""
    buffer = io.BytesIO()
    Image.new("1", (8_000, 8_000)).save(buffer, format="PNG", optimize=True)
    return SimpleUploadedFile("bom.png", buffer.getvalue(), content_type="image/png")


_PAST = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Schrijf een korte titel."),
        ({"title": "   "}, "Schrijf een korte titel."),
        ({"title": "x" * 121}, "Je titel is te lang"),
        ({"description": ""}, "Beschrijf wat je vraagt of aanbiedt."),
        ({"description": "x" * 2001}, "Je tekst is te lang"),
        ({"kind": "ruilen"}, "Kies of je hulp vraagt of aanbiedt."),
        ({"kind": ""}, "Kies of je hulp vraagt of aanbiedt."),
        ({"category": ""}, "Kies een categorie."),
        ({"category": "999999"}, "Kies een van de categorieën."),
        ({"category": "abc"}, "Kies een van de categorieën."),
        ({"area": "999999"}, "Kies een van de delen van de buurt."),
        ({"when": "morgen"}, "Vul een datum in"),
        ({"when": _PAST}, "Kies een dag vanaf vandaag"),
        ({"when": "2099-01-01"}, "Kies een dag binnen een jaar"),
        ({"open_days": "120"}, "Kies een van de mogelijkheden."),
        ({"open_days": "-1"}, "Kies een van de mogelijkheden."),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_saved(
    resident: User, categories: list[Category], changes: dict[str, Any], message: str
) -> None:
    response = client_for(resident).post("/vraag-en-aanbod/nieuw/", _form(categories, **changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists()


def test_a_switched_off_category_cannot_be_chosen(
    resident: User, categories: list[Category]
) -> None:
    Category.objects.filter(pk=categories[0].pk).update(is_active=False)

    response = client_for(resident).post("/vraag-en-aanbod/nieuw/", _form(categories))

    assert response.status_code == 400
    assert "Kies een van de categorieën." in response.content.decode()
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("foto.jpg", b"<?php echo 1; ?>"), "geen foto die we kunnen gebruiken"),
        (SimpleUploadedFile("leeg.jpg", b""), "Dit bestand is leeg"),
        (_bomb(), "te veel pixels"),
    ],
)
def test_a_bad_photo_is_refused_and_nothing_is_saved(
    resident: User, categories: list[Category], upload: SimpleUploadedFile, message: str
) -> None:
    response = client_for(resident).post(
        "/vraag-en-aanbod/nieuw/", {**_form(categories), "photo": upload}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists()


def test_a_photo_is_re_encoded_and_served_to_members_only(
    resident: User, neighbour: User, categories: list[Category]
) -> None:
    client = client_for(resident)
    client.post(
        "/vraag-en-aanbod/nieuw/", {**_form(categories), "photo": image_upload("schuur.png")}
    )
    post = Post.objects.get()
    assert post.photo.startswith("vraag-en-aanbod/") and post.photo.endswith(".jpg")

    photo = client_for(neighbour).get(f"/vraag-en-aanbod/{post.pk}/foto/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert b"".join(photo.streaming_content)[:2] == b"\xff\xd8"  # type: ignore[attr-defined]

    from django.test import Client

    from tests.conftest import OOST_HOST

    visitor = Client(HTTP_HOST=OOST_HOST).get(f"/vraag-en-aanbod/{post.pk}/foto/")
    assert visitor.status_code == 302


def test_visitors_and_members_waiting_for_approval_cannot_post(
    categories: list[Category],
) -> None:
    from django.test import Client

    from members.models import Profile
    from tests.conftest import OOST_HOST

    visitor = Client(HTTP_HOST=OOST_HOST).post("/vraag-en-aanbod/nieuw/", _form(categories))
    waiting = make_member(status=Profile.Status.PENDING)
    pending = client_for(waiting).post("/vraag-en-aanbod/nieuw/", _form(categories))

    assert visitor.status_code == 302
    assert pending.status_code == 403
    assert not Post.objects.exists()


def test_posting_is_rate_limited(resident: User, categories: list[Category]) -> None:
    client = client_for(resident)
    limit = actions.POST_RATE_LIMIT[0]
    for number in range(limit):
        response = client.post(
            "/vraag-en-aanbod/nieuw/", _form(categories, title=f"Vraag {number}")
        )
        assert response.status_code == 302

    response = client.post("/vraag-en-aanbod/nieuw/", _form(categories, title="Eén te veel"))

    assert response.status_code == 429
    assert Post.objects.count() == limit


def test_author_edits_their_own_post_and_nobody_else_can(
    resident: User, neighbour: User, categories: list[Category]
) -> None:
    post = make_post(resident, title="Oude titel")
    edit = f"/vraag-en-aanbod/{post.pk}/bewerken/"

    assert client_for(resident).get(edit).status_code == 200
    response = client_for(resident).post(edit, _form(categories, title="Nieuwe titel"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Nieuwe titel"

    assert client_for(neighbour).get(edit).status_code == 404
    assert client_for(neighbour).post(edit, _form(categories, title="Gekaapt")).status_code == 404
    bad = client_for(resident).post(edit, _form(categories, title=""))
    assert bad.status_code == 400
    post.refresh_from_db()
    assert post.title == "Nieuwe titel"


def test_author_withdraws_extends_closes_and_reopens(resident: User, neighbour: User) -> None:
    post = make_post(resident, days=2)
    client = client_for(resident)

    extended = client.post(f"/vraag-en-aanbod/{post.pk}/verlengen/", {"days": "60"})
    assert extended.status_code == 302
    post.refresh_from_db()
    assert (post.expires_at - timezone.now()).days >= 59

    too_long = client.post(f"/vraag-en-aanbod/{post.pk}/verlengen/", {"days": "365"})
    assert too_long.status_code == 400
    assert "Kies een van de mogelijkheden." in too_long.content.decode()

    assert client_for(neighbour).post(f"/vraag-en-aanbod/{post.pk}/intrekken/").status_code == 404
    assert client.post(f"/vraag-en-aanbod/{post.pk}/intrekken/").status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.CLOSED
    assert post.closed_because == Post.ClosedBecause.WITHDRAWN

    assert client.post(f"/vraag-en-aanbod/{post.pk}/heropenen/").status_code == 302
    post.refresh_from_db()
    assert post.is_open and post.closed_at is None
    assert client.post(f"/vraag-en-aanbod/{post.pk}/sluiten/").status_code == 302
    post.refresh_from_db()
    assert post.closed_because == Post.ClosedBecause.AUTHOR


def test_get_is_refused_where_only_post_is_allowed(resident: User) -> None:
    post = make_post(resident)
    client = client_for(resident)
    for action in ("intrekken", "sluiten", "heropenen", "verlengen"):
        assert client.get(f"/vraag-en-aanbod/{post.pk}/{action}/").status_code == 405


def test_a_hidden_post_is_seen_by_its_author_and_buurtverbinder_only(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    post = make_post(resident, state=ContentState.HIDDEN)
    url = f"/vraag-en-aanbod/{post.pk}/"

    assert client_for(resident).get(url).status_code == 200
    assert client_for(buurtverbinder).get(url).status_code == 200
    assert client_for(neighbour).get(url).status_code == 404


@override_settings(LANGUAGE_CODE="nl")
def test_default_categories_are_dutch_and_loaded_once(categories: list[Category]) -> None:
    assert actions.load_default_categories() == 0
    names = [category.name for category in categories]
    assert "Klusjes in en om het huis" in names
    assert len(names) == len(set(names)) == len(actions.DEFAULT_CATEGORIES)
