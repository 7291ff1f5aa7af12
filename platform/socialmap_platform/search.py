"""How the social map searches: one definition for city-wide and local services.

A resident types a need in plain words ("schulden", "eenzaam", "hulp bij formulieren").
Three things find a service, and any one of them is enough:

- full-text search with the `public.dutch_unaccent` configuration (Dutch stemming, accents
  folded): every word is stemmed and matched as a prefix, so "schulden" (stem "schuld") finds
  "schuldhulpverlening" and "eenzaam" finds "eenzaamheid";
- trigram word similarity on the name with accents folded, for typing mistakes
  ("schuldhulpverleneng", "mantlzorg");
- a category of need whose name starts with a word of the query ("geld" finds the services
  in "geldzaken").

Both tables of services (city-wide in organisations, local in socialmap) store the search
document and the folded name as generated columns (organisations.models.ServiceFields), with
the GIN indexes below: a match is checked against the stored value, never recomputed per row.
"""

from __future__ import annotations

import re

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db.models import Index
from django.db.models.expressions import CombinedExpression

from textsearch.definitions import SEARCH_CONFIG, fold

MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def document() -> CombinedExpression:
    """Name (weight A), description (B) and the organisation's name (C) of a service, Dutch,
    accents folded: the expression of the stored column `search_document`
    (organisations.models.ServiceFields). "Sterker" finds every service of Stichting Sterker."""
    return (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=SEARCH_CONFIG)
        + SearchVector("organisation_name", weight="C", config=SEARCH_CONFIG)
    )


def service_indexes(prefix: str) -> list[Index]:
    """The indexes a table of services needs: its stored search columns and the filters."""
    return [
        GinIndex(fields=["search_document"], name=f"{prefix}_search_doc"),
        GinIndex(fields=["folded_name"], opclasses=["gin_trgm_ops"], name=f"{prefix}_search_name"),
        GinIndex(fields=["categories"], name=f"{prefix}_categories"),
        GinIndex(fields=["target_groups"], name=f"{prefix}_target_groups"),
        # Everything listed, by name: the first page without any words.
        Index(fields=["name", "id"], name=f"{prefix}_by_name"),
    ]


def query_words(query: str) -> list[str]:
    """The words of a query: letters and digits only, accents folded, at most MAX_WORDS."""
    words = _WORD.findall(fold(query[:MAX_QUERY_LENGTH]))
    return [word for word in words if not word.isdigit() or len(word) > 1][:MAX_WORDS]


def prefix_tsquery(words: list[str], *, every: bool) -> str:
    """A raw tsquery: every word as a prefix; all of them must match ("schuld:* & hulp:*") or
    any of them ("schuld:* | hulp:*").

    The words contain letters and digits only, so nothing in them is tsquery syntax.
    """
    return (" & " if every else " | ").join(f"{word}:*" for word in words)
