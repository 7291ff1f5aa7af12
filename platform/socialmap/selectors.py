"""Reads of the social map on a buurtsite: finding help, one service, local entries.

City-wide services come from organisations (public schema) through
`organisations.selectors.services_for_buurtsite`, so a buurtsite only ever sees those of the
organisations that serve it; local services live in this buurtsite's own schema. One search
covers both: a UNION of two indexed queries, ranked together, paged, then the page's rows are
read with their organisation and places (a fixed number of queries, whatever the page size).
"""

from __future__ import annotations

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
from textsearch.definitions import SEARCH_CONFIG, fold

PAGE_SIZE = 20
REVIEW_SIZE = 50
# Shorter words are too common to find anything by similarity or as a category's start.
MIN_SIMILAR_WORD = 4
MIN_CATEGORY_WORD = 3
MIN_NAME_WORD = 5
# How strictly the words must match: all of them, any of them, any of them or a similar one.
ALL_WORDS, ANY_WORD, SIMILAR_WORDS = 0, 1, 2

Kind = Literal["city", "local"]


@dataclass(frozen=True)
class HelpEntry:
    """One service in a list: a city-wide `Service` or a `LocalService` (the same shape)."""

    kind: Kind
    service: Service | LocalService

    @property
    def url(self) -> str:
        if self.kind == "city":
            return f"/hulp-vinden/dienst/{self.service.pk}/"
        return f"/hulp-vinden/buurt/{self.service.pk}/"

    @property
    def places(self) -> list[Location | LocalLocation]:
        return list(getattr(self.service, "listed_places", []))

    @property
    def category_labels(self) -> list[str]:
        return [str(Need(value).label) for value in self.service.categories if value in Need]

    @property
    def target_group_labels(self) -> list[str]:
        groups = self.service.target_groups
        return [str(TargetGroup(value).label) for value in groups if value in TargetGroup]


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
    entries: list[HelpEntry]
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


def _needs_starting_with(words: list[str]) -> list[str]:
    """Categories of need whose code or Dutch name has a word starting with a query word."""
    found = []
    with translation.override("nl"):
        for need in Need:
            names = fold(f"{need.value} {need.label}").replace("-", " ").split()
            if any(
                name.startswith(word)
                for word in words
                if len(word) >= MIN_CATEGORY_WORD
                for name in names
            ):
                found.append(need.value)
    return found


def _filtered(
    services: QuerySet[Any], search: HelpSearch, named_ids: list[int], *, level: int
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
    words = query_words(search.query)
    if not words:
        return cast(QuerySet[Any], services.annotate(rank=Value(0.0, output_field=FloatField())))

    raw = prefix_tsquery(words, every=level == ALL_WORDS)
    tsquery = SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)
    matches = Q(search_document=tsquery)
    if level == SIMILAR_WORDS:
        for word in words:
            if len(word) >= MIN_SIMILAR_WORD:
                matches |= Q(folded_name__trigram_word_similar=word)
    needs = _needs_starting_with(words)
    if needs:
        matches |= Q(categories__overlap=needs)
    if named_ids:
        matches |= Q(organisation_id__in=named_ids)
    return cast(QuerySet[Any], services.filter(matches).annotate(rank=_rank(words, level=level)))


def _rank(words: list[str], *, level: int) -> Any:
    """What a resident expects first: "Schuldhulpverlening" before a service that only
    mentions debts in its description.

    The stored document weighs the name (A) above the description (B), and ranking it is cheap
    per row; a match counts for more in a short text than in a long one (normalisation 1:
    divided by the logarithm of the length). A typing mistake matches no word of the document,
    so there the similarity of the name ranks.
    """
    if level == SIMILAR_WORDS:
        return TrigramWordSimilarity(" ".join(words), "folded_name")
    tsquery = SearchQuery(
        prefix_tsquery(words, every=level == ALL_WORDS), search_type="raw", config=SEARCH_CONFIG
    )
    return SearchRank(F("search_document"), tsquery, normalization=Value(1))


def _named_organisations(organisations: QuerySet[Any], words: list[str]) -> list[int]:
    """Organisations with a word of the query in their name: their services match too.

    Read apart (a small table), so every branch of the search's OR can use an index of its own.
    """
    named = Q()
    for word in words:
        if len(word) >= MIN_NAME_WORD:
            named |= Q(name__unaccent__icontains=word)
    if not named:
        return []
    return list(organisations.filter(named).values_list("pk", flat=True)[:50])


def _page_rows(
    city_services: QuerySet[Any], local_ones: QuerySet[Any], *, start: int
) -> tuple[list[tuple[str, int]], int]:
    """One page of both levels, best first, and how many there are in all: one query.

    The count rides along as a window over the same UNION, so the matches are read once.
    Past the end there is no row to carry it: (empty page, 0).
    """
    city = city_services.values_list(Value("city", output_field=CharField()), "pk", "rank", "name")
    local = local_ones.values_list(Value("local", output_field=CharField()), "pk", "rank", "name")
    union_sql, params = city.union(local, all=True).query.sql_with_params()
    # Only Django's own SQL is put in the text; every value stays a parameter.
    sql = (
        "SELECT found.value1, found.pk, COUNT(*) OVER () FROM ("  # noqa: S608
        + union_sql
        + ") AS found ORDER BY found.rank DESC, found.name, found.pk LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, PAGE_SIZE, start])
        fetched = cursor.fetchall()
    total = int(fetched[0][2]) if fetched else 0
    return [(str(kind), int(pk)) for kind, pk, _total in fetched], total


def find_help(buurtsite: Buurtsite, *, search: HelpSearch, page: int = 1) -> HelpPage:
    """Services of both levels for this buurtsite that match the search, best first."""
    words = query_words(search.query)
    # All the words first; if that finds nothing any of them; then similar words.
    levels = [ALL_WORDS, ANY_WORD, SIMILAR_WORDS] if len(words) > 1 else [ALL_WORDS, SIMILAR_WORDS]
    number = max(page, 1)
    # What every level shares, read once.
    city_base = services_for_buurtsite(buurtsite).order_by()
    local_base = local_services().order_by()
    named_city = _named_organisations(Organisation.objects.filter(buurtsites=buurtsite), words)
    named_local = _named_organisations(LocalOrganisation.objects.filter(withdrawn_at=None), words)
    for level in levels if words else [ALL_WORDS]:
        city_services = _filtered(city_base, search, named_city, level=level)
        local_ones = _filtered(local_base, search, named_local, level=level)
        rows, total = _page_rows(city_services, local_ones, start=(number - 1) * PAGE_SIZE)
        if not rows and number > 1:
            # Past the last page (an old link): show the first page instead.
            number = 1
            rows, total = _page_rows(city_services, local_ones, start=0)
        if total:
            break
    page_count = max(1, -(-total // PAGE_SIZE))

    city_ids = [pk for kind, pk in rows if kind == "city"]
    local_ids = [pk for kind, pk in rows if kind == "local"]
    by_key: dict[tuple[str, int], Service | LocalService] = {}
    if city_ids:
        for service in _with_places(Service.objects.filter(pk__in=city_ids), Location):
            by_key["city", service.pk] = service
    if local_ids:
        for local_service in _with_places(
            LocalService.objects.filter(pk__in=local_ids), LocalLocation
        ):
            by_key["local", local_service.pk] = local_service
    entries = [HelpEntry(kind=cast(Kind, kind), service=by_key[kind, pk]) for kind, pk in rows]
    return HelpPage(
        entries=entries,
        total=total,
        number=number,
        page_count=page_count,
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


def markers_for(entries: list[HelpEntry]) -> list[dict[str, Any]]:
    """Map markers for the places of these entries that have coordinates (JSON-ready)."""
    markers = []
    for entry in entries:
        for place in entry.places:
            if place.latitude is None or place.longitude is None:
                continue
            markers.append(
                {
                    "lat": float(place.latitude),
                    "lon": float(place.longitude),
                    "name": entry.service.name,
                    "place": place.name,
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
