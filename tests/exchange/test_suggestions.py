"""Suggestions while writing: open offers for a request (and the reverse), skilled neighbours."""

from __future__ import annotations

from accounts.models import User
from exchange import selectors
from exchange.models import Category, Post
from tests.exchange.factories import make_post
from tests.members.factories import client_for, make_member


def test_typing_a_request_suggests_offers_and_skilled_neighbours(
    resident: User, neighbour: User, categories: list[Category]
) -> None:
    make_post(neighbour, title="Ik help met tuinieren", kind=Post.Kind.OFFER)
    make_post(neighbour, title="Tuinstoelen te leen", kind=Post.Kind.REQUEST)
    make_post(neighbour, title="Fietsles", kind=Post.Kind.OFFER)
    make_post(resident, title="Mijn eigen tuinaanbod", kind=Post.Kind.OFFER)
    gardener = make_member(name="Greet Groen", skills=["Tuinieren"])
    make_member(name="Vera Verborgen", skills=["Tuinieren"], in_directory=False)

    response = client_for(resident).get(
        "/vraag-en-aanbod/suggesties/",
        {"kind": "request", "title": "Hulp in de tuin", "description": ""},
        HTTP_HX_REQUEST="true",
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content  # only the part htmx swaps in
    assert "Ik help met tuinieren" in content
    assert "Tuinstoelen te leen" not in content  # a request, not an offer
    assert "Fietsles" not in content
    assert "Mijn eigen tuinaanbod" not in content
    assert "Greet Groen" in content and f"/buren/{gardener.pk}/" in content
    assert "Vera Verborgen" not in content


def test_typing_an_offer_suggests_requests(resident: User, neighbour: User) -> None:
    make_post(neighbour, title="Wie helpt met mijn computer?", kind=Post.Kind.REQUEST)

    response = client_for(resident).get(
        "/vraag-en-aanbod/suggesties/",
        {"kind": "offer", "title": "", "description": "Ik ben handig met computers"},
    )

    assert "Wie helpt met mijn computer?" in response.content.decode()


def test_too_little_text_suggests_nothing(resident: User, neighbour: User) -> None:
    make_post(neighbour, title="Ik help met tuinieren", kind=Post.Kind.OFFER)

    response = client_for(resident).get(
        "/vraag-en-aanbod/suggesties/", {"kind": "request", "title": "tu"}
    )

    assert "Ik help met tuinieren" not in response.content.decode()


def test_without_javascript_the_form_shows_suggestions_and_saves_nothing(
    resident: User, neighbour: User, categories: list[Category]
) -> None:
    make_post(neighbour, title="Ik help bij de verhuizing", kind=Post.Kind.OFFER)

    response = client_for(resident).post(
        "/vraag-en-aanbod/nieuw/",
        {
            "kind": "request",
            "category": categories[0].pk,
            "title": "Wie helpt met verhuizen?",
            "description": "",
            "open_days": "30",
            "suggest": "1",
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ik help bij de verhuizing" in content
    assert 'value="Wie helpt met verhuizen?"' in content  # what was typed stays
    assert Post.objects.filter(author=resident).count() == 0


def test_the_form_asks_for_suggestions_through_htmx(resident: User) -> None:
    content = client_for(resident).get("/vraag-en-aanbod/nieuw/").content.decode()

    assert 'hx-get="/vraag-en-aanbod/suggesties/"' in content
    assert "delay:600ms" in content
    assert 'name="suggest"' in content


def test_offers_with_every_word_come_before_offers_with_one(
    resident: User, neighbour: User
) -> None:
    for number in range(6):
        make_post(neighbour, title=f"Ik bied hulp bij klusjes {number}", kind=Post.Kind.OFFER)
    make_post(neighbour, title="Hulp bij de verhuizing", kind=Post.Kind.OFFER)
    make_post(neighbour, title="Verhuisdozen over", kind=Post.Kind.OFFER)

    found = selectors.suggestions(
        kind=Post.Kind.REQUEST, text="Hulp bij de verhuizing", viewer=resident
    ).posts

    titles = [post.title for post in found]
    assert titles[0] == "Hulp bij de verhuizing"  # both words
    assert "Verhuisdozen over" in titles  # one word, still among the five
    assert len(titles) == 5
