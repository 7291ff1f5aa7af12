"""Stop words come from PostgreSQL's own Dutch configuration and are learned once."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from textsearch.definitions import stop_words


def test_stop_words_are_those_the_dutch_configuration_drops(db: None) -> None:
    assert stop_words(["hulp", "bij", "de", "formulieren", "voor"]) == {"bij", "de", "voor"}


def test_a_word_is_asked_once_per_process(db: None) -> None:
    stop_words(["wandelen", "met"])

    with CaptureQueriesContext(connection) as queries:
        assert stop_words(["met", "wandelen"]) == {"met"}

    assert len(queries) == 0
