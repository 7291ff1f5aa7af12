"""An article or comment id of one buurtsite means nothing on another; nor does a session."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from members.photos import prepare_photo
from news.actions import ArticleDraft, add_comment, save_article
from news.models import Article, Comment
from tenants.models import Buurtsite
from tests.clubs.factories import make_article
from tests.clubs.isolation import made_only_in
from tests.conftest import LINDENHOLT_HOST
from tests.members.factories import client_for, image_upload, make_member


def test_article_and_comment_ids_of_one_buurtsite_are_unknown_on_another(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        writer = make_member(role=User.Role.BUURTVERBINDER)
        commenter = make_member()

    def article_with_photo() -> Article:
        return save_article(
            None,
            draft=ArticleDraft(
                title="Alleen Oost",
                body="Tekst",
                photo=prepare_photo(image_upload()),
                photo_alt="x",
            ),
            publish=True,
            acting_user=writer,
        )

    article = made_only_in(oost, lindenholt, article_with_photo)
    comment = made_only_in(
        oost,
        lindenholt,
        lambda: add_comment(article, body="Hoi", acting_user=commenter),
    )
    with tenant_context(lindenholt):
        client = client_for(make_member(role=User.Role.BUURTVERBINDER), LINDENHOLT_HOST)
        gets = [
            f"/nieuws/{article.pk}/",
            f"/nieuws/{article.pk}/foto/",
            f"/nieuws/{article.pk}/wijzigen/",
        ]
        posts = [
            f"/nieuws/{article.pk}/wijzigen/",
            f"/nieuws/{article.pk}/reageren/",
            f"/nieuws/reacties/{comment.pk}/modereren/",
        ]
        statuses = {f"GET {url}": client.get(url).status_code for url in gets}
        statuses |= {
            f"POST {url}": client.post(url, {"body": "x", "state": "hidden"}).status_code
            for url in posts
        }
        statuses[f"report {comment.pk}"] = client.get(
            f"/melden/news_comment/{comment.pk}/"
        ).status_code
        listing = client.get("/nieuws/").content.decode()
        feed = client.get("/nieuws/rss/").content.decode()

    assert set(statuses.values()) == {404}, statuses
    assert "Alleen Oost" not in listing and "Alleen Oost" not in feed
    with tenant_context(oost):
        assert Comment.objects.get(pk=comment.pk).state == "visible"


def test_an_oost_session_cannot_comment_on_lindenholt(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        session = client_for(make_member()).cookies[settings.SESSION_COOKIE_NAME].value
    with tenant_context(lindenholt):
        article = make_article(author=make_member(role=User.Role.BUURTVERBINDER))
        stranger = Client(HTTP_HOST=LINDENHOLT_HOST)
        stranger.cookies[settings.SESSION_COOKIE_NAME] = session
        response = stranger.post(f"/nieuws/{article.pk}/reageren/", {"body": "Hoi"})
        assert not Comment.objects.filter(article=article).exists()

    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
