"""News on other pages: the weekly digest and a club's page."""

from __future__ import annotations

from datetime import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from clubs.models import Club
from clubs.pages import ClubPageItem, ClubPageSection
from digest.sections import DigestItem, DigestSection
from news.models import Article
from news.selectors import articles_of_club

SHOWN = 5


def news_digest_section(member: User, since: datetime) -> DigestSection | None:
    articles = list(
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=since).order_by(
            "-published_at", "-id"
        )[:SHOWN]
    )
    if not articles:
        return None
    return DigestSection(
        key="news",
        title=_("News from the buurt"),
        items=[
            DigestItem(title=article.title, url=article.get_absolute_url(), detail=article.summary)
            for article in articles
        ],
    )


def club_news_section(club: Club) -> ClubPageSection:
    return ClubPageSection(
        key="news",
        title=_("News of the club"),
        items=[
            ClubPageItem(
                title=article.title,
                url=article.get_absolute_url(),
                detail=date_format(article.published_at, "j F Y") if article.published_at else "",
            )
            for article in articles_of_club(club, limit=SHOWN)
        ],
        empty_text=_("This club has not published any news yet."),
    )
