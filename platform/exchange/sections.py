"""exchange's parts of other pages: the buurtverbinder home and the weekly digest."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from digest.sections import DigestItem, DigestSection
from exchange.models import Post
from exchange.selectors import new_posts_since, posts_without_reaction
from members.attention import Attention, AttentionItem

SHOWN = 5


def posts_without_reaction_section(user: User) -> Attention:
    waiting = list(posts_without_reaction()[: SHOWN + 1])
    count = posts_without_reaction().count() if len(waiting) > SHOWN else len(waiting)
    return Attention(
        key="posts_without_reaction",
        title=_("Requests and offers without a reaction"),
        count=count,
        items=[
            AttentionItem(
                text=post.title,
                url=f"/vraag-en-aanbod/{post.pk}/",
                detail=_("posted on %(date)s") % {"date": date_format(post.created_at, "j F Y")},
            )
            for post in waiting[:SHOWN]
        ],
        url="/vraag-en-aanbod/",
        link_text=_("All requests and offers"),
        empty_text=_("Every open request and offer has a reaction."),
    )


def new_posts_digest(member: User, since: datetime.datetime) -> DigestSection | None:
    posts = new_posts_since(since, viewer=member)
    if not posts:
        return None
    return DigestSection(
        key="exchange",
        title=_("New requests and offers"),
        items=[
            DigestItem(
                title=post.title,
                url=f"/vraag-en-aanbod/{post.pk}/",
                detail=str(Post.Kind(post.kind).label) + " · " + post.category.name,
            )
            for post in posts
        ],
    )
