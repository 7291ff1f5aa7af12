"""Writing, publishing and reading news: roles, drafts, photos, bad input, paging."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from clubs.actions import join_club
from news.actions import add_comment
from news.models import Article
from tests.clubs.factories import make_article, make_club
from tests.members.factories import client_for, image_upload, make_member

VALID = {
    "title": "Straatfeest in de Javastraat",
    "summary": "Op zaterdag vieren we het zomerfeest.",
    "body": "Iedereen is welkom!\n\nNeem een stoel mee.",
    "publish": "1",
}


@pytest.mark.parametrize(
    "role", [User.Role.BUURTVERBINDER, User.Role.ORGANISATION, User.Role.MUNICIPALITY]
)
def test_roles_that_may_publish_write_an_article_with_a_photo(in_oost: Any, role: str) -> None:
    writer = make_member(name="Wendy Schrijver", role=role)
    client = client_for(writer)
    assert client.get("/nieuws/schrijven/").status_code == 200

    response = client.post(
        "/nieuws/schrijven/",
        {**VALID, "photo": image_upload("straat.png"), "photo_alt": "Versierde straat"},
    )

    assert response.status_code == 302
    article = Article.objects.get(title=VALID["title"])
    assert response["Location"] == f"/nieuws/{article.pk}/"
    assert article.is_published and article.published_at is not None
    assert article.author == writer
    assert article.body == "<p>Iedereen is welkom!</p><p>Neem een stoel mee.</p>"
    assert article.photo.name.startswith("nieuws/") and article.photo.name.endswith(".jpg")
    photo = client_for(make_member()).get(f"/nieuws/{article.pk}/foto/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    page = client_for(make_member()).get(f"/nieuws/{article.pk}/").content.decode()
    assert "Straatfeest in de Javastraat" in page and 'alt="Versierde straat"' in page


def test_residents_may_not_write_news_and_visitors_are_sent_to_sign_in(
    resident: User, oost_client: Any
) -> None:
    assert client_for(resident).get("/nieuws/schrijven/").status_code == 403
    assert client_for(resident).post("/nieuws/schrijven/", VALID).status_code == 403
    assert client_for(resident).get("/nieuws/concepten/").status_code == 403
    visitor = oost_client.get("/nieuws/schrijven/")
    assert visitor.status_code == 302 and visitor["Location"].startswith("/account/login/")
    assert not Article.objects.filter(title=VALID["title"]).exists()


def test_news_is_public_to_read(buurtverbinder: User, oost_client: Any) -> None:
    article = make_article(author=buurtverbinder, title="Nieuwe bankjes in het park")

    assert "Nieuwe bankjes in het park" in oost_client.get("/nieuws/").content.decode()
    assert oost_client.get(f"/nieuws/{article.pk}/").status_code == 200


def test_a_draft_is_seen_only_by_who_may_change_it(
    buurtverbinder: User, resident: User, oost_client: Any
) -> None:
    writer = make_member(role=User.Role.ORGANISATION)
    draft = make_article(author=writer, title="Nog geheim concept", publish=False)

    assert oost_client.get(f"/nieuws/{draft.pk}/").status_code == 404
    assert client_for(resident).get(f"/nieuws/{draft.pk}/").status_code == 404
    assert client_for(resident).get(f"/nieuws/{draft.pk}/foto/").status_code == 404
    assert "Nog geheim concept" not in oost_client.get("/nieuws/").content.decode()
    assert client_for(writer).get(f"/nieuws/{draft.pk}/").status_code == 200
    assert "Nog geheim concept" in client_for(writer).get("/nieuws/concepten/").content.decode()
    assert (
        "Nog geheim concept"
        in client_for(buurtverbinder).get("/nieuws/concepten/").content.decode()
    )
    # Another organisation member neither sees nor changes it.
    other = client_for(make_member(role=User.Role.ORGANISATION))
    assert "Nog geheim concept" not in other.get("/nieuws/concepten/").content.decode()
    assert other.get(f"/nieuws/{draft.pk}/wijzigen/").status_code == 404


def test_publishing_a_draft_and_taking_it_back(buurtverbinder: User, oost_client: Any) -> None:
    draft = make_article(author=buurtverbinder, title="Eerst concept", publish=False)
    client = client_for(buurtverbinder)

    published = client.post(
        f"/nieuws/{draft.pk}/wijzigen/", {**VALID, "title": "Nu gepubliceerd", "publish": "1"}
    )
    assert published.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.title == "Nu gepubliceerd"
    first_published_at = draft.published_at

    unpublished = client.post(
        f"/nieuws/{draft.pk}/wijzigen/",
        {**{k: v for k, v in VALID.items() if k != "publish"}, "draft": "1"},
    )
    assert unpublished.status_code == 302
    draft.refresh_from_db()
    assert not draft.is_published
    assert oost_client.get(f"/nieuws/{draft.pk}/").status_code == 404
    client.post(f"/nieuws/{draft.pk}/wijzigen/", VALID)
    draft.refresh_from_db()
    assert draft.published_at == first_published_at


def test_only_the_author_the_buurtverbinder_or_a_club_admin_change_an_article(
    buurtverbinder: User, resident: User
) -> None:
    author = make_member(role=User.Role.MUNICIPALITY)
    article = make_article(author=author)
    other_writer = make_member(role=User.Role.MUNICIPALITY)

    assert client_for(author).get(f"/nieuws/{article.pk}/wijzigen/").status_code == 200
    assert client_for(buurtverbinder).get(f"/nieuws/{article.pk}/wijzigen/").status_code == 200
    assert client_for(other_writer).get(f"/nieuws/{article.pk}/wijzigen/").status_code == 403
    assert client_for(resident).post(f"/nieuws/{article.pk}/wijzigen/", VALID).status_code == 403
    article.refresh_from_db()
    assert article.title != VALID["title"]


def test_a_club_admin_publishes_for_their_club_only(buurtverbinder: User, resident: User) -> None:
    club = make_club(name="Wandelclub Oost", acting_user=buurtverbinder, admin=resident)
    other_club = make_club(name="Schaakclub", acting_user=buurtverbinder)
    client = client_for(resident)

    assert client.get("/nieuws/schrijven/").status_code == 200
    for_other = client.post("/nieuws/schrijven/", {**VALID, "club": other_club.pk})
    without_club = client.post("/nieuws/schrijven/", VALID)
    assert for_other.status_code == 400 and without_club.status_code == 400
    assert "Kies een van de clubs in de lijst." in for_other.content.decode()
    assert not Article.objects.filter(title=VALID["title"]).exists()

    assert client.post("/nieuws/schrijven/", {**VALID, "club": club.pk}).status_code == 302
    article = Article.objects.get(title=VALID["title"])
    assert article.club == club
    # A plain member of the club may not.
    member = make_member()
    join_club(club, show_on_page=False, acting_user=member)
    assert client_for(member).get("/nieuws/schrijven/").status_code == 403


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**VALID, "title": ""}, "Geef het artikel een titel."),
        ({**VALID, "body": "   "}, "Schrijf de tekst van het artikel."),
        ({**VALID, "body": "<script>alert(1)</script>"}, "Schrijf de tekst van het artikel."),
        ({**VALID, "title": "x" * 151}, "151"),
        ({**VALID, "club": "999999"}, "Kies een van de clubs in de lijst."),
    ],
)
def test_bad_article_input_is_refused_in_dutch_and_nothing_is_saved(
    buurtverbinder: User, data: dict[str, str], message: str
) -> None:
    before = Article.objects.count()
    response = client_for(buurtverbinder).post("/nieuws/schrijven/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Article.objects.count() == before


def test_bad_photos_are_refused_and_nothing_is_saved(buurtverbinder: User) -> None:
    client = client_for(buurtverbinder)
    fake = SimpleUploadedFile("foto.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    not_a_photo = client.post("/nieuws/schrijven/", {**VALID, "photo": fake, "photo_alt": "x"})
    no_alt = client.post("/nieuws/schrijven/", {**VALID, "photo": image_upload()})

    assert not_a_photo.status_code == 400
    assert "Dit bestand is geen foto" in not_a_photo.content.decode()
    assert no_alt.status_code == 400
    assert "wat er op de foto staat" in no_alt.content.decode()
    assert not Article.objects.filter(title=VALID["title"]).exists()


def test_a_stored_script_never_reaches_the_page(buurtverbinder: User, oost_client: Any) -> None:
    article = make_article(author=buurtverbinder)
    # Written around the actions (an import, the admin): the page sanitises again.
    Article.objects.filter(pk=article.pk).update(
        body='<p onclick="steal()">Hallo</p><script>steal()</script><a href="javascript:x()">a</a>'
    )

    page = oost_client.get(f"/nieuws/{article.pk}/").content.decode()

    assert "steal()" not in page and "javascript:x" not in page
    assert "<p>Hallo</p>" in page


def test_the_list_pages_and_needs_the_same_queries_for_more_articles(
    buurtverbinder: User, resident: User
) -> None:
    client = client_for(resident)
    club = make_club(acting_user=buurtverbinder)
    for _ in range(3):
        make_article(author=buurtverbinder, club=club)
    client.get("/nieuws/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/nieuws/").status_code == 200
    for _ in range(9):
        make_article(author=make_member(role=User.Role.MUNICIPALITY))
    with CaptureQueriesContext(connection) as many:
        page = client.get("/nieuws/")
    assert page.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "Volgende pagina" in page.content.decode()
    assert client.get("/nieuws/?page=2").status_code == 200


def test_the_drafts_list_needs_the_same_queries_for_more_drafts(buurtverbinder: User) -> None:
    client = client_for(buurtverbinder)
    club = make_club(acting_user=buurtverbinder)
    for _ in range(2):
        make_article(author=buurtverbinder, club=club, publish=False)
    client.get("/nieuws/concepten/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/nieuws/concepten/").status_code == 200
    for _ in range(8):
        make_article(author=make_member(role=User.Role.ORGANISATION), publish=False)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/nieuws/concepten/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_article_page_needs_the_same_queries_for_more_comments(
    buurtverbinder: User, resident: User
) -> None:
    article = make_article(author=buurtverbinder)
    client = client_for(resident)
    add_comment(article, body="Eerste", acting_user=make_member())
    client.get(f"/nieuws/{article.pk}/")
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/nieuws/{article.pk}/").status_code == 200
    for number in range(8):
        add_comment(article, body=f"Reactie {number}", acting_user=make_member())
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/nieuws/{article.pk}/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
