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

The expressions below are the ones the GIN indexes are built on (socialmap_platform's
migration for the city-wide tables, socialmap's models for the local ones): a query must use
exactly these expressions, or PostgreSQL reads every row.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.db.models import Func, Index, TextField
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Lower

SEARCH_CONFIG = "public.dutch_unaccent"
# Created by socialmap_platform's migration: unaccent() marked immutable, so it can be indexed.
FOLD_FUNCTION = "public.socialmap_fold"
MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def document() -> CombinedExpression:
    """Name (weight A) and description (weight B) of a service, Dutch, accents folded."""
    return SearchVector("name", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "description", weight="B", config=SEARCH_CONFIG
    )


def folded_name() -> Func:
    return Func(Lower("name"), function=FOLD_FUNCTION, output_field=TextField())


def service_indexes(prefix: str) -> list[Index]:
    """The indexes a table of services needs for `document()`, `folded_name()` and filters."""
    return [
        GinIndex(document(), name=f"{prefix}_search_doc"),
        GinIndex(OpClass(folded_name(), name="gin_trgm_ops"), name=f"{prefix}_search_name"),
        GinIndex(fields=["categories"], name=f"{prefix}_categories"),
        GinIndex(fields=["target_groups"], name=f"{prefix}_target_groups"),
    ]


def fold(text: str) -> str:
    """Lower case without accents, as `socialmap_fold` does in the database."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


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
