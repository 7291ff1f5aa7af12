"""Comments on news: members only, bad input, rate limit, hiding and reporting."""

from __future__ import annotations

import time
from typing import Any

from accounts.models import User
from members.actions import delete_account
from moderation.models import ContentState, Report
from news.actions import COMMENT_RATE_LIMIT
from news.models import Comment
from tests.clubs.factories import make_article
from tests.members.factories import client_for, make_member


def test_a_member_comments_and_other_members_read_it(
    buurtverbinder: User, resident: User, neighbour: User, oost_client: Any
) -> None:
    article = make_article(author=buurtverbinder)

    response = client_for(resident).post(
        f"/nieuws/{article.pk}/reageren/", {"body": "Wat leuk! Ik neem taart mee. Één grote."}
    )

    comment = Comment.objects.get(article=article)
    assert response.status_code == 302
    assert response["Location"] == f"/nieuws/{article.pk}/#reactie-{comment.pk}"
    page = client_for(neighbour).get(f"/nieuws/{article.pk}/").content.decode()
    assert "Ik neem taart mee. Één grote." in page and "Ria Resident" in page
    # Visitors do not see members' comments or names.
    public = oost_client.get(f"/nieuws/{article.pk}/").content.decode()
    assert "taart" not in public and "Log in om reacties te lezen en te schrijven." in public


def test_visitors_cannot_comment(buurtverbinder: User, oost_client: Any) -> None:
    article = make_article(author=buurtverbinder)

    response = oost_client.post(f"/nieuws/{article.pk}/reageren/", {"body": "Spam"})

    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert not Comment.objects.filter(article=article).exists()


def test_bad_comments_are_refused_in_dutch(buurtverbinder: User, resident: User) -> None:
    article = make_article(author=buurtverbinder)
    draft = make_article(author=buurtverbinder, publish=False)
    client = client_for(resident)

    empty = client.post(f"/nieuws/{article.pk}/reageren/", {"body": "   "})
    too_long = client.post(f"/nieuws/{article.pk}/reageren/", {"body": "x" * 1001})
    on_draft = client.post(f"/nieuws/{draft.pk}/reageren/", {"body": "Hoi"})

    assert empty.status_code == 400 and "Schrijf eerst een reactie." in empty.content.decode()
    assert too_long.status_code == 400 and "1000" in too_long.content.decode()
    assert on_draft.status_code == 404
    assert not Comment.objects.filter(article__in=[article, draft]).exists()


def test_comments_are_rate_limited(buurtverbinder: User, resident: User) -> None:
    article = make_article(author=buurtverbinder)
    client = client_for(resident)
    allowed, seconds = COMMENT_RATE_LIMIT
    # The limit counts per fixed window: do not start just before a window ends.
    remaining = seconds - time.time() % seconds
    if remaining < 15:
        time.sleep(remaining + 0.1)

    for number in range(allowed):
        assert (
            client.post(f"/nieuws/{article.pk}/reageren/", {"body": f"Nr {number}"}).status_code
            == 302
        )
    refused = client.post(f"/nieuws/{article.pk}/reageren/", {"body": "Nog een"})

    assert refused.status_code == 429
    assert Comment.objects.filter(author=resident).count() == allowed


def test_the_buurtverbinder_hides_a_comment_and_shows_it_again(
    buurtverbinder: User, resident: User, neighbour: User
) -> None:
    article = make_article(author=buurtverbinder)
    client_for(resident).post(f"/nieuws/{article.pk}/reageren/", {"body": "Onaardige opmerking"})
    comment = Comment.objects.get(article=article)

    assert (
        client_for(neighbour)
        .post(f"/nieuws/reacties/{comment.pk}/modereren/", {"state": "hidden"})
        .status_code
        == 403
    )
    hide = client_for(buurtverbinder).post(
        f"/nieuws/reacties/{comment.pk}/modereren/", {"state": "hidden"}
    )
    assert hide.status_code == 302
    comment.refresh_from_db()
    assert comment.state == ContentState.HIDDEN
    assert (
        "Onaardige opmerking"
        not in client_for(neighbour).get(f"/nieuws/{article.pk}/").content.decode()
    )
    assert (
        "Onaardige opmerking"
        in client_for(buurtverbinder).get(f"/nieuws/{article.pk}/").content.decode()
    )

    bad = client_for(buurtverbinder).post(
        f"/nieuws/reacties/{comment.pk}/modereren/", {"state": "removed"}
    )
    assert bad.status_code == 400
    client_for(buurtverbinder).post(
        f"/nieuws/reacties/{comment.pk}/modereren/", {"state": "visible"}
    )
    comment.refresh_from_db()
    assert comment.state == ContentState.VISIBLE


def test_a_member_reports_a_comment_through_moderation(
    buurtverbinder: User, resident: User, neighbour: User
) -> None:
    article = make_article(author=buurtverbinder)
    client_for(resident).post(
        f"/nieuws/{article.pk}/reageren/", {"body": "Koop nu goedkope pillen"}
    )
    comment = Comment.objects.get(article=article)
    page = client_for(neighbour).get(f"/nieuws/{article.pk}/").content.decode()
    assert f"/melden/news_comment/{comment.pk}/" in page

    response = client_for(neighbour).post(
        f"/melden/news_comment/{comment.pk}/", {"reason": "spam", "explanation": ""}
    )

    assert response.status_code == 302
    report = Report.objects.get(kind="news_comment", object_id=comment.pk)
    assert report.target_author == resident and "goedkope pillen" in report.snapshot
    # The buurtverbinder's decision (remove) goes through news' own action.
    detail = client_for(buurtverbinder).get(f"/buurtverbinder/gemeld/{report.pk}/")
    assert detail.status_code == 200 and "goedkope pillen" in detail.content.decode()
    decided = client_for(buurtverbinder).post(
        f"/buurtverbinder/gemeld/{report.pk}/",
        {"action": "remove", "reason": "Reclame hoort hier niet."},
    )
    assert decided.status_code == 302
    comment.refresh_from_db()
    assert comment.state == ContentState.REMOVED and comment.body == ""
    assert (
        "goedkope pillen"
        not in client_for(neighbour).get(f"/nieuws/{article.pk}/").content.decode()
    )
    # One cannot report one's own comment.
    assert client_for(resident).get(f"/melden/news_comment/{comment.pk}/").status_code == 404


def test_leaving_the_buurtsite_erases_the_members_comments(
    buurtverbinder: User, resident: User
) -> None:
    article = make_article(author=buurtverbinder)
    client_for(resident).post(f"/nieuws/{article.pk}/reageren/", {"body": "Tot ziens"})
    member = make_member()
    client_for(member).post(f"/nieuws/{article.pk}/reageren/", {"body": "Blijf ik"})

    delete_account(resident, acting_user=resident)

    assert list(Comment.objects.filter(article=article).values_list("body", flat=True)) == [
        "Blijf ik"
    ]
