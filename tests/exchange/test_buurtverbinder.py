"""The buurtverbinder: categories and parts of the buurt, moderation, reports, the home page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from exchange import selectors
from exchange.actions import confirm_help, react_to_post
from exchange.models import Area, Category, Post
from members.attention import sections_for
from moderation.actions import decide_on_report
from moderation.models import ContentState, Report
from tests.exchange.factories import make_post
from tests.members.factories import client_for, make_member

CATEGORIES = "/buurtverbinder/vraag-en-aanbod/categorieen/"
AREAS = "/buurtverbinder/vraag-en-aanbod/buurtdelen/"


def test_buurtverbinder_keeps_the_categories(
    buurtverbinder: User, categories: list[Category]
) -> None:
    client = client_for(buurtverbinder)
    page = client.get(CATEGORIES)
    assert page.status_code == 200
    assert "Klusjes in en om het huis" in page.content.decode()

    assert client.post(CATEGORIES, {"name": "  Huisdieren   uitlaten "}).status_code == 302
    added = Category.objects.get(name="Huisdieren uitlaten")
    duplicate = client.post(CATEGORIES, {"name": "huisdieren uitlaten"})
    assert duplicate.status_code == 400
    assert "Deze naam staat al in de lijst." in duplicate.content.decode()
    assert client.post(CATEGORIES, {"name": ""}).status_code == 400

    rename = client.post(f"{CATEGORIES}{added.pk}/", {"action": "rename", "name": "Honden"})
    assert rename.status_code == 302
    assert client.post(f"{CATEGORIES}{added.pk}/", {"action": "off"}).status_code == 302
    added.refresh_from_db()
    assert added.name == "Honden" and not added.is_active
    assert client.post(f"{CATEGORIES}{added.pk}/", {"action": "weg"}).status_code == 400
    assert client.post(f"{CATEGORIES}{added.pk}/", {"action": "rename"}).status_code == 400
    assert "Honden" not in client.get("/vraag-en-aanbod/nieuw/").content.decode()


def test_buurtverbinder_keeps_the_parts_of_the_neighbourhood(buurtverbinder: User) -> None:
    client = client_for(buurtverbinder)

    assert client.post(AREAS, {"name": "Het Galgenveld"}).status_code == 302
    assert client.get(AREAS).status_code == 200
    assert Area.objects.filter(name="Het Galgenveld").exists()
    assert "Het Galgenveld" in client.get("/vraag-en-aanbod/nieuw/").content.decode()
    assert client.get("/buurtverbinder/vraag-en-aanbod/straten/").status_code == 404


def test_residents_cannot_keep_the_lists(resident: User) -> None:
    client = client_for(resident)

    assert client.get(CATEGORIES).status_code == 403
    assert client.post(AREAS, {"name": "Mijn straat"}).status_code == 403
    assert not Area.objects.filter(name="Mijn straat").exists()


def test_buurtverbinder_closes_hides_and_shows_any_post(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    post = make_post(resident, title="Koop mijn horloges")
    client = client_for(buurtverbinder)
    url = f"/buurtverbinder/vraag-en-aanbod/{post.pk}/"

    assert client_for(resident).post(url, {"action": "hide"}).status_code == 403
    assert client.post(url, {"action": "hide"}).status_code == 302
    assert client_for(neighbour).get(f"/vraag-en-aanbod/{post.pk}/").status_code == 404
    assert (
        "Koop mijn horloges" not in client_for(neighbour).get("/vraag-en-aanbod/").content.decode()
    )
    assert client.post(url, {"action": "show"}).status_code == 302
    assert client.post(url, {"action": "close"}).status_code == 302
    assert client.post(url, {"action": "verwijder"}).status_code == 400
    post.refresh_from_db()
    assert post.state == ContentState.VISIBLE
    assert post.closed_because == Post.ClosedBecause.MODERATOR


def test_a_post_can_be_reported_and_removed_through_moderation(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    post = make_post(resident, title="Verdacht aanbod", description="Bel 06-12345678")
    page = client_for(neighbour).get(f"/vraag-en-aanbod/{post.pk}/").content.decode()
    assert f"/melden/post/{post.pk}/" in page

    response = client_for(neighbour).post(f"/melden/post/{post.pk}/", {"reason": "spam"})
    assert response.status_code == 302
    report = Report.objects.get(kind="post", object_id=post.pk)
    assert "Verdacht aanbod" in report.snapshot and report.target_author == resident
    assert client_for(resident).get(f"/melden/post/{post.pk}/").status_code == 404  # own post

    decide_on_report(report, action="remove", reason="Reclame", acting_user=buurtverbinder)
    post.refresh_from_db()
    assert post.state == ContentState.REMOVED and post.description == ""
    assert not post.is_open


def test_the_home_page_shows_the_match_count_and_newest_posts(
    resident: User, neighbour: User, oost_client: Any
) -> None:
    before = selectors.match_count()
    post = make_post(resident, title="Wie repareert mijn fietsband?")
    react_to_post(post, body="Ik!", acting_user=neighbour)
    confirm_help(post, neighbour=neighbour, acting_user=neighbour)
    confirm_help(post, neighbour=neighbour, acting_user=resident)

    home = client_for(neighbour).get("/").content.decode()
    visitor = oost_client.get("/").content.decode()

    assert f"Buren hebben elkaar al {before + 1} keer geholpen" in home
    assert "Wie repareert mijn fietsband?" in home
    assert f"{before + 1} keer geholpen" in visitor
    assert "Wie repareert mijn fietsband?" not in visitor  # posts are for members


def test_posts_without_a_reaction_wait_on_the_buurtverbinder_home(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    lonely = make_post(resident, title="Niemand reageert")
    answered = make_post(resident, title="Wel een reactie")
    react_to_post(answered, body="Ik help", acting_user=neighbour)

    [section] = [s for s in sections_for(buurtverbinder) if s.key == "posts_without_reaction"]
    page = client_for(buurtverbinder).get("/buurtverbinder/").content.decode()

    assert section.count == 1
    assert [item.url for item in section.items] == [f"/vraag-en-aanbod/{lonely.pk}/"]
    assert "Niemand reageert" in page and "Wel een reactie" not in page


def test_monthly_counts_for_the_figures(resident: User, neighbour: User) -> None:
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    old = make_post(resident, title="Vorige maand")
    Post.objects.filter(pk=old.pk).update(
        created_at=timezone.make_aware(datetime.datetime.combine(last_month, datetime.time(12)))
    )
    make_post(resident, kind=Post.Kind.OFFER)
    post = make_post(resident)
    react_to_post(post, body="Ik help", acting_user=neighbour)
    confirm_help(post, neighbour=neighbour, acting_user=neighbour)
    confirm_help(post, neighbour=neighbour, acting_user=resident)
    make_post(resident, title="Te oud")  # counted in this month too

    counts = selectors.monthly_counts(since=last_month)

    assert counts["requests"] == {last_month: 1, this_month: 2}
    assert counts["offers"] == {this_month: 1}
    assert counts["matches"] == {this_month: 1}
    assert selectors.monthly_counts(since=this_month)["requests"] == {this_month: 2}


def test_the_digest_lists_new_posts_of_others(resident: User, neighbour: User) -> None:
    from digest.sections import sections_for as digest_sections

    since = timezone.now() - datetime.timedelta(days=7)
    make_post(neighbour, title="Soep voor de buren")
    make_post(resident, title="Mijn eigen vraag")

    [section] = [s for s in digest_sections(resident, since) if s.key == "exchange"]

    assert [item.title for item in section.items] == ["Soep voor de buren"]
    assert section.items[0].url.startswith("/vraag-en-aanbod/")


@pytest.mark.parametrize("count", [1, 8])
def test_choices_page_query_count_does_not_grow(
    buurtverbinder: User, count: int, django_assert_max_num_queries: Any
) -> None:
    for number in range(count):
        Area.objects.create(name=f"Deel {number}")
    client = client_for(buurtverbinder)
    client.get(AREAS)

    with django_assert_max_num_queries(20):
        assert client.get(AREAS).status_code == 200


def test_leaving_erases_posts_and_the_export_has_them(resident: User, neighbour: User) -> None:
    from members.actions import delete_account
    from members.selectors import export_member_data

    make_post(resident, title="Mijn vraag")
    exported = export_member_data(resident)["exchange"]
    assert [post["title"] for post in exported["posts"]] == ["Mijn vraag"]

    delete_account(resident, acting_user=resident)

    assert not Post.objects.filter(title="Mijn vraag").exists()
    assert make_member()  # the buurtsite carries on
