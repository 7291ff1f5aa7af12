"""Search in Dutch: word forms, accents, typing mistakes, prefixes, and a sensible order."""

from __future__ import annotations

import pytest

from accounts.models import User
from exchange import selectors
from exchange.models import Post
from exchange.selectors import PostFilters
from tests.exchange.factories import make_post


def _found(query: str, **filters: object) -> list[str]:
    page = selectors.page_of_posts(PostFilters(query=query, **filters))  # type: ignore[arg-type]
    return [post.title for post in page.object_list]


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("Hulp bij de verhuizing", "verhuis"),
        ("Wie helpt mij met verhuisdozen?", "verhuizing"),
        ("Ik verhuis volgende week", "verhuizen"),
        ("Koffie in het café", "cafe"),
        ("Koffie in het cafe", "café"),
        ("Mijn buurmna heeft hulp nodig", "buurman"),
        ("Mijn buurman heeft hulp nodig", "buurmna"),
        ("Hulp bij tuinieren", "tuin"),
        ("Fietsen repareren", "fiets"),
        ("Boodschappen doen voor mevrouw Çelik", "celik"),
    ],
)
def test_search_finds_dutch_word_forms_accents_and_typos(
    resident: User, title: str, query: str
) -> None:
    make_post(resident, title=title, description="Graag!")
    make_post(resident, title="Iets heel anders", description="Een ladder lenen")

    assert _found(query) == [title]


def test_search_looks_in_the_description_too(resident: User) -> None:
    make_post(resident, title="Even helpen?", description="Het gaat om een verhuizing naar Zwolle")

    assert _found("verhuis") == ["Even helpen?"]


def test_every_word_must_match(resident: User) -> None:
    make_post(resident, title="Verhuisdozen sjouwen", description="Zaterdag")
    make_post(resident, title="Verhuizen met de auto", description="Zondag")

    assert _found("verhuizen zaterdag") == ["Verhuisdozen sjouwen"]
    # Stop words alone match nothing and do not break the search.
    assert _found("de het een") == []
    assert _found("'\"&|!:*()") == []


def test_a_match_in_the_title_ranks_above_one_in_the_text(resident: User) -> None:
    make_post(resident, title="Oppas gezocht", description="Ook iets met de fiets")
    make_post(resident, title="Fiets repareren", description="Mijn band is lek")

    assert _found("fiets") == ["Fiets repareren", "Oppas gezocht"]


def test_search_keeps_to_the_other_filters(resident: User) -> None:
    make_post(resident, title="Fiets lenen", kind=Post.Kind.REQUEST)
    make_post(resident, title="Fiets uitlenen", kind=Post.Kind.OFFER)
    make_post(resident, title="Fiets gezocht", status=Post.Status.CLOSED)

    assert _found("fiets", kind=Post.Kind.OFFER) == ["Fiets uitlenen"]
    assert sorted(_found("fiets", status="")) == ["Fiets gezocht", "Fiets lenen", "Fiets uitlenen"]


def test_search_through_the_page_keeps_accents(resident: User) -> None:
    from tests.members.factories import client_for

    make_post(resident, title="Crème brûlée maken", description="Wie kookt er mee?")

    page = client_for(resident).get("/vraag-en-aanbod/", {"q": "creme brulee"})

    assert page.status_code == 200
    content = page.content.decode()
    assert "Crème brûlée maken" in content
    assert "1 gevonden" in content


def test_a_typing_mistake_in_one_of_two_words(resident: User) -> None:
    make_post(resident, title="Wie helpt mij een lamp ophangen?", description="Koffie!")

    assert _found("lamp ophagen") == ["Wie helpt mij een lamp ophangen?"]
