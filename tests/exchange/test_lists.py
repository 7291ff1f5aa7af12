"""The list of requests and offers: every filter, paging, bad filters, and a fixed query count."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from exchange.models import Area, Category, Post
from moderation.models import ContentState
from tests.exchange.factories import make_post
from tests.members.factories import client_for


def _titles(client: Any, **query: Any) -> list[str]:
    response = client.get("/vraag-en-aanbod/", query)
    assert response.status_code == 200
    return [post.title for post in response.context["page"].object_list]


def test_every_filter_narrows_the_list(resident: User, categories: list[Category]) -> None:
    garden, computer = categories[3], categories[4]
    north = Area.objects.create(name="Noord")
    south = Area.objects.create(name="Zuid")
    make_post(resident, title="Gras maaien", category=garden, area=north)
    make_post(
        resident,
        title="Heggenschaar te leen",
        description="Scherp en schoon",
        category=garden,
        area=south,
        kind="offer",
    )
    make_post(resident, title="Printer installeren", category=computer, area=north)
    make_post(resident, title="Oude vraag", category=computer, status=Post.Status.CLOSED)
    make_post(resident, title="Verborgen vraag", state=ContentState.HIDDEN)
    client = client_for(resident)

    assert _titles(client) == ["Printer installeren", "Heggenschaar te leen", "Gras maaien"]
    assert _titles(client, kind="offer") == ["Heggenschaar te leen"]
    assert _titles(client, kind="request") == ["Printer installeren", "Gras maaien"]
    assert _titles(client, category=garden.pk) == ["Heggenschaar te leen", "Gras maaien"]
    assert _titles(client, area=north.pk) == ["Printer installeren", "Gras maaien"]
    assert _titles(client, area=south.pk, category=garden.pk) == ["Heggenschaar te leen"]
    assert _titles(client, status="closed") == ["Oude vraag"]
    assert len(_titles(client, status="all")) == 4
    assert _titles(client, q="gras", category=garden.pk) == ["Gras maaien"]


@pytest.mark.parametrize(
    "query",
    [{"kind": "ruilen"}, {"category": "999999"}, {"area": "abc"}, {"status": "weg"}],
)
def test_a_bad_filter_is_a_400_in_dutch(resident: User, query: dict[str, str]) -> None:
    response = client_for(resident).get("/vraag-en-aanbod/", query)

    assert response.status_code == 400
    assert "Kies een van de mogelijkheden." in response.content.decode()


def test_the_list_pages_by_twenty(resident: User) -> None:
    for number in range(25):
        make_post(resident, title=f"Vraag {number:02d}")
    client = client_for(resident)

    first = client.get("/vraag-en-aanbod/")
    second = client.get("/vraag-en-aanbod/", {"page": 2, "kind": "request"})
    beyond = client.get("/vraag-en-aanbod/", {"page": "veel"})

    assert len(first.context["page"].object_list) == 20
    assert "Pagina 1 van 2" in first.content.decode()
    assert len(second.context["page"].object_list) == 5
    assert "kind=request&amp;page=1" in second.content.decode()
    assert beyond.status_code == 200


def test_search_results_page_by_twenty_in_order_and_past_the_end(resident: User) -> None:
    for number in range(25):
        make_post(resident, title=f"Hulp bij de verhuizing {number:02d}")
    make_post(resident, title="Iets heel anders")
    client = client_for(resident)

    pages = [client.get("/vraag-en-aanbod/", {"q": "verhuizing", "page": n}) for n in (1, 2)]
    past = client.get("/vraag-en-aanbod/", {"q": "verhuizing", "page": 9})
    nonsense = client.get("/vraag-en-aanbod/", {"q": "verhuizing", "page": "veel"})

    titles = [post.title for page in pages for post in page.context["page"].object_list]
    assert len(titles) == 25 and len(set(titles)) == 25  # every result once, over two pages
    assert "25 gevonden" in pages[0].content.decode()
    assert "Pagina 2 van 2" in pages[1].content.decode()
    assert past.context["page"].number == 2  # the last page, as for the plain list
    assert nonsense.context["page"].number == 1


def test_visitors_are_sent_to_sign_in(oost_client: Any) -> None:
    assert oost_client.get("/vraag-en-aanbod/").status_code == 302


@pytest.mark.parametrize("count", [2, 20])
def test_list_query_count_does_not_grow(
    resident: User, neighbour: User, count: int, django_assert_max_num_queries: Any
) -> None:
    area = Area.objects.create(name="Altrade")
    for number in range(count):
        make_post(neighbour if number % 2 else resident, title=f"Vraag {number}", area=area)
    client = client_for(resident)
    client.get("/vraag-en-aanbod/")

    # The search path once, then one query each: member, profile, count, page, categories,
    # areas and the two counts in the menu.
    with django_assert_max_num_queries(9):
        client.get("/vraag-en-aanbod/")
    with django_assert_max_num_queries(11):  # and the search words, the page read by id
        client.get("/vraag-en-aanbod/", {"q": "vraag", "area": area.pk})


@pytest.mark.parametrize("count", [1, 12])
def test_home_and_thanks_query_counts_do_not_grow(
    resident: User, neighbour: User, count: int, django_assert_max_num_queries: Any
) -> None:
    from django.utils import timezone

    from exchange.models import Match, Reaction

    now = timezone.now()
    for number in range(count):
        post = make_post(resident, title=f"Hulp {number}")
        Reaction.objects.create(post=post, member=neighbour)
        Match.objects.create(
            post=post,
            neighbour=neighbour,
            author_confirmed_at=now,
            neighbour_confirmed_at=now,
            matched_at=now,
            thanks="Dankjewel!",
            thanks_by=resident,
            thanks_at=now,
            author_consents=True,
            neighbour_consents=True,
        )
    client = client_for(resident)
    client.get("/")

    with django_assert_max_num_queries(30):
        home = client.get("/")
    with django_assert_max_num_queries(22):
        thanks = client.get("/vraag-en-aanbod/bedankjes/")

    assert home.status_code == thanks.status_code == 200
    assert thanks.content.decode().count("Dankjewel!") == count
