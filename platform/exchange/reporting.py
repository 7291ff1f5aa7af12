"""Requests and offers as reportable content: any member who can see one can report it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from exchange.actions import set_post_state
from exchange.models import Post
from moderation.models import ContentState
from moderation.registry import Moderatable


def _get(object_id: int) -> Post | None:
    return Post.objects.select_related("author").filter(pk=object_id).first()


def _visible_to(user: User, post: Post) -> bool:
    return post.author_id != user.pk and post.state == ContentState.VISIBLE


def _set_state(post: Post, state: str, acting_user: User) -> None:
    set_post_state(post, state=state, acting_user=acting_user)


POSTS = Moderatable(
    kind="post",
    label=_("request or offer"),
    get=_get,
    author=lambda post: post.author,
    excerpt=lambda post: f"{post.title}\n\n{post.description}",
    visible_to=_visible_to,
    state=lambda post: post.state,
    set_state=_set_state,
    url=lambda post: f"/vraag-en-aanbod/{post.pk}/",
)
