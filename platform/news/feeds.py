"""RSS 2.0 feed of a buurtsite's published news (Django's syndication framework)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext as _

from news import richtext
from news.models import Article
from news.selectors import feed_articles


class NewsFeed(Feed):  # type: ignore[type-arg]
    link = "/nieuws/"

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> None:
        return None

    def title(self) -> str:
        name = getattr(getattr(connection, "tenant", None), "name", "Mijnbuurtje")
        return _("News from %(buurtsite)s") % {"buurtsite": name}

    def description(self) -> str:
        return _("The latest neighbourhood news of this buurtsite.")

    def items(self) -> list[Article]:
        return feed_articles()

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # Sanitised HTML; feed readers escape it in <description> as RSS expects.
        return richtext.sanitise(item.body)

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        if item.club is not None:
            return item.club.name
        return item.author.display_name if item.author else None
