"""Every page of clubs, news and the agenda, for a visitor and for a plain resident.

Reading is public on purpose; everything else sends a visitor to the sign-in page, and a
resident without the role gets a 403 (or a 404 for a draft, whose existence is not theirs to
know).
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.urls import URLResolver, get_resolver, resolve

from accounts.models import User
from agenda.actions import sign_up
from clubs.actions import join_club
from members.photos import prepare_photo
from members.selectors import export_member_data
from news.actions import ArticleDraft, add_comment, save_article
from news.models import Article
from tests.clubs.factories import make_activity, make_article, make_club
from tests.members.factories import client_for, image_upload, make_member


def _objects(buurtverbinder: User) -> dict[str, int]:
    club = make_club(acting_user=buurtverbinder)
    article = make_article(author=buurtverbinder)
    draft = make_article(author=buurtverbinder, publish=False)
    comment = add_comment(article, body="Hoi", acting_user=make_member())
    activity = make_activity(organiser=buurtverbinder, capacity=3)
    return {
        "club": club.pk,
        "article": article.pk,
        "draft": draft.pk,
        "comment": comment.pk,
        "activity": activity.pk,
    }


PUBLIC = [
    "/clubs/",
    "/clubs/{club}/",
    "/nieuws/",
    "/nieuws/rss/",
    "/nieuws/{article}/",
    "/agenda/",
    "/agenda/geweest/",
    "/agenda/agenda.ics",
    "/agenda/{activity}/",
    "/agenda/{activity}/agenda.ics",
]
MEMBERS_ONLY = [
    ("get", "/clubs/nieuw/"),
    ("get", "/clubs/{club}/wijzigen/"),
    ("get", "/clubs/{club}/beheerders/"),
    ("post", "/clubs/{club}/lid-worden/"),
    ("post", "/clubs/{club}/opzeggen/"),
    ("post", "/clubs/{club}/zichtbaarheid/"),
    ("get", "/nieuws/schrijven/"),
    ("get", "/nieuws/concepten/"),
    ("get", "/nieuws/{article}/wijzigen/"),
    ("post", "/nieuws/{article}/reageren/"),
    ("post", "/nieuws/reacties/{comment}/modereren/"),
    ("get", "/agenda/nieuw/"),
    ("get", "/agenda/{activity}/wijzigen/"),
    ("post", "/agenda/{activity}/aanmelden/"),
    ("post", "/agenda/{activity}/afmelden/"),
]
# What a resident (no role, not a club admin) gets on the member-only pages.
FOR_A_RESIDENT = {
    "/clubs/nieuw/": 403,
    "/clubs/{club}/wijzigen/": 403,
    "/clubs/{club}/beheerders/": 403,
    "/nieuws/schrijven/": 403,
    "/nieuws/concepten/": 403,
    "/nieuws/{article}/wijzigen/": 403,
    "/nieuws/reacties/{comment}/modereren/": 403,
    "/agenda/nieuw/": 403,
    "/agenda/{activity}/wijzigen/": 403,
}


def test_visitors_read_and_are_sent_to_sign_in_for_everything_else(
    buurtverbinder: User, oost_client: Any
) -> None:
    ids = _objects(buurtverbinder)

    public = {url: oost_client.get(url.format(**ids)).status_code for url in PUBLIC}
    private = {url: getattr(oost_client, method)(url.format(**ids)) for method, url in MEMBERS_ONLY}

    assert set(public.values()) == {200}, public
    assert oost_client.get(f"/nieuws/{ids['draft']}/").status_code == 404
    for url, response in private.items():
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/login/"), url


def test_residents_without_a_role_get_403_on_what_is_not_theirs(
    buurtverbinder: User, resident: User
) -> None:
    ids = _objects(buurtverbinder)
    client = client_for(resident)

    statuses = {
        url: getattr(client, method)(url.format(**ids)).status_code
        for method, url in MEMBERS_ONLY
        if url in FOR_A_RESIDENT
    }

    assert statuses == FOR_A_RESIDENT
    assert client.get(f"/nieuws/{ids['draft']}/wijzigen/").status_code == 404


def test_a_member_waiting_for_approval_cannot_take_part(buurtverbinder: User) -> None:
    ids = _objects(buurtverbinder)
    waiting = client_for(make_member(status="pending"))

    assert waiting.post(f"/agenda/{ids['activity']}/aanmelden/").status_code == 403
    assert waiting.post(f"/nieuws/{ids['article']}/reageren/", {"body": "Hoi"}).status_code == 403
    assert waiting.post(f"/clubs/{ids['club']}/lid-worden/").status_code == 403


def test_a_replaced_photo_is_removed_from_storage(
    buurtverbinder: User, django_capture_on_commit_callbacks: Any
) -> None:
    article = save_article(
        None,
        draft=ArticleDraft(
            title="Met foto",
            body="Tekst",
            photo=prepare_photo(image_upload()),
            photo_alt="Een plein",
        ),
        publish=True,
        acting_user=buurtverbinder,
    )
    first = article.photo.name
    assert default_storage.exists(first)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(buurtverbinder).post(
            f"/nieuws/{article.pk}/wijzigen/",
            {
                "title": "Met foto",
                "body": "Tekst",
                "photo": image_upload("nieuw.png"),
                "photo_alt": "Een nieuw plein",
                "publish": "1",
            },
        )

    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.photo.name != first and default_storage.exists(article.photo.name)
    assert not default_storage.exists(first)


def test_the_data_export_holds_comments_sign_ups_and_clubs(
    buurtverbinder: User, resident: User
) -> None:
    article = make_article(author=buurtverbinder)
    add_comment(article, body="Mijn reactie met één accent", acting_user=resident)
    sign_up(make_activity(organiser=buurtverbinder, title="Buurtbingo"), acting_user=resident)
    join_club(
        make_club(name="Breiclub Steek", acting_user=buurtverbinder),
        show_on_page=True,
        acting_user=resident,
    )

    data = export_member_data(resident)

    text = str(data)
    assert "Mijn reactie met één accent" in text
    assert "Buurtbingo" in text and "Breiclub Steek" in text


def test_no_page_of_clubs_news_or_the_agenda_is_left_out_of_these_tables() -> None:
    ids = {"club": 1, "article": 1, "draft": 1, "comment": 1, "activity": 1}
    covered = {
        resolve(url.format(**ids), urlconf="mijnbuurtje.urls").view_name
        for url in [*PUBLIC, *(url for _method, url in MEMBERS_ONLY)]
    }
    covered.add("news:photo")  # public for published articles: test_a_draft_is_seen_only_...
    every = {
        f"{resolver.app_name}:{pattern.name}"
        for resolver in get_resolver("mijnbuurtje.urls").url_patterns
        if isinstance(resolver, URLResolver) and resolver.app_name in {"clubs", "news", "agenda"}
        for pattern in resolver.url_patterns
    }

    assert every and every <= covered, every - covered
