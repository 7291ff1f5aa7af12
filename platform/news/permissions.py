"""Who may write, change and see news. Roles come from members.permissions; club admins may
publish for their own club (clubs.permissions)."""

from __future__ import annotations

from accounts.models import User
from clubs.permissions import administers_a_club, is_club_admin
from members.permissions import AnyUser, can_moderate, can_publish_news, is_member
from news.models import Article


def can_write_news(user: AnyUser) -> bool:
    """Buurtverbinders, organisations and the municipality; club admins for their club."""
    return can_publish_news(user) or administers_a_club(user)


def can_edit_article(user: AnyUser, article: Article) -> bool:
    if not isinstance(user, User) or not is_member(user):
        return False
    if can_moderate(user):
        return True
    if article.club is not None and is_club_admin(user, article.club):
        return True
    return article.author_id == user.pk and can_write_news(user)


def can_see_article(user: AnyUser, article: Article) -> bool:
    """Published articles are public; a draft only for those who may change it."""
    return article.is_published or can_edit_article(user, article)


def can_comment(user: AnyUser) -> bool:
    return is_member(user)
