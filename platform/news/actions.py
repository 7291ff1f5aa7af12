"""Writes for news: writing and publishing articles, comments and their moderation."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from clubs.models import Club
from clubs.selectors import clubs_for_publishing
from members.permissions import can_publish_news
from members.ratelimit import allow
from moderation.models import ContentState
from news import richtext
from news.models import Article, Comment
from news.permissions import can_comment, can_edit_article

logger = logging.getLogger(__name__)

COMMENT_MAX_LENGTH = 1000
# Per member, in the buurtsite's own cache: (how many comments, per how many seconds).
COMMENT_RATE_LIMIT = (10, 600)


class RateLimited(Exception):
    """The member wrote too many comments in a short time."""


@dataclass(frozen=True)
class ArticleDraft:
    title: str
    body: str
    summary: str = ""
    club: Club | None = None
    photo_alt: str = ""
    # A photo already checked and re-encoded (members.photos.prepare_photo), or None.
    photo: ContentFile[bytes] | None = None
    remove_photo: bool = False


def _check_may_publish_for(club: Club | None, acting_user: User) -> None:
    if club is None:
        if not can_publish_news(acting_user):
            raise ValidationError(_("Choose the club you write this article for."))
    elif not clubs_for_publishing(acting_user).filter(pk=club.pk).exists():
        raise ValidationError(_("You cannot publish news for this club."))


@transaction.atomic
def save_article(
    article: Article | None, *, draft: ArticleDraft, publish: bool, acting_user: User
) -> Article:
    """Create or change an article; `publish` publishes it (or keeps it published), otherwise
    it is (or goes back to being) a draft. Raises ValidationError in Dutch; nothing is saved."""
    if article is not None and not can_edit_article(acting_user, article):
        raise ValidationError(_("You cannot change this article."))
    _check_may_publish_for(draft.club, acting_user)
    body = richtext.prepare(draft.body)
    if not richtext.plain_text(body):
        raise ValidationError(_("Write the text of the article."))
    has_photo = draft.photo is not None or (
        article is not None and bool(article.photo) and not draft.remove_photo
    )
    if has_photo and not draft.photo_alt.strip():
        raise ValidationError(
            _("Describe in a few words what the photo shows, for neighbours who cannot see it.")
        )

    if article is None:
        article = Article(author=acting_user)
    article.title = draft.title.strip()
    article.summary = draft.summary.strip()
    article.body = body
    article.club = draft.club
    article.photo_alt = draft.photo_alt.strip() if has_photo else ""
    if article.photo and (draft.remove_photo or draft.photo is not None):
        # Deleted only once the new state is committed, so a failed save keeps the old one.
        old_name = article.photo.name
        storage = article.photo.storage
        transaction.on_commit(lambda: storage.delete(old_name))
        article.photo = None
    if draft.photo is not None:
        article.photo.save(f"{uuid.uuid4().hex}.jpg", draft.photo, save=False)
    if publish:
        article.status = Article.Status.PUBLISHED
        article.published_at = article.published_at or timezone.now()
    else:
        article.status = Article.Status.DRAFT
    article.save()
    logger.info(
        "News article saved",
        extra={"article_id": article.pk, "status": article.status, "user_id": acting_user.pk},
    )
    return article


@transaction.atomic
def add_comment(article: Article, *, body: str, acting_user: User) -> Comment:
    """A member's comment on a published article. Raises ValidationError or RateLimited."""
    body = body.strip()
    if not can_comment(acting_user) or not article.is_published:
        raise ValidationError(_("You cannot comment on this article."))
    if not body:
        raise ValidationError(_("Write a comment first."))
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            _("Your comment is too long. Use at most %(count)s characters.")
            % {"count": COMMENT_MAX_LENGTH}
        )
    if not allow("news-comment", acting_user.pk, limit=COMMENT_RATE_LIMIT):
        raise RateLimited
    comment = Comment.objects.create(article=article, author=acting_user, body=body)
    logger.info("News comment added", extra={"comment_id": comment.pk, "article_id": article.pk})
    return comment


@transaction.atomic
def set_comment_state(comment: Comment, *, state: str, acting_user: User) -> Comment:
    """Moderation: hide, show again, or remove (the text is erased for good)."""
    comment.state = state
    fields = ["state"]
    if state == ContentState.REMOVED:
        comment.body = ""
        fields.append("body")
    comment.save(update_fields=fields)
    logger.info(
        "News comment moderated",
        extra={"comment_id": comment.pk, "state": state, "user_id": acting_user.pk},
    )
    return comment


def erase_news_data(member: User) -> None:
    """Leaving: the member's comments go. Articles stay (written for the buurt by someone in a
    role), without the author."""
    Comment.objects.filter(author=member).delete()
