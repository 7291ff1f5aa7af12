"""Comments on news as reportable content: any member who can read one can report it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from moderation.models import ContentState
from moderation.registry import Moderatable
from news.actions import set_comment_state
from news.models import Comment
from news.permissions import can_comment


def _get(object_id: int) -> Comment | None:
    return Comment.objects.select_related("author", "article").filter(pk=object_id).first()


def _visible_to(user: User, comment: Comment) -> bool:
    return (
        comment.author_id != user.pk
        and comment.state == ContentState.VISIBLE
        and comment.article.is_published
        and can_comment(user)
    )


def _set_state(comment: Comment, state: str, acting_user: User) -> None:
    set_comment_state(comment, state=state, acting_user=acting_user)


COMMENTS = Moderatable(
    kind="news_comment",
    label=_("comment on a news article"),
    get=_get,
    author=lambda comment: comment.author,
    excerpt=lambda comment: comment.body,
    visible_to=_visible_to,
    state=lambda comment: comment.state,
    set_state=_set_state,
    url=lambda comment: f"/nieuws/{comment.article_id}/#reactie-{comment.pk}",
)
