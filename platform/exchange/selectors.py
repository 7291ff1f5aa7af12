"""Reads for vraag en aanbod: lists with filters, Dutch search, suggestions, matches, figures.

Search is full-text search with the Dutch stemmer after unaccent (`public.dutch_unaccent`),
on a stored tsvector with a GIN index: it finds other forms of a word and ignores accents
("cafe" finds "café"); each word also matches as a prefix, so "tuin" finds "tuinieren", and
the Dutch s/z and f/v at the end of a stem are taken as one ("verhuizing" finds "verhuis").
Typing mistakes: a longer word of the query also looks for the words in SearchWord that are
similar to it by trigrams ("buurman" finds "buurmna" and the other way round), and searches
for those too. Trigrams on that short word list stay fast where trigrams on 50,000 texts do
not.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import User
from exchange.models import Area, Category, Match, Post, Reaction
from members.models import Profile, Visibility
from members.permissions import can_moderate
from moderation.models import ContentState
from textsearch.definitions import SEARCH_CONFIG

PAGE_SIZE = 20
MAX_COUNTED = 1000
# A word of the query this long may carry a typing mistake; shorter ones change too much with
# one letter ("fiets" is not "iets"). Similar words in SearchWord count from this similarity.
MIN_TYPO_LENGTH = 6
TYPO_SIMILARITY = 0.4
TYPO_ALTERNATIVES = 4
MAX_QUERY_LENGTH = 100
MAX_WORDS = 6
# The last letter of a Dutch stem that can take the other form ("verhuiz"/"verhuis").
_ALTERNATE_ENDINGS = {"z": "s", "s": "z", "v": "f", "f": "v"}


@dataclass(frozen=True)
class PostFilters:
    kind: str = ""
    category_id: int | None = None
    area_id: int | None = None
    # "open", "closed" or "" for both.
    status: str = Post.Status.OPEN
    query: str = ""


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True)


def active_areas() -> QuerySet[Area]:
    return Area.objects.filter(is_active=True)


def _listed() -> QuerySet[Post]:
    return Post.objects.filter(state=ContentState.VISIBLE).select_related(
        "category", "area", "author"
    )


def _filtered(filters: PostFilters) -> QuerySet[Post]:
    found = _listed()
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.category_id is not None:
        found = found.filter(category_id=filters.category_id)
    if filters.area_id is not None:
        found = found.filter(area_id=filters.area_id)
    if filters.status:
        found = found.filter(status=filters.status)
    return found


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """Counts at most MAX_COUNTED rows: counting every one of 30,000 open posts costs more
    than showing a page, and nobody pages past the fiftieth. The page shows "more than 1000".

    `counted` is the same set without the ranking, which a count does not need; or the count
    is known already (`known_count`, read along with the page).
    """

    def __init__(
        self,
        object_list: QuerySet[Post] | list[Post],
        per_page: int,
        *,
        counted: QuerySet[Post] | None = None,
        known_count: int | None = None,
    ):
        super().__init__(object_list, per_page)
        self.counted = counted
        if known_count is not None:
            self._capped_count: int = known_count

    @property
    def count(self) -> int:
        if not hasattr(self, "_capped_count"):
            if self.counted is None:
                raise TypeError("A CappedPaginator needs `counted` or `known_count`.")
            self._capped_count = self.counted[: MAX_COUNTED + 1].count()
        return min(self._capped_count, MAX_COUNTED)

    @property
    def is_capped(self) -> bool:
        return self.count == MAX_COUNTED and self._capped_count > MAX_COUNTED


def page_of_posts(filters: PostFilters, *, page: Any = 1) -> Page[Post]:
    """One page of the visible posts as filtered: searched and ranked when there is a query."""
    found = _filtered(filters)
    query = " ".join(filters.query.split())[:MAX_QUERY_LENGTH]
    if not query:
        listed = found.order_by("-created_at", "-id")
        return CappedPaginator(listed, PAGE_SIZE, counted=listed).get_page(page)
    tsquery = _tsquery(query, match_all=True)
    if tsquery is None:
        return CappedPaginator(found.none(), PAGE_SIZE, counted=found.none()).get_page(page)
    return _ranked_page(found.filter(search_vector=tsquery), tsquery, page)


def _ranked_page(matching: QuerySet[Post], tsquery: SearchQuery, page: Any) -> Page[Post]:
    """One page of search results and their count, from one read of the matches.

    Ranking reads every match anyway, so the count rides along as a window over the same
    rows, and only the page's ids come back; its posts, with author, category and area, are
    read after. With random_page_cost at 1.1 (settings) the matches come through the GIN
    index (tests/benchmarks/exchange_search.py).
    """
    try:
        number = max(int(page), 1)
    except (TypeError, ValueError):
        number = 1
    number = min(number, MAX_COUNTED // PAGE_SIZE)  # the pages a capped count offers
    ranked = (
        _ranked(matching.select_related(None), tsquery)
        .annotate(total=Window(Count("*")))
        .values_list("pk", "total")
    )
    rows = list(ranked[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    if not rows and number > 1:
        # Past the last page (an old link): the last page there is, as Paginator.get_page does.
        first = list(ranked[:1])
        total = first[0][1] if first else 0
        number = max(1, -(-min(total, MAX_COUNTED) // PAGE_SIZE))
        rows = list(ranked[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    total = rows[0][1] if rows else 0
    by_id = Post.objects.select_related("category", "area", "author").in_bulk(
        [pk for pk, _total in rows]
    )
    posts = [by_id[pk] for pk, _total in rows]
    return Page(posts, number, CappedPaginator(posts, PAGE_SIZE, known_count=total))


def search(found: QuerySet[Post], query: str, *, match_all: bool) -> QuerySet[Post]:
    """`found` narrowed to the posts that match `query`, best first.

    With `match_all` every word must match (in a stemmed form, as a prefix, or as a similar
    word); otherwise any word is enough, which is what suggestions while typing need. Only the
    GIN index on the stored tsvector is used, however many posts there are.
    """
    tsquery = _tsquery(query, match_all=match_all)
    if tsquery is None:
        return found.none()
    return _ranked(found.filter(search_vector=tsquery), tsquery)


def _tsquery(query: str, *, match_all: bool) -> SearchQuery | None:
    terms = _search_terms(query)
    if not terms:
        return None
    joiner = " & " if match_all else " | "
    return SearchQuery(joiner.join(terms), search_type="raw", config="simple")


def _ranked(found: QuerySet[Post], tsquery: SearchQuery) -> QuerySet[Post]:
    return found.annotate(rank=SearchRank(F("search_vector"), tsquery)).order_by(
        "-rank", "-created_at", "-id"
    )


_TERMS_SQL = """
    SELECT
        ARRAY(SELECT lexeme FROM unnest(to_tsvector(%(config)s::regconfig, query.word))),
        ARRAY(
            SELECT lexeme
            FROM (
                SELECT known.word
                FROM exchange_searchword AS known
                WHERE length(query.word) >= %(min_length)s
                    AND known.word %% public.unaccent(query.word)
                    AND similarity(known.word, public.unaccent(query.word)) >= %(similarity)s
                ORDER BY similarity(known.word, public.unaccent(query.word)) DESC
                LIMIT %(alternatives)s
            ) AS close,
            unnest(to_tsvector(%(config)s::regconfig, close.word))
        )
    FROM unnest(%(words)s::text[]) WITH ORDINALITY AS query(word, position)
    ORDER BY query.position
"""


def _search_terms(query: str) -> list[str]:
    """A tsquery for each word of the query: its Dutch stems, the Dutch s/z and f/v
    alternates, and the stems of similar words that occur in posts, all as prefixes.

    Words that are only stop words ("de", "het", "bij") drop out.
    """
    words = [word for word in query.lower().split() if any(c.isalnum() for c in word)]
    words = words[:MAX_WORDS]
    if not words:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            _TERMS_SQL,
            {
                "config": SEARCH_CONFIG,
                "words": words,
                "min_length": MIN_TYPO_LENGTH,
                "similarity": TYPO_SIMILARITY,
                "alternatives": TYPO_ALTERNATIVES,
            },
        )
        rows: list[tuple[list[str], list[str]]] = cursor.fetchall()
    terms = []
    for stems, similar in rows:
        if not stems:
            continue
        lexemes = list(dict.fromkeys(stems + similar))
        options = [_as_prefix(lexeme) for lexeme in lexemes]
        options += [
            _as_prefix(lexeme[:-1] + _ALTERNATE_ENDINGS[lexeme[-1]])
            for lexeme in lexemes
            if len(lexeme) >= 5 and lexeme[-1] in _ALTERNATE_ENDINGS
        ]
        terms.append("(" + " | ".join(dict.fromkeys(options)) + ")")
    return terms


def _as_prefix(lexeme: str) -> str:
    quoted = "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"
    # Short stems as prefixes would match too much.
    return f"{quoted}:*" if len(lexeme) >= 4 else quoted


def newest_open_posts(*, limit: int = 6) -> list[Post]:
    return list(_filtered(PostFilters()).order_by("-created_at", "-id")[:limit])


def post_for(viewer: User, post_id: int) -> Post | None:
    """A post the viewer may see: visible ones, and hidden ones to their author and moderators."""
    post = (
        Post.objects.select_related("category", "area", "author", "author__profile")
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        return None
    if post.state == ContentState.VISIBLE:
        return post
    if post.author_id == viewer.pk or can_moderate(viewer):
        return post
    return None


def reactions_to(post: Post) -> list[Reaction]:
    return list(post.reactions.select_related("member").order_by("created_at", "id"))


def has_reacted(post: Post, member: User) -> bool:
    return Reaction.objects.filter(post=post, member=member).exists()


def matches_of(post: Post) -> dict[int, Match]:
    """The post's matches (counted or half-confirmed), by neighbour id."""
    return {match.neighbour_id: match for match in post.matches.select_related("thanks_by")}


def helpers_to_choose(post: Post) -> list[Reaction]:
    """For the author: the neighbours who reacted, to say which one helped."""
    return reactions_to(post)


# Suggestions while writing ------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestions:
    posts: list[Post]
    members: list[Profile]

    def __bool__(self) -> bool:
        return bool(self.posts or self.members)


def suggestions(*, kind: str, text: str, viewer: User, limit: int = 5) -> Suggestions:
    """While writing a request: matching open offers and neighbours who offer that skill.
    While writing an offer: matching open requests."""
    text = " ".join(text.split())[: MAX_QUERY_LENGTH * 2]
    if len(text) < 3:
        return Suggestions(posts=[], members=[])
    other_kind = Post.Kind.OFFER if kind == Post.Kind.REQUEST else Post.Kind.REQUEST
    candidates = Post.objects.filter(
        state=ContentState.VISIBLE, kind=other_kind, status=Post.Status.OPEN
    ).exclude(author=viewer)
    # Posts with every word first; only if those are too few, posts with any of them (a
    # common word such as "hulp" alone matches most posts, and ranking those costs most).
    ids = list(search(candidates, text, match_all=True).values_list("pk", flat=True)[:limit])
    if len(ids) < limit:
        others = search(candidates.exclude(pk__in=ids), text, match_all=False)
        ids += others.values_list("pk", flat=True)[: limit - len(ids)]
    by_id = Post.objects.select_related("category", "area", "author").in_bulk(ids)
    found = [by_id[pk] for pk in ids]
    members: list[Profile] = []
    if kind == Post.Kind.REQUEST:
        members = _members_offering(text, viewer=viewer, limit=limit)
    return Suggestions(posts=found, members=members)


def _members_offering(text: str, *, viewer: User, limit: int) -> list[Profile]:
    """Listed members whose skills or "what I like to do" match a word of `text`."""
    words = [
        option.split("'")[1]
        for term in _search_terms(text)
        for option in term.strip("()").split(" | ")
        if len(option.split("'")[1]) >= 4
    ]
    if not words:
        return []
    wanted = Q()
    for word in dict.fromkeys(words):
        wanted |= Q(skills__name__unaccent__icontains=word) | Q(offer__unaccent__icontains=word)
    ids = (
        Profile.objects.filter(
            status=Profile.Status.ACTIVE,
            user__is_active=True,
            in_directory=True,
            about_visibility=Visibility.MEMBERS,
            is_hidden=False,
        )
        .exclude(user=viewer)
        .filter(wanted)
        .values("pk")
        .distinct()
    )
    return list(
        Profile.objects.filter(pk__in=ids)
        .select_related("user")
        .prefetch_related("skills")
        .order_by("user__display_name")[:limit]
    )


# Matches and figures ------------------------------------------------------------------------


def match_count() -> int:
    """Every counted match of this buurtsite: both sides said help took place."""
    return Match.objects.filter(matched_at__isnull=False).count()


def monthly_counts(*, since: datetime.date) -> dict[str, dict[datetime.date, int]]:
    """Requests, offers and matches per month (the first day of the month) from `since` on."""
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    result: dict[str, dict[datetime.date, int]] = {
        "requests": defaultdict(int),
        "offers": defaultdict(int),
        "matches": defaultdict(int),
    }
    per_kind = (
        Post.objects.filter(created_at__gte=start)
        .annotate(month=TruncMonth("created_at"))
        .values("kind", "month")
        .annotate(count=Count("id"))
    )
    for row in per_kind:
        key = "requests" if row["kind"] == Post.Kind.REQUEST else "offers"
        result[key][_month(row["month"])] += row["count"]
    per_month = (
        Match.objects.filter(matched_at__gte=start)
        .annotate(month=TruncMonth("matched_at"))
        .values("month")
        .annotate(count=Count("id"))
    )
    for row in per_month:
        result["matches"][_month(row["month"])] += row["count"]
    return {key: dict(counts) for key, counts in result.items()}


def _month(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def shown_thanks(*, limit: int = 50) -> QuerySet[Match]:
    """Thank-yous both sides agreed to show, newest first."""
    return (
        Match.objects.filter(
            matched_at__isnull=False,
            author_consents=True,
            neighbour_consents=True,
            post__state=ContentState.VISIBLE,
        )
        .exclude(thanks="")
        .select_related("post", "thanks_by")
        .order_by("-thanks_at", "-id")[:limit]
    )


def posts_without_reaction() -> QuerySet[Post]:
    """Open posts nobody has reacted to yet, oldest first: a buurtverbinder can help along."""
    return (
        Post.objects.filter(status=Post.Status.OPEN, state=ContentState.VISIBLE)
        .filter(~Exists(Reaction.objects.filter(post=OuterRef("pk"))))
        .select_related("author")
        .order_by("created_at", "id")
    )


def new_posts_since(since: datetime.datetime, *, viewer: User, limit: int = 10) -> list[Post]:
    return list(
        Post.objects.filter(
            status=Post.Status.OPEN, state=ContentState.VISIBLE, created_at__gte=since
        )
        .exclude(author=viewer)
        .select_related("category")
        .order_by("-created_at", "-id")[:limit]
    )


def exchange_data(member: User) -> dict[str, Any]:
    """The member's part of the data export: their posts, reactions and matches."""
    return {
        "posts": [
            {
                "id": post.pk,
                "kind": post.kind,
                "category": post.category.name,
                "title": post.title,
                "description": post.description,
                "when": post.when.isoformat() if post.when else None,
                "status": post.status,
                "created": post.created_at.isoformat(),
            }
            for post in Post.objects.filter(author=member).select_related("category")
        ],
        "reactions": [
            {"post": reaction.post_id, "created": reaction.created_at.isoformat()}
            for reaction in Reaction.objects.filter(member=member)
        ],
        "matches": [
            {
                "post": match.post_id,
                "matched": match.matched_at.isoformat() if match.matched_at else None,
                "thanks": match.thanks,
            }
            for match in Match.objects.filter(Q(neighbour=member) | Q(post__author=member))
        ],
    }
