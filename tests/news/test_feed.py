"""The RSS 2.0 feed: valid for feed readers (feedparser, no bozo), accents and dates intact."""

from __future__ import annotations

from typing import Any

import feedparser
from django_tenants.utils import tenant_context

from accounts.models import User
from news.models import Article
from tests.clubs.factories import make_article
from tests.members.factories import make_member


def test_the_feed_is_valid_rss_with_accents_and_only_published_news(
    buurtverbinder: User, oost_client: Any
) -> None:
    published = make_article(
        author=buurtverbinder,
        title="Café De Zwaan heropent: één feest!",
        body='<p>Kom naar de crème brûlée.</p><script>x()</script><a href="javascript:y()">z</a>',
    )
    make_article(author=buurtverbinder, title="Geheim concept", publish=False)

    response = oost_client.get("/nieuws/rss/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == "Nieuws uit Nijmegen-Oost"
    assert feed.feed.link == "http://oost.localhost/nieuws/"
    titles = [entry.title for entry in feed.entries]
    assert "Café De Zwaan heropent: één feest!" in titles
    assert "Geheim concept" not in titles
    [entry] = [entry for entry in feed.entries if entry.title.startswith("Café")]
    assert entry.link == f"http://oost.localhost/nieuws/{published.pk}/"
    assert "crème brûlée" in entry.summary
    assert "x()" not in entry.summary and "javascript" not in entry.summary
    published.refresh_from_db()
    assert published.published_at is not None
    assert entry.published_parsed[:6] == published.published_at.utctimetuple()[:6]


def test_news_pages_link_the_feed_visibly_and_for_feed_readers(
    buurtverbinder: User, oost_client: Any
) -> None:
    article = make_article(author=buurtverbinder)
    for url in ("/nieuws/", f"/nieuws/{article.pk}/"):
        page = oost_client.get(url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in page
    assert (
        'href="/nieuws/rss/">Volg het nieuws met RSS'
        in oost_client.get("/nieuws/").content.decode()
    )


def test_the_feed_shows_only_this_buurtsites_news(
    oost: Any, lindenholt: Any, lindenholt_client: Any
) -> None:
    with tenant_context(oost):
        make_article(author=make_member(role=User.Role.BUURTVERBINDER), title="Alleen in Oost")
    with tenant_context(lindenholt):
        feed = feedparser.parse(lindenholt_client.get("/nieuws/rss/").content)
        assert Article.objects.filter(title="Alleen in Oost").count() == 0
    assert feed.bozo == 0
    assert "Alleen in Oost" not in [entry.title for entry in feed.entries]
    assert feed.feed.title == "Nieuws uit Lindenholt"
