"""Reads of the social map on a buurtsite: finding help, one service, local entries.

City-wide services come from organisations (public schema): each carries the ids of the
buurtsites that list it (organisations.listing), so a buurtsite only ever sees those of the
organisations that serve it; local services live in this buurtsite's own schema. One search
covers both: a UNION of two indexed queries, ranked together and paged in the same read,
which also returns what each line of the list shows (the services keep copies of their
organisation's name and places: socialmap_platform.listing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import CharField, F, FloatField, Prefetch, Q, QuerySet, Value
from django.utils import translation

from organisations.models import (
    Location,
    Need,
    Organisation,
    Professional,
    Service,
    TargetGroup,
)
from organisations.selectors import (
    changes_for_buurtsite,
    professionals_for_buurtsite,
    services_for_buurtsite,
)
from socialmap.models import LocalLocation, LocalOrganisation, LocalService
from socialmap_platform.search import prefix_tsquery, query_words
from tenants.models import Buurtsite
from textsearch.definitions import SEARCH_CONFIG, fold, stop_words

PAGE_SIZE = 20
REVIEW_SIZE = 50
# Shorter words are too common to find anything by similarity or as a category's start.
MIN_SIMILAR_WORD = 4
MIN_CATEGORY_WORD = 3
# How strictly the words must match: all of them, any of them, any of them or a similar one.
ALL_WORDS, ANY_WORD, SIMILAR_WORDS = 0, 1, 2

Kind = Literal["city", "local"]


def service_url(kind: Kind, pk: int) -> str:
    if kind == "city":
        return f"/hulp-vinden/dienst/{pk}/"
    return f"/hulp-vinden/buurt/{pk}/"


@dataclass(frozen=True)
class HelpEntry:
    """One service on its own page: a city-wide `Service` or a `LocalService` (the same
    shape), with its places."""

    kind: Kind
    service: Service | LocalService

    @property
    def url(self) -> str:
        return service_url(self.kind, self.service.pk)

    @property
    def name(self) -> str:
        return self.service.name

    @property
    def places(self) -> list[Location | LocalLocation]:
        return list(getattr(self.service, "listed_places", []))

    @property
    def points(self) -> list[tuple[str, Any, Any]]:
        """(name, latitude, longitude) of each place, for the map."""
        return [(place.name, place.latitude, place.longitude) for place in self.places]

    @property
    def category_labels(self) -> list[str]:
        return [str(Need(value).label) for value in self.service.categories if value in Need]

    @property
    def target_group_labels(self) -> list[str]:
        groups = self.service.target_groups
        return [str(TargetGroup(value).label) for value in groups if value in TargetGroup]


@dataclass(frozen=True)
class FoundService:
    """One line in the list of results, as the search read it: no further reads."""

    kind: Kind
    pk: int
    name: str
    organisation_name: str
    description: str
    # {"name", "street_address", "latitude", "longitude"} per place, in the list's order.
    places: list[dict[str, Any]]

    @property
    def url(self) -> str:
        return service_url(self.kind, self.pk)

    @property
    def points(self) -> list[tuple[str, Any, Any]]:
        """(name, latitude, longitude) of each place, for the map."""
        return [(place["name"], place["latitude"], place["longitude"]) for place in self.places]


@dataclass(frozen=True)
class HelpSearch:
    query: str = ""
    need: str = ""
    target_group: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.query or self.need or self.target_group)


@dataclass(frozen=True)
class HelpPage:
    entries: list[FoundService]
    total: int
    number: int
    page_count: int
    markers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count


def local_services() -> QuerySet[LocalService]:
    """Local services residents see: neither they nor their organisation withdrawn."""
    return LocalService.objects.filter(
        withdrawn_at__isnull=True, organisation__withdrawn_at__isnull=True
    )


def _needs_starting_with(word: str) -> list[str]:
    """Categories of need whose code or Dutch name has a word starting with `word`."""
    if len(word) < MIN_CATEGORY_WORD:
        return []
    found = []
    with translation.override("nl"):
        for need in Need:
            names = fold(f"{need.value} {need.label}").replace("-", " ").split()
            if any(name.startswith(word) for name in names):
                found.append(need.value)
    return found


def _full_text(words: list[str], *, every: bool) -> Q:
    raw = prefix_tsquery(words, every=every)
    return Q(search_document=SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG))


def _word_matches(by_category: dict[str, list[str]], *, level: int) -> Q:
    """What the words (each with the kinds of help it starts) ask of a service at this level.

    A word that starts the name of a kind of help ("geld", "hulp") is also met by a service
    of that kind, but it stands in for that one word only: "hulp bij formulieren" asks for
    something about forms, not for every service of care and support. The other words go to
    PostgreSQL in one query, which also drops Dutch stop words such as "bij".
    """
    words = list(by_category)
    if level == ALL_WORDS:
        plain = [word for word in words if not by_category[word]]
        matches = _full_text(plain, every=True) if plain else Q()
        for word, needs in by_category.items():
            if needs:
                matches &= _full_text([word], every=True) | Q(categories__overlap=needs)
        return matches

    matches = _full_text(words, every=False)
    needs = sorted({need for found in by_category.values() for need in found})
    if needs:
        matches |= Q(categories__overlap=needs)
    if level == SIMILAR_WORDS:
        for word in words:
            if len(word) >= MIN_SIMILAR_WORD:
                matches |= Q(folded_name__trigram_word_similar=word)
    return matches


def _filtered(
    services: QuerySet[Any],
    search: HelpSearch,
    by_category: dict[str, list[str]],
    *,
    level: int,
) -> QuerySet[Any]:
    """Filter by need and target group, match the words, rank: for either level of services.

    `level` says how strictly the words must match (ALL_WORDS, ANY_WORD, SIMILAR_WORDS).
    SIMILAR_WORDS adds the trigram similarity of the name, for typing mistakes: the slow part
    (a trigram index scan and a recheck per candidate), so find_help only asks for it when
    the words found nothing as they were typed.
    """
    if search.need:
        services = services.filter(categories__contains=[search.need])
    if search.target_group:
        services = services.filter(target_groups__contains=[search.target_group])
    if not by_category:
        return cast(QuerySet[Any], services.annotate(rank=Value(0.0, output_field=FloatField())))
    matches = _word_matches(by_category, level=level)
    rank = _rank(list(by_category), level=level)
    return cast(QuerySet[Any], services.filter(matches).annotate(rank=rank))


def _rank(words: list[str], *, level: int) -> Any:
    """What a resident expects first: "Schuldhulpverlening" before a service that only
    mentions debts in its description.

    The stored document weighs the name (A) above the description (B) and the organisation's
    name (C), and ranking it is cheap per row; a match counts for more in a short text than in
    a long one (normalisation 1: divided by the logarithm of the length). A typing mistake
    matches no word of the document, so there the similarity of the name ranks. Every word
    found counts, also where a kind of help stood in for another.
    """
    if level == SIMILAR_WORDS:
        return TrigramWordSimilarity(" ".join(words), "folded_name")
    tsquery = SearchQuery(
        prefix_tsquery(words, every=False), search_type="raw", config=SEARCH_CONFIG
    )
    return SearchRank(F("search_document"), tsquery, normalization=Value(1))


_SHOWN = ("pk", "name", "organisation_name", "description", "places")


def _union(city_services: QuerySet[Any], local_ones: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    """Both levels as one SQL text, each row: kind, what a line shows, rank."""
    city = city_services.annotate(kind=Value("city", output_field=CharField()))
    local = local_ones.annotate(kind=Value("local", output_field=CharField()))
    union = city.values_list("kind", *_SHOWN, "rank").union(
        local.values_list("kind", *_SHOWN, "rank"), all=True
    )
    sql, params = union.query.sql_with_params()
    return sql, tuple(params)


def _found(row: tuple[Any, ...]) -> FoundService:
    kind, pk, name, organisation_name, description, places = row[:6]
    return FoundService(
        kind=cast(Kind, kind),
        pk=int(pk),
        name=name,
        organisation_name=organisation_name,
        description=description,
        # Django reads JSON itself, so over a plain cursor it arrives as text.
        places=json.loads(places) if isinstance(places, str) else places,
    )


_COLUMNS = ", ".join(f"found.{column}" for column in ("kind", *_SHOWN))


def _ranked_page(
    city_services: QuerySet[Any], local_ones: QuerySet[Any], *, start: int
) -> tuple[list[FoundService], int]:
    """One page of the matches, best first, and how many there are in all: one read.

    The count rides along as a window over the same UNION, so the matches are read once.
    Past the end there is no row to carry it: (empty page, 0).
    """
    union_sql, params = _union(city_services, local_ones)
    # Only Django's own SQL is put in the text; every value stays a parameter.
    sql = (
        f"SELECT {_COLUMNS}, COUNT(*) OVER () FROM ("  # noqa: S608
        + union_sql
        + ") AS found ORDER BY found.rank DESC, found.name, found.pk LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, PAGE_SIZE, start])
        fetched = cursor.fetchall()
    total = int(fetched[0][-1]) if fetched else 0
    return [_found(row) for row in fetched], total


def _alphabetical_page(
    city_services: QuerySet[Any], local_ones: QuerySet[Any], *, start: int
) -> tuple[list[FoundService], int]:
    """Without words nothing ranks: the count apart (a window would sort every listed
    service) and the page by name, each level read from its index by name only as far as
    this page reaches."""
    city_sql, city_params = city_services.values("pk").query.sql_with_params()
    local_sql, local_params = local_ones.values("pk").query.sql_with_params()
    count_sql = (
        f"SELECT (SELECT COUNT(*) FROM ({city_sql}) AS city)"  # noqa: S608
        f" + (SELECT COUNT(*) FROM ({local_sql}) AS local)"
    )
    with connection.cursor() as cursor:
        cursor.execute(count_sql, [*city_params, *local_params])
        total = int(cursor.fetchone()[0])
    if start >= total:
        return [], total

    reach = start + PAGE_SIZE
    union_sql, params = _union(
        city_services.order_by("name", "pk")[:reach], local_ones.order_by("name", "pk")[:reach]
    )
    page_sql = (
        f"SELECT {_COLUMNS} FROM ("  # noqa: S608
        + union_sql
        + ") AS found ORDER BY found.name, found.pk LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(page_sql, [*params, PAGE_SIZE, start])
        return [_found(row) for row in cursor.fetchall()], total


def _meaningful(words: list[str]) -> list[str]:
    """The words without stop words ("hulp bij formulieren": hulp, formulieren), which would
    otherwise be asked of every service on their own and match none. Only stop words: as
    typed (they find nothing, and the page says so)."""
    dropped = stop_words(words)
    return [word for word in words if word not in dropped] or words


def find_help(buurtsite: Buurtsite, *, search: HelpSearch, page: int = 1) -> HelpPage:
    """Services of both levels for this buurtsite that match the search, best first."""
    words = _meaningful(query_words(search.query))
    # The kinds of help each word starts, worked out once for every level and both tables.
    by_category = {word: _needs_starting_with(word) for word in words}
    # All the words first; if that finds nothing any of them; then similar words.
    levels = [ALL_WORDS, ANY_WORD, SIMILAR_WORDS] if len(words) > 1 else [ALL_WORDS, SIMILAR_WORDS]
    read_page = _ranked_page if words else _alphabetical_page
    number = max(page, 1)
    city_base = services_for_buurtsite(buurtsite).select_related(None).order_by()
    local_base = local_services().order_by()
    entries: list[FoundService] = []
    total = 0
    for level in levels if words else [ALL_WORDS]:
        city_services = _filtered(city_base, search, by_category, level=level)
        local_ones = _filtered(local_base, search, by_category, level=level)
        entries, total = read_page(city_services, local_ones, start=(number - 1) * PAGE_SIZE)
        if not entries and number > 1:
            # Past the last page (an old link): show the first page instead.
            number = 1
            entries, total = read_page(city_services, local_ones, start=0)
        if total:
            break
    return HelpPage(
        entries=entries,
        total=total,
        number=number,
        page_count=max(1, -(-total // PAGE_SIZE)),
        markers=markers_for(entries),
    )


def _with_places(services: QuerySet[Any], place_model: type[Any]) -> QuerySet[Any]:
    return services.select_related("organisation").prefetch_related(
        Prefetch(
            "locations",
            queryset=place_model.objects.order_by("name", "pk"),
            to_attr="listed_places",
        )
    )


def markers_for(entries: list[FoundService] | list[HelpEntry]) -> list[dict[str, Any]]:
    """Map markers for the places of these entries that have coordinates (JSON-ready)."""
    markers = []
    for entry in entries:
        for place_name, latitude, longitude in entry.points:
            if latitude is None or longitude is None:
                continue
            markers.append(
                {
                    "lat": float(latitude),
                    "lon": float(longitude),
                    "name": entry.name,
                    "place": place_name,
                    "url": entry.url,
                }
            )
    return markers


def city_service(buurtsite: Buurtsite, service_id: int) -> Service | None:
    """A city-wide service listed on this buurtsite, with its places; None anywhere else."""
    return _with_places(services_for_buurtsite(buurtsite), Location).filter(pk=service_id).first()


def local_service(service_id: int) -> LocalService | None:
    return _with_places(local_services(), LocalLocation).filter(pk=service_id).first()


def professionals_of(buurtsite: Buurtsite, organisation: Organisation) -> list[Professional]:
    return list(professionals_for_buurtsite(buurtsite).filter(organisation=organisation))


def professional(buurtsite: Buurtsite, professional_id: int) -> Professional | None:
    return professionals_for_buurtsite(buurtsite).filter(pk=professional_id).first()


def other_services_of(
    buurtsite: Buurtsite, organisation: Organisation, *, but: int
) -> list[Service]:
    return list(services_for_buurtsite(buurtsite).filter(organisation=organisation).exclude(pk=but))


# Keeping the local entries ------------------------------------------------------------------


def local_organisations() -> QuerySet[LocalOrganisation]:
    """Every local organisation with its services and places, for the buurtverbinder's list."""
    return LocalOrganisation.objects.prefetch_related(
        Prefetch("services", queryset=LocalService.objects.order_by("withdrawn_at", "name", "pk")),
        Prefetch("locations", queryset=LocalLocation.objects.order_by("name", "pk")),
    ).order_by("withdrawn_at", "name", "pk")


def local_organisation(organisation_id: int) -> LocalOrganisation | None:
    return LocalOrganisation.objects.filter(pk=organisation_id).first()


def local_service_to_edit(service_id: int) -> LocalService | None:
    return LocalService.objects.select_related("organisation").filter(pk=service_id).first()


def local_place_to_edit(place_id: int) -> LocalLocation | None:
    return LocalLocation.objects.select_related("organisation").filter(pk=place_id).first()


def changes_to_review(buurtsite: Buurtsite) -> QuerySet[Any]:
    """Changes by organisations serving this buurtsite that its team has not marked seen."""
    return changes_for_buurtsite(buurtsite)
