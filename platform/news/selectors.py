"""Reads for news: the published list, one article, its comments, drafts, the feed."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from clubs.models import Club
from moderation.models import ContentState
from news.models import Article, Comment

PAGE_SIZE = 10
FEED_SIZE = 20


def published_articles() -> QuerySet[Article]:
    """Published articles, newest first, with what the list shows (one query per page).

    The comment count is a correlated subquery rather than a JOIN with GROUP BY: PostgreSQL
    then reads the page's rows from the index and counts comments for those rows only.
    """
    visible_comments = (
        Comment.objects.filter(article=OuterRef("pk"), state=ContentState.VISIBLE)
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .select_related("author", "club")
        .annotate(comment_count=Coalesce(Subquery(visible_comments), 0))
        .order_by("-published_at", "-id")
    )


def articles_of_club(club: Club, *, limit: int = 5) -> list[Article]:
    return list(
        Article.objects.filter(status=Article.Status.PUBLISHED, club=club).order_by(
            "-published_at", "-id"
        )[:limit]
    )


def get_article(article_id: int) -> Article | None:
    return Article.objects.select_related("author", "club").filter(pk=article_id).first()


def drafts_for(user: User, *, everyone: bool) -> QuerySet[Article]:
    """Drafts the member may work on: their own, or (buurtverbinder) every draft."""
    drafts = Article.objects.filter(status=Article.Status.DRAFT).select_related("author", "club")
    if not everyone:
        drafts = drafts.filter(author=user)
    return drafts.order_by("-updated_at", "-id")


def comments_on(article: Article, *, include_hidden: bool) -> list[Comment]:
    comments = article.comments.select_related("author")
    if include_hidden:
        comments = comments.exclude(state=ContentState.REMOVED)
    else:
        comments = comments.filter(state=ContentState.VISIBLE)
    return list(comments.order_by("created_at", "id"))


def feed_articles() -> list[Article]:
    return list(published_articles()[:FEED_SIZE])


def news_data(member: User) -> dict[str, Any]:
    """news' part of the data export: the member's articles and comments."""
    return {
        "news_articles": [
            {
                "title": article.title,
                "status": article.status,
                "published": article.published_at.isoformat() if article.published_at else None,
            }
            for article in Article.objects.filter(author=member).order_by("created_at", "id")
        ],
        "news_comments": [
            {
                "article": comment.article_id,
                "text": comment.body,
                "written": comment.created_at.isoformat(),
                "state": comment.state,
            }
            for comment in Comment.objects.filter(author=member).order_by("created_at", "id")
        ],
    }
