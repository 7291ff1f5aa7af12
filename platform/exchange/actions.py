"""Writes for vraag en aanbod: posting, reacting, confirming help, thanks, expiry, moderation.

Every function runs in the active buurtsite's schema, in one transaction; e-mail and tasks go
out on commit. Refusals are ValidationErrors with a Dutch reason (or RateLimited).
"""

from __future__ import annotations

import datetime
import logging
import uuid
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from exchange.models import Area, Category, ChoiceItem, Match, Post, Reaction
from members.actions import notify
from members.models import NoticeKind
from members.permissions import is_member
from members.photos import prepare_photo
from members.ratelimit import allow
from messaging.actions import MessageRefused, RateLimited, send_message
from moderation.models import ContentState

logger = logging.getLogger(__name__)

DEFAULT_OPEN_DAYS = 30
MAX_OPEN_DAYS = 90
REMIND_DAYS_BEFORE = 3
POST_RATE_LIMIT = (10, 3600)
PHOTO_DIR = "vraag-en-aanbod"
REACTION_MAX_LENGTH = 1500
THANKS_MAX_LENGTH = 300

DEFAULT_CATEGORIES = [
    "Klusjes in en om het huis",
    "Gezelschap en een praatje",
    "Vervoer en boodschappen",
    "Tuin en groen",
    "Computer en telefoon",
    "Oppassen op kinderen of huisdieren",
    "Koken en eten",
    "Taal en formulieren",
    "Verhuizen en sjouwen",
    "Iets anders",
]

__all__ = ["MessageRefused", "RateLimited"]

Choice = TypeVar("Choice", bound=ChoiceItem)


@dataclass(frozen=True)
class PostInput:
    """What the author fills in; the view's form has checked each field."""

    kind: str
    category: Category
    title: str
    description: str
    area: Area | None = None
    when: datetime.date | None = None
    open_days: int = DEFAULT_OPEN_DAYS


# Posting ------------------------------------------------------------------------------------


@transaction.atomic
def create_post(*, data: PostInput, acting_user: User, photo: UploadedFile | None = None) -> Post:
    """A member asks or offers help. Raises ValidationError or RateLimited; saves nothing then."""
    if not is_member(acting_user):
        raise ValidationError(_("Only members can ask or offer help."))
    _check_input(data)
    stored_photo = _store_photo(photo) if photo is not None else ""
    if not allow("exchange-post", acting_user.pk, limit=POST_RATE_LIMIT):
        raise RateLimited
    post = Post.objects.create(
        kind=data.kind,
        author=acting_user,
        category=data.category,
        area=data.area,
        title=data.title.strip(),
        description=data.description.strip(),
        when=data.when,
        expires_at=timezone.now() + datetime.timedelta(days=data.open_days),
        photo=stored_photo,
    )
    record_search_words(post)
    logger.info("Post created", extra={"post_id": post.pk, "kind": post.kind})
    return post


@transaction.atomic
def update_post(
    post: Post,
    *,
    data: PostInput,
    acting_user: User,
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
) -> Post:
    """The author changes their post; the open period counts again from today."""
    post = _locked_own_post(post, acting_user)
    _check_input(data)
    old_photo = post.photo
    if photo is not None:
        post.photo = _store_photo(photo)
    elif remove_photo:
        post.photo = ""
    post.kind = data.kind
    post.category = data.category
    post.area = data.area
    post.title = data.title.strip()
    post.description = data.description.strip()
    post.when = data.when
    if post.is_open:
        post.expires_at = timezone.now() + datetime.timedelta(days=data.open_days)
        post.reminded_at = None
    post.save()
    record_search_words(post)
    if old_photo and old_photo != post.photo:
        transaction.on_commit(lambda: default_storage.delete(old_photo))
    logger.info("Post updated", extra={"post_id": post.pk})
    return post


_WORDS_SQL = """
    INSERT INTO exchange_searchword (word)
    SELECT DISTINCT lexeme
    FROM unnest(to_tsvector('simple', public.unaccent(%s)))
    WHERE length(lexeme) BETWEEN 4 AND 60
    ON CONFLICT DO NOTHING
"""


def record_search_words(post: Post) -> None:
    """Add the words of the post to the list a search with a typing mistake looks in."""
    with connection.cursor() as cursor:
        cursor.execute(_WORDS_SQL, [f"{post.title} {post.description}"])


def record_all_search_words() -> None:
    """Fill the word list from every post at once (after a bulk import)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO exchange_searchword (word)
            SELECT DISTINCT lexeme
            FROM exchange_post,
                unnest(to_tsvector('simple', public.unaccent(title || ' ' || description)))
            WHERE length(lexeme) BETWEEN 4 AND 60
            ON CONFLICT DO NOTHING
            """
        )


def _check_input(data: PostInput) -> None:
    errors: dict[str, str] = {}
    if data.kind not in Post.Kind.values:
        errors["kind"] = _("Choose whether you ask or offer help.")
    if not data.category.is_active:
        errors["category"] = _("Choose one of the categories.")
    if data.area is not None and not data.area.is_active:
        errors["area"] = _("Choose one of the parts of the neighbourhood.")
    if not data.title.strip():
        errors["title"] = _("Write a short title.")
    if not data.description.strip():
        errors["description"] = _("Describe what you ask or offer.")
    if not 1 <= data.open_days <= MAX_OPEN_DAYS:
        errors["open_days"] = _("Choose at most %(days)s days.") % {"days": MAX_OPEN_DAYS}
    if data.when is not None and data.when < timezone.localdate():
        errors["when"] = _("Choose a day from today onwards, or leave it empty.")
    if errors:
        raise ValidationError(errors)


def _store_photo(upload: UploadedFile) -> str:
    """Check and re-encode (raises ValidationError); the name under this buurtsite's media."""
    photo = prepare_photo(upload)
    return default_storage.save(f"{PHOTO_DIR}/{uuid.uuid4().hex}.jpg", photo)


def _locked_own_post(post: Post, acting_user: User) -> Post:
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if locked.author_id != acting_user.pk:
        raise ValidationError(_("Only the author can change this."))
    if locked.state == ContentState.REMOVED:
        raise ValidationError(_("The buurtverbinder has removed this post."))
    return locked


@transaction.atomic
def withdraw_post(post: Post, *, acting_user: User) -> Post:
    """The author takes the post back: it closes and disappears from the lists of open posts."""
    return _close(_locked_own_post(post, acting_user), because=Post.ClosedBecause.WITHDRAWN)


@transaction.atomic
def close_post(post: Post, *, acting_user: User) -> Post:
    """The author closes the post, for instance after a match."""
    locked = _locked_own_post(post, acting_user)
    helped = locked.matches.filter(matched_at__isnull=False).exists()
    because = Post.ClosedBecause.HELPED if helped else Post.ClosedBecause.AUTHOR
    return _close(locked, because=because)


@transaction.atomic
def reopen_post(post: Post, *, acting_user: User) -> Post:
    """The author opens a closed post again, for another DEFAULT_OPEN_DAYS."""
    locked = _locked_own_post(post, acting_user)
    if locked.is_open:
        return locked
    locked.status = Post.Status.OPEN
    locked.closed_at = None
    locked.closed_because = ""
    locked.expires_at = timezone.now() + datetime.timedelta(days=DEFAULT_OPEN_DAYS)
    locked.reminded_at = None
    locked.expiry_asked_at = None
    locked.save()
    logger.info("Post reopened", extra={"post_id": locked.pk})
    return locked


@transaction.atomic
def extend_post(post: Post, *, days: int, acting_user: User) -> Post:
    """Keep the post open `days` longer, counted from today (at most MAX_OPEN_DAYS)."""
    if not 1 <= days <= MAX_OPEN_DAYS:
        raise ValidationError(_("Choose at most %(days)s days.") % {"days": MAX_OPEN_DAYS})
    locked = _locked_own_post(post, acting_user)
    if not locked.is_open:
        raise ValidationError(_("This post is closed. Open it again first."))
    locked.expires_at = timezone.now() + datetime.timedelta(days=days)
    locked.reminded_at = None
    locked.save(update_fields=["expires_at", "reminded_at", "updated_at"])
    logger.info("Post extended", extra={"post_id": locked.pk, "days": days})
    return locked


def _close(post: Post, *, because: str) -> Post:
    if post.is_open:
        post.status = Post.Status.CLOSED
        post.closed_at = timezone.now()
        post.closed_because = because
        post.save(update_fields=["status", "closed_at", "closed_because", "updated_at"])
        logger.info("Post closed", extra={"post_id": post.pk, "because": because})
    return post


# Reacting -----------------------------------------------------------------------------------


@transaction.atomic
def react_to_post(post: Post, *, body: str, acting_user: User) -> Reaction:
    """Start (or continue) the private conversation with the author about `post`.

    Raises ValidationError (own post, closed, hidden), MessageRefused (blocked, empty, too
    long) or RateLimited, as messages do; nothing is saved then.
    """
    post = Post.objects.select_for_update().get(pk=post.pk)
    body = body.strip()
    if post.author_id == acting_user.pk:
        raise ValidationError(_("You cannot react to your own post."))
    if not post.is_open or post.state != ContentState.VISIBLE:
        raise ValidationError(_("This post is closed: you can no longer react to it."))
    if not body:
        raise ValidationError(_("Write a message first."))
    if len(body) > REACTION_MAX_LENGTH:
        raise ValidationError(
            _("Your message is too long. Use at most %(count)s characters.")
            % {"count": REACTION_MAX_LENGTH}
        )
    if not is_member(acting_user):
        raise ValidationError(_("Only members can react."))
    intro = _("About your post “%(title)s” (/vraag-en-aanbod/%(id)s/):") % {
        "title": post.title,
        "id": post.pk,
    }
    message = send_message(post.author, body=f"{intro}\n\n{body}", acting_user=acting_user)
    reaction, created = Reaction.objects.get_or_create(
        post=post, member=acting_user, defaults={"conversation_id": message.conversation_id}
    )
    if not created and reaction.conversation_id != message.conversation_id:
        reaction.conversation_id = message.conversation_id
        reaction.save(update_fields=["conversation"])
    logger.info("Reaction sent", extra={"post_id": post.pk, "reaction_id": reaction.pk})
    return reaction


# Matches ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Confirmation:
    match: Match
    # True only for the one call that made the match count.
    counted: bool


def confirm_help(post: Post, *, neighbour: User, acting_user: User) -> Confirmation:
    """One side says "Er is geholpen". The match counts once the other side says so too.

    Either side may be first; a second click, a second confirmation or two at the same moment
    count once: the row is unique per post and neighbour and locked while it changes.
    """
    try:
        return _confirm_help(post, neighbour=neighbour, acting_user=acting_user)
    except IntegrityError:
        # Someone created the same match at the same moment: now it exists, lock it.
        return _confirm_help(post, neighbour=neighbour, acting_user=acting_user)


@transaction.atomic
def _confirm_help(post: Post, *, neighbour: User, acting_user: User) -> Confirmation:
    if neighbour.pk == post.author_id:
        raise ValidationError(_("Choose the neighbour who helped or was helped."))
    if acting_user.pk not in {post.author_id, neighbour.pk}:
        raise ValidationError(_("Only the two neighbours concerned can say this."))
    if not Reaction.objects.filter(post=post, member=neighbour).exists():
        raise ValidationError(_("This neighbour has not reacted to this post."))

    match, _created = Match.objects.get_or_create(post=post, neighbour=neighbour)
    match = Match.objects.select_for_update().select_related("post").get(pk=match.pk)
    now = timezone.now()
    by_author = acting_user.pk == post.author_id
    if by_author and match.author_confirmed_at is None:
        match.author_confirmed_at = now
    elif not by_author and match.neighbour_confirmed_at is None:
        match.neighbour_confirmed_at = now
    counted = (
        match.matched_at is None
        and match.author_confirmed_at is not None
        and match.neighbour_confirmed_at is not None
    )
    if counted:
        match.matched_at = now
    match.save()

    other = neighbour if by_author else post.author
    link = f"/vraag-en-aanbod/{post.pk}/"
    if counted:
        for member in (post.author, neighbour):
            notify(
                member,
                kind=NoticeKind.MESSAGES,
                title=_("Well done: you helped each other!"),
                body=_("You both said that help took place for “%(title)s”.")
                % {"title": post.title},
                url=link,
            )
        logger.info("Match counted", extra={"match_id": match.pk, "post_id": post.pk})
    elif match.matched_at is None:
        notify(
            other,
            kind=NoticeKind.MESSAGES,
            title=_("%(name)s says help took place") % {"name": acting_user.display_name},
            body=_("Is that right? Confirm it on the page of “%(title)s”.") % {"title": post.title},
            url=link,
        )
        logger.info("Help confirmed by one side", extra={"match_id": match.pk})
    return Confirmation(match=match, counted=counted)


@transaction.atomic
def write_thanks(match: Match, *, text: str, acting_user: User) -> Match:
    """A public thank-you; shown once both agree, so the other side is asked again."""
    match = _locked_match_of(match, acting_user)
    text = " ".join(text.split())
    if not text:
        raise ValidationError(_("Write a short thank-you first."))
    if len(text) > THANKS_MAX_LENGTH:
        raise ValidationError(
            _("Your thank-you is too long. Use at most %(count)s characters.")
            % {"count": THANKS_MAX_LENGTH}
        )
    by_author = acting_user.pk == match.post.author_id
    match.thanks = text
    match.thanks_by = acting_user
    match.thanks_at = timezone.now()
    match.author_consents = by_author
    match.neighbour_consents = not by_author
    match.save()
    other = match.neighbour if by_author else match.post.author
    notify(
        other,
        kind=NoticeKind.MESSAGES,
        title=_("May everyone see this thank-you?"),
        body=match.thanks,
        url=f"/vraag-en-aanbod/{match.post_id}/",
    )
    logger.info("Thank-you written", extra={"match_id": match.pk})
    return match


@transaction.atomic
def set_thanks_consent(match: Match, *, consent: bool, acting_user: User) -> Match:
    match = _locked_match_of(match, acting_user)
    if not match.thanks:
        raise ValidationError(_("There is no thank-you yet."))
    if acting_user.pk == match.post.author_id:
        match.author_consents = consent
    else:
        match.neighbour_consents = consent
    match.save(update_fields=["author_consents", "neighbour_consents"])
    logger.info("Thank-you consent set", extra={"match_id": match.pk, "consent": consent})
    return match


def _locked_match_of(match: Match, acting_user: User) -> Match:
    locked = Match.objects.select_for_update().select_related("post", "neighbour").get(pk=match.pk)
    if acting_user.pk not in {locked.post.author_id, locked.neighbour_id}:
        raise ValidationError(_("Only the two neighbours concerned can do this."))
    if locked.matched_at is None:
        raise ValidationError(_("You can thank each other once you both said help took place."))
    return locked


# Expiry ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpiryRun:
    reminded: int
    closed: int


def remind_and_close_posts(*, now: datetime.datetime | None = None) -> ExpiryRun:
    """Remind authors a few days before their post closes; close expired posts and ask the
    author whether help was found. Each post gets each message once, however often this runs.
    """
    now = now or timezone.now()
    reminded = 0
    with transaction.atomic():
        soon = (
            Post.objects.select_for_update(skip_locked=True)
            .select_related("author")
            .filter(
                status=Post.Status.OPEN,
                state=ContentState.VISIBLE,
                reminded_at__isnull=True,
                expires_at__gt=now,
                expires_at__lte=now + datetime.timedelta(days=REMIND_DAYS_BEFORE),
            )
        )
        for post in soon:
            post.reminded_at = now
            post.save(update_fields=["reminded_at"])
            notify(
                post.author,
                kind=NoticeKind.MESSAGES,
                title=_("Your post closes soon"),
                body=_(
                    "“%(title)s” closes in a few days. Still need it? Keep it open longer on "
                    "its page."
                )
                % {"title": post.title},
                url=f"/vraag-en-aanbod/{post.pk}/",
            )
            reminded += 1

    closed = 0
    with transaction.atomic():
        expired = (
            Post.objects.select_for_update(skip_locked=True)
            .select_related("author")
            .filter(status=Post.Status.OPEN, expires_at__lte=now)
        )
        for post in expired:
            _close(post, because=Post.ClosedBecause.EXPIRED)
            closed += 1
            if post.expiry_asked_at is not None or post.state != ContentState.VISIBLE:
                continue
            post.expiry_asked_at = now
            post.save(update_fields=["expiry_asked_at"])
            notify(
                post.author,
                kind=NoticeKind.MESSAGES,
                title=_("Did a neighbour help you?"),
                body=_(
                    "“%(title)s” has closed. If a neighbour helped, tell us: it counts for "
                    "the whole neighbourhood."
                )
                % {"title": post.title},
                url=f"/vraag-en-aanbod/{post.pk}/geholpen/",
            )
    logger.info("Post expiry handled", extra={"reminded": reminded, "closed": closed})
    return ExpiryRun(reminded=reminded, closed=closed)


# Moderation -----------------------------------------------------------------------------------


@transaction.atomic
def set_post_state(post: Post, *, state: str, acting_user: User) -> Post:
    """The buurtverbinder hides, shows again or removes a post (its text and photo go)."""
    if state not in ContentState.values:
        raise ValidationError(_("Choose what should happen."))
    locked = Post.objects.select_for_update().get(pk=post.pk)
    locked.state = state
    old_photo = locked.photo
    if state == ContentState.REMOVED:
        locked.description = ""
        locked.photo = ""
        _close(locked, because=Post.ClosedBecause.MODERATOR)
    locked.save()
    if state == ContentState.REMOVED and old_photo:
        transaction.on_commit(lambda: default_storage.delete(old_photo))
    logger.info(
        "Post state set",
        extra={"post_id": locked.pk, "state": state, "acting_user_id": acting_user.pk},
    )
    return locked


@transaction.atomic
def close_post_as_moderator(post: Post, *, acting_user: User) -> Post:
    locked = Post.objects.select_for_update().get(pk=post.pk)
    logger.info("Post closed by buurtverbinder", extra={"acting_user_id": acting_user.pk})
    return _close(locked, because=Post.ClosedBecause.MODERATOR)


# Categories and parts of the neighbourhood ----------------------------------------------------


@transaction.atomic
def add_choice(model: type[Choice], *, name: str, acting_user: User | None = None) -> Choice:
    name = " ".join(name.split())
    _check_choice_name(model, name)
    position = (model.objects.aggregate(last=Max("position"))["last"] or 0) + 1
    item = model.objects.create(name=name, position=position)
    logger.info("Choice added", extra={"model": model.__name__, "choice_id": item.pk})
    return item


@transaction.atomic
def rename_choice(item: Choice, *, name: str, acting_user: User) -> Choice:
    name = " ".join(name.split())
    _check_choice_name(type(item), name, exclude=item.pk)
    item.name = name
    item.save(update_fields=["name"])
    logger.info("Choice renamed", extra={"model": type(item).__name__, "choice_id": item.pk})
    return item


@transaction.atomic
def set_choice_active(item: Choice, *, active: bool, acting_user: User) -> Choice:
    """Switched off, a choice is no longer offered; posts that use it keep it."""
    item.is_active = active
    item.save(update_fields=["is_active"])
    logger.info("Choice switched", extra={"choice_id": item.pk, "active": active})
    return item


def _check_choice_name(model: type[ChoiceItem], name: str, *, exclude: int | None = None) -> None:
    if not name:
        raise ValidationError(_("Write a name."))
    if len(name) > 60:
        raise ValidationError(_("Use at most 60 characters."))
    same = model.objects.annotate(lower=Lower("name")).filter(lower=name.lower())
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ValidationError(_("This name is in the list already."))


def load_default_categories() -> int:
    """The Dutch default categories of a new buurtsite; idempotent. Returns how many were new."""
    added = 0
    with transaction.atomic():
        existing = {name.lower() for name in Category.objects.values_list("name", flat=True)}
        for position, name in enumerate(DEFAULT_CATEGORIES, start=1):
            if name.lower() not in existing:
                Category.objects.create(name=name, position=position)
                added += 1
    return added


# Leaving ------------------------------------------------------------------------------------


def erase_exchange_data(member: User) -> None:
    """Leaving: the member's posts, reactions and matches go (matches count no more)."""
    photos = list(
        Post.objects.filter(author=member).exclude(photo="").values_list("photo", flat=True)
    )
    Match.objects.filter(neighbour=member).delete()
    Reaction.objects.filter(member=member).delete()
    Post.objects.filter(author=member).delete()
    for photo in photos:
        transaction.on_commit(lambda name=photo: default_storage.delete(name))  # type: ignore[misc]
