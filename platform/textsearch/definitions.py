"""Dutch text search, shared by every app that searches: one definition of each piece.

- `SEARCH_CONFIG`, the text search configuration `public.dutch_unaccent`: Dutch stemming
  behind the unaccent dictionary, so "café" and "cafe" are one word and "schulden" and
  "schuld" too. A configuration counts as immutable, so `to_tsvector(SEARCH_CONFIG, ...)` can
  be a stored generated column or an index.
- `FOLD_FUNCTION`, `public.fold_accents(text)`: unaccent() declared immutable, for trigram
  indexes and generated columns (the unaccent dictionary never changes while the database
  runs). Its high COST tells the planner that reading an index beats calling it on every row.
- `fold(text)`: the same folding in Python, for what a resident typed.
- `stop_words(words)`: which of these words the configuration drops ("bij", "de", "voor"),
  asked of PostgreSQL itself so there is one list, and remembered per process.

This app's migration creates both in the public schema, before any app that uses them; every
buurtsite's schema finds them there (the search path ends in "public").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.db import connection
from django.db.models import Expression, Func, TextField
from django.db.models.functions import Lower

SEARCH_CONFIG = "public.dutch_unaccent"
FOLD_FUNCTION = "public.fold_accents"


def fold(text: str) -> str:
    """Lower case without accents, as FOLD_FUNCTION does in the database."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def folded(expression: Expression | str) -> Func:
    """`expression` in lower case without accents, in the database (indexable)."""
    return Func(Lower(expression), function=FOLD_FUNCTION, output_field=TextField())


# Whether a word is a stop word never changes while the database runs. Bounded: residents
# type unlimited words, and a forgotten one costs a single read to learn again.
_STOP_WORD_MEMORY = 10_000
_is_stop_word: dict[str, bool] = {}


def stop_words(words: Iterable[str]) -> set[str]:
    """The words (folded, as `fold` gives them) that SEARCH_CONFIG leaves out of a search."""
    answers = {word: _is_stop_word[word] for word in set(words) if word in _is_stop_word}
    unknown = sorted(set(words) - answers.keys())
    if unknown:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, to_tsvector(%s::regconfig, word) = ''::tsvector"
                " FROM unnest(%s::text[]) AS word",
                [SEARCH_CONFIG, unknown],
            )
            learned = dict(cursor.fetchall())
        if len(_is_stop_word) + len(learned) > _STOP_WORD_MEMORY:
            _is_stop_word.clear()
        _is_stop_word.update(learned)
        answers.update(learned)
    return {word for word, is_stop in answers.items() if is_stop}
