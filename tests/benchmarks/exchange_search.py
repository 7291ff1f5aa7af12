"""How fast the list and the search of vraag en aanbod answer with 50,000 posts in one buurtsite.

`make bench` runs this module (or `python -m tests.benchmarks.exchange_search` from the root).

The demo buurtsite Nijmegen-Oost gets 50,000 posts from 500 members, written with COPY in a few
seconds: realistic Dutch titles and texts (moving house, shopping, the garden, a bicycle, the
computer, coffee in the café...), some with a typing mistake, spread over two years, a third of
them closed. A signed-in member then asks for pages through Django's test client, so every
request passes the real middleware (the tenant middleware, sessions, authentication, CSRF) and
renders the real template. Each page is asked REPEAT times after one warm-up; the table shows
the server time per request, p50 and p95. Goal: p95 under 50 ms for every row.

Everything happens in a database of its own (`mijnbuurtje_bench_exchange`, created and dropped)
under a Redis key prefix of its own. A benchmark reports; it exits 0 unless something crashes.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time
from typing import Any

from tests.benchmarks.support import bench_django

BENCH_DATABASE = "mijnbuurtje_bench_exchange"
POSTS = 50_000
MEMBERS = 500
REPEAT = 40
GOAL_P95_MS = 50.0
HOST = "oost.localhost"

_OPENERS_REQUEST = [
    "Wie helpt mij met",
    "Gezocht: hulp bij",
    "Hulp nodig bij",
    "Wie heeft tijd voor",
    "Graag een handje bij",
]
_OPENERS_OFFER = ["Ik help graag met", "Aangeboden: hulp bij", "Ik heb tijd voor", "Ik bied"]
_TASKS = [
    "de verhuizing",
    "verhuisdozen sjouwen",
    "boodschappen doen",
    "het gras maaien",
    "de heg snoeien",
    "mijn fiets repareren",
    "een lekke band",
    "de computer instellen",
    "mijn telefoon en WhatsApp",
    "een lamp ophangen",
    "koffie drinken in het café",
    "een praatje op de bank",
    "de hond uitlaten",
    "formulieren van de gemeente",
    "een kast in elkaar zetten",
    "oppassen op de kinderen",
    "Nederlandse les",
    "soep koken voor de buren",
    "een rit naar het ziekenhuis",
    "de dakgoot schoonmaken",
    "behangen van de slaapkamer",
    "de buurman met zijn tuin",
    "de buurmna met zijn tuin",  # a typing mistake, as residents make them
    "een crème brûlée bakken",
    "het zoeken naar een tandarts",
]
_WHEN = ["zaterdagochtend", "na het weekend", "volgende week", "op een doordeweekse avond", ""]
_SENTENCES = [
    "Ik woon hier al jaren en ken nog niet veel buren.",
    "Koffie en appeltaart staan klaar!",
    "Het hoeft niet lang te duren, een uurtje is genoeg.",
    "Mijn dochter woont ver weg en kan niet helpen.",
    "Sinds mijn operatie lukt het niet meer alleen.",
    "Ik ben handig en heb het meeste gereedschap zelf.",
    "Bel of stuur een bericht, dan spreken we iets af.",
    "Het is vlak bij het Florapark.",
    "Ik spreek ook Turks en een beetje Arabisch.",
    "Een kleine vergoeding is geen probleem.",
]


def _text(chance: random.Random) -> tuple[str, str, str]:
    kind = "request" if chance.random() < 0.6 else "offer"
    opener = chance.choice(_OPENERS_REQUEST if kind == "request" else _OPENERS_OFFER)
    task = chance.choice(_TASKS)
    when = chance.choice(_WHEN)
    title = f"{opener} {task}{' ' + when if when else ''}"[:120]
    body = " ".join(chance.sample(_SENTENCES, 3))
    return kind, title, f"Het gaat om {task}. {body}"


def _fill(buurtsite: Any) -> dict[str, Any]:
    """500 members and 50,000 posts in Nijmegen-Oost; the ids the requests need."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from accounts.models import User
    from exchange.actions import record_all_search_words
    from exchange.models import Area, Category

    chance = random.Random(6)
    with tenant_context(buurtsite):
        password = make_password(None)
        User.objects.bulk_create(
            User(
                email=f"bench-{number}@example.nl",
                password=password,
                display_name=f"Buur {number}",
            )
            for number in range(MEMBERS)
        )
        authors = list(User.objects.values_list("pk", flat=True))
        categories = list(Category.objects.values_list("pk", flat=True))
        areas = [*Area.objects.values_list("pk", flat=True), None]
        now = timezone.now()
        started = time.perf_counter()
        columns = (
            "kind, author_id, category_id, area_id, title, description, photo, expires_at, "
            "status, closed_because, closed_at, state, created_at, updated_at"
        )
        copy_sql = f"COPY exchange_post ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
            for _ in range(POSTS):
                kind, title, description = _text(chance)
                created = now - datetime.timedelta(minutes=chance.randrange(2 * 365 * 24 * 60))
                closed = chance.random() < 0.33
                copy.write_row(
                    (
                        kind,
                        chance.choice(authors),
                        chance.choice(categories),
                        chance.choice(areas),
                        title,
                        description,
                        "",
                        created + datetime.timedelta(days=90),
                        "closed" if closed else "open",
                        "expired" if closed else "",
                        created + datetime.timedelta(days=30) if closed else None,
                        "visible",
                        created,
                        created,
                    )
                )
        record_all_search_words()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE exchange_post")
            cursor.execute("VACUUM ANALYZE exchange_searchword")
            cursor.execute("ANALYZE accounts_user")
        print(
            f"  {POSTS:,} posts and their search words written in "
            f"{time.perf_counter() - started:.1f} s"
        )
        member = User.objects.get(email="bench-0@example.nl")
    return {"member": member, "category": categories[3], "area": areas[0]}


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def _measure(client: Any, path: str, query: dict[str, Any]) -> tuple[float, float]:
    response = client.get(path, query)  # warm-up: caches, the first plan
    assert response.status_code == 200, (path, query, response.status_code)
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(path, query)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return _percentiles(times)


def _found(buurtsite: Any, query: dict[str, Any]) -> int:
    """How many posts the request finds: through the selector, outside the timing."""
    from django_tenants.utils import tenant_context

    from exchange.forms import FilterForm
    from exchange.selectors import page_of_posts

    with tenant_context(buurtsite):
        form = FilterForm(query)
        assert form.is_valid(), form.errors
        return page_of_posts(form.filters()).paginator.count


def main() -> None:
    started = time.perf_counter()
    os.environ["REDIS_NAMESPACE"] = BENCH_DATABASE
    with bench_django(BENCH_DATABASE):
        from django.test import Client
        from django_tenants.utils import tenant_context

        from mijnbuurtje.demo import load_demo
        from tenants.models import Buurtsite

        print(f"Prepared database {BENCH_DATABASE}; loading the demo buurtsites")
        load_demo()
        buurtsite = Buurtsite.objects.get(slug="oost")
        ids = _fill(buurtsite)
        client = Client(HTTP_HOST=HOST)
        with tenant_context(buurtsite):
            client.force_login(ids["member"], backend="django.contrib.auth.backends.ModelBackend")

        rows: list[tuple[str, dict[str, Any]]] = [
            ("list, newest open", {}),
            ("list, page 50", {"page": 50}),
            ("list, offers in a category", {"kind": "offer", "category": ids["category"]}),
            ("list, open and closed, one area", {"status": "all", "area": ids["area"]}),
            ("search 'verhuizing'", {"q": "verhuizing"}),
            ("search 'cafe' (café)", {"q": "cafe"}),
            ("search 'buurman' (buurmna)", {"q": "buurman"}),
            ("search 'fiets repareren'", {"q": "fiets repareren"}),
            ("search 'tandarts', page 3", {"q": "tandarts", "page": 3}),
            ("search 'hond', offers", {"q": "hond", "kind": "offer"}),
            ("search 'xylofoon' (nothing)", {"q": "xylofoon"}),
        ]
        results = [
            (label, _found(buurtsite, query), *_measure(client, "/vraag-en-aanbod/", query))
            for label, query in rows
        ]
        # For scale: a page of members with no list at all, on the same machine and stack.
        results.insert(
            0, ("(reference) house rules page", 0, *_measure(client, "/huisregels/", {}))
        )
        typed = {"kind": "request", "title": "Hulp bij de verhuizing", "description": ""}
        results.append(
            (
                "suggestions while typing",
                5,
                *_measure(client, "/vraag-en-aanbod/suggesties/", typed),
            )
        )

    print()
    print(
        f"Vraag en aanbod with {POSTS:,} posts, server time per request over {REPEAT} requests "
        "(test client, full middleware):"
    )
    print(f"  {'request':<36}{'found':>8}{'p50 ms':>9}{'p95 ms':>9}   goal p95 < {GOAL_P95_MS:g}")
    for label, found, p50, p95 in results:
        verdict = "PASS" if p95 < GOAL_P95_MS else "FAIL"
        print(f"  {label:<36}{found:>8}{p50:>9.1f}{p95:>9.1f}   {verdict}")
    print(f"run time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
