"""Matches: "Er is geholpen" on one side and a confirmation on the other count once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django_tenants.utils import tenant_context

from accounts.models import User
from exchange import selectors
from exchange.actions import confirm_help, react_to_post
from exchange.models import Match, Post
from members.actions import delete_account
from members.models import Notice
from tenants.models import Buurtsite
from tests.exchange.factories import make_post
from tests.members.factories import client_for, make_member

T = TypeVar("T")


def _reacted_post(author: User, neighbour: User, **fields: Any) -> Post:
    post = make_post(author, **fields)
    react_to_post(post, body="Ik kan helpen!", acting_user=neighbour)
    return post


def _mark(client: Any, post: Post, neighbour: User | None = None) -> int:
    data = {"neighbour": neighbour.pk} if neighbour is not None else {}
    response = client.post(f"/vraag-en-aanbod/{post.pk}/geholpen/", data)
    return int(response.status_code)


@pytest.mark.parametrize("author_first", [True, False])
def test_a_match_counts_when_both_sides_confirm_in_either_order(
    resident: User, neighbour: User, author_first: bool
) -> None:
    post = _reacted_post(resident, neighbour)
    author, helper = client_for(resident), client_for(neighbour)
    first, second = (author, helper) if author_first else (helper, author)

    assert _mark(first, post, neighbour) == 302
    assert selectors.match_count() == 0  # one side alone counts nothing
    other = neighbour if author_first else resident
    assert Notice.objects.filter(user=other, title__contains="zegt dat er geholpen is").exists()

    assert _mark(second, post, neighbour) == 302
    match = Match.objects.get()
    assert match.matched_at is not None
    assert selectors.match_count() == 1
    assert Notice.objects.filter(title="Goed gedaan: jullie hebben elkaar geholpen!").count() == 2


def test_a_second_confirmation_or_click_counts_once(resident: User, neighbour: User) -> None:
    post = _reacted_post(resident, neighbour)

    first = confirm_help(post, neighbour=neighbour, acting_user=resident)
    again = confirm_help(post, neighbour=neighbour, acting_user=resident)
    counted = confirm_help(post, neighbour=neighbour, acting_user=neighbour)
    once_more = confirm_help(post, neighbour=neighbour, acting_user=neighbour)
    and_again = confirm_help(post, neighbour=neighbour, acting_user=resident)

    assert [first.counted, again.counted, counted.counted] == [False, False, True]
    assert [once_more.counted, and_again.counted] == [False, False]
    assert Match.objects.count() == 1
    assert selectors.match_count() == 1


def test_one_side_alone_counts_nothing(resident: User, neighbour: User) -> None:
    post = _reacted_post(resident, neighbour)
    for _ in range(3):
        confirm_help(post, neighbour=neighbour, acting_user=neighbour)

    assert selectors.match_count() == 0


def test_each_neighbour_and_post_is_a_match_of_its_own(resident: User, neighbour: User) -> None:
    other = make_member(name="Olga Overbuur")
    first = _reacted_post(resident, neighbour, title="Eerste")
    second = _reacted_post(resident, neighbour, title="Tweede")
    react_to_post(first, body="Ik ook", acting_user=other)
    for post, helper in [(first, neighbour), (second, neighbour), (first, other)]:
        confirm_help(post, neighbour=helper, acting_user=resident)
        confirm_help(post, neighbour=helper, acting_user=helper)

    assert selectors.match_count() == 3


def test_only_the_two_concerned_can_confirm_and_only_after_a_reaction(
    resident: User, neighbour: User
) -> None:
    post = make_post(resident)
    stranger = make_member(name="Stan Vreemd")

    with pytest.raises(ValidationError, match="niet op dit bericht gereageerd"):
        confirm_help(post, neighbour=neighbour, acting_user=resident)
    react_to_post(post, body="Hoi", acting_user=neighbour)
    with pytest.raises(ValidationError, match="Alleen de twee buren"):
        confirm_help(post, neighbour=neighbour, acting_user=stranger)
    with pytest.raises(ValidationError):
        confirm_help(post, neighbour=resident, acting_user=resident)
    assert _mark(client_for(stranger), post, neighbour) == 400
    assert _mark(client_for(resident), post) == 400
    assert (
        client_for(resident)
        .post(f"/vraag-en-aanbod/{post.pk}/geholpen/", {"neighbour": "iemand"})
        .status_code
        == 400
    )
    assert not Match.objects.exists()


def _in_own_connection(work: Callable[[], T]) -> T:
    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.mark.django_db(transaction=False)
def test_two_confirmations_at_the_same_moment_count_once(oost: Buurtsite) -> None:
    """Both sides click at the same moment, in two real transactions: one match, counted once."""

    def write() -> tuple[int, int, int]:
        with tenant_context(oost):
            author = make_member(name="Gelijk Tijdig")
            helper = make_member(name="Snel Klikker")
            post = make_post(author, title="Tegelijk geholpen")
            react_to_post(post, body="Ik help", acting_user=helper)
            return post.pk, author.pk, helper.pk

    post_id, author_id, helper_id = _in_own_connection(write)
    barrier = threading.Barrier(4)

    def click(user_id: int) -> bool:
        try:
            with tenant_context(oost):
                post = Post.objects.get(pk=post_id)
                helper = User.objects.get(pk=helper_id)
                user = User.objects.get(pk=user_id)
                barrier.wait(timeout=10)
                return confirm_help(post, neighbour=helper, acting_user=user).counted
        finally:
            connections.close_all()

    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            counted = list(pool.map(click, [author_id, helper_id, author_id, helper_id]))

        def check() -> tuple[int, int]:
            with tenant_context(oost):
                matches = Match.objects.filter(post_id=post_id)
                return matches.count(), matches.filter(matched_at__isnull=False).count()

        assert counted.count(True) == 1
        assert _in_own_connection(check) == (1, 1)
    finally:

        def clean_up() -> None:
            with tenant_context(oost):
                Post.objects.filter(pk=post_id).delete()
                for user in User.objects.filter(pk__in=[author_id, helper_id]):
                    delete_account(user, acting_user=user)

        _in_own_connection(clean_up)


def test_after_a_match_the_author_may_close_or_keep_the_post_open(
    resident: User, neighbour: User
) -> None:
    post = _reacted_post(resident, neighbour)
    confirm_help(post, neighbour=neighbour, acting_user=resident)
    confirm_help(post, neighbour=neighbour, acting_user=neighbour)
    client = client_for(resident)

    page = client.get(f"/vraag-en-aanbod/{post.pk}/").content.decode()
    assert "Je hebt hulp gevonden. Je bericht sluiten?" in page
    post.refresh_from_db()
    assert post.is_open  # keeping it open needs nothing

    client.post(f"/vraag-en-aanbod/{post.pk}/sluiten/")
    post.refresh_from_db()
    assert post.status == Post.Status.CLOSED
    assert post.closed_because == Post.ClosedBecause.HELPED


def test_a_thank_you_shows_only_when_both_consent(resident: User, neighbour: User) -> None:
    post = _reacted_post(resident, neighbour)
    confirm_help(post, neighbour=neighbour, acting_user=neighbour)
    match = Match.objects.get()
    author, helper = client_for(resident), client_for(neighbour)
    # No thanks before the match counts.
    early = author.post(f"/vraag-en-aanbod/match/{match.pk}/bedankje/", {"text": "Dank!"})
    assert early.status_code == 400
    confirm_help(post, neighbour=neighbour, acting_user=resident)

    written = author.post(
        f"/vraag-en-aanbod/match/{match.pk}/bedankje/", {"text": "Dankjewel, lieve buurvrouw!"}
    )
    assert written.status_code == 302
    public = client_for(make_member(name="Piet Publiek"))
    assert (
        "Dankjewel, lieve buurvrouw!"
        not in public.get("/vraag-en-aanbod/bedankjes/").content.decode()
    )
    assert (
        "Dankjewel, lieve buurvrouw!"
        not in public.get(f"/vraag-en-aanbod/{post.pk}/").content.decode()
    )

    assert (
        helper.post(
            f"/vraag-en-aanbod/match/{match.pk}/toestemming/", {"consent": "ja"}
        ).status_code
        == 302
    )
    assert (
        "Dankjewel, lieve buurvrouw!" in public.get("/vraag-en-aanbod/bedankjes/").content.decode()
    )
    assert (
        "Dankjewel, lieve buurvrouw!" in public.get(f"/vraag-en-aanbod/{post.pk}/").content.decode()
    )

    # Either side can take it back; a new text needs the other's consent again.
    author.post(f"/vraag-en-aanbod/match/{match.pk}/toestemming/", {"consent": "nee"})
    assert "lieve buurvrouw" not in public.get("/vraag-en-aanbod/bedankjes/").content.decode()
    author.post(f"/vraag-en-aanbod/match/{match.pk}/toestemming/", {"consent": "ja"})
    assert "lieve buurvrouw" in public.get("/vraag-en-aanbod/bedankjes/").content.decode()
    helper.post(f"/vraag-en-aanbod/match/{match.pk}/bedankje/", {"text": "Graag gedaan!"})
    assert "Graag gedaan!" not in public.get("/vraag-en-aanbod/bedankjes/").content.decode()


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("bedankje", {"text": ""}, "Schrijf eerst een kort bedankje."),
        ("bedankje", {"text": "x" * 301}, "Je bedankje is te lang"),
        ("toestemming", {"consent": "misschien"}, "Kies een van de mogelijkheden."),
    ],
)
def test_bad_thanks_input_is_refused(
    resident: User, neighbour: User, url: str, data: dict[str, str], message: str
) -> None:
    post = _reacted_post(resident, neighbour)
    confirm_help(post, neighbour=neighbour, acting_user=resident)
    confirm_help(post, neighbour=neighbour, acting_user=neighbour)
    match = Match.objects.get()

    response = client_for(resident).post(f"/vraag-en-aanbod/match/{match.pk}/{url}/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    match.refresh_from_db()
    assert match.thanks == ""


def test_others_cannot_touch_a_match(resident: User, neighbour: User) -> None:
    post = _reacted_post(resident, neighbour)
    confirm_help(post, neighbour=neighbour, acting_user=resident)
    confirm_help(post, neighbour=neighbour, acting_user=neighbour)
    match = Match.objects.get()
    stranger = client_for(make_member())

    assert (
        stranger.post(f"/vraag-en-aanbod/match/{match.pk}/bedankje/", {"text": "Hallo"}).status_code
        == 404
    )
    assert (
        stranger.post(
            f"/vraag-en-aanbod/match/{match.pk}/toestemming/", {"consent": "ja"}
        ).status_code
        == 404
    )
