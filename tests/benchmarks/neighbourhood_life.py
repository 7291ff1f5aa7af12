"""How fast news, the agenda, clubs and their feeds answer in a busy buurtsite, and how signing
up behaves when many neighbours want the last places at the same moment.

`make bench` runs this module (or `python -m tests.benchmarks.neighbourhood_life` from the root).

Nijmegen-Oost gets 300 members, 40 clubs, 2,000 news articles with 20,000 comments and 2,000
activities (a year back and a year ahead) with 20,000 sign-ups, written with bulk inserts. A
signed-in member asks for pages through Django's test client (real middleware and templates),
each REPEAT times after one warm-up; the table shows server time per request, p50 and p95.
Goal: p95 under 50 ms for pages, under 250 ms for the feeds (they hold every upcoming
activity or the latest 20 articles).

Then 60 members, each on a connection of their own, sign up for one activity with 10 places at
the same moment: exactly 10 get a place, 50 land on the waiting list, none twice.

Everything happens in a database of its own (`mijnbuurtje_bench_life`, created and dropped)
under a Redis key prefix of its own. A benchmark reports; it exits 0 unless something crashes.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.benchmarks.support import bench_django

BENCH_DATABASE = "mijnbuurtje_bench_life"
MEMBERS = 300
CLUBS = 40
ARTICLES = 2_000
COMMENTS = 20_000
ACTIVITIES = 2_000
SIGN_UPS = 20_000
REPEAT = 30
GOAL_PAGE_MS = 50.0
GOAL_FEED_MS = 250.0
RUSH_MEMBERS = 60
RUSH_PLACES = 10
HOST = "oost.localhost"

_TOPICS = [
    "Straatfeest",
    "Repair Café",
    "Koffieochtend",
    "Buurtlunch",
    "Wandeling door de Ooijpolder",
    "Opschoondag",
    "Crème brûlée bakken",
    "Spelletjesmiddag",
    "Informatieavond over de nieuwe speeltuin",
    "Fietsen repareren",
]


def _fill(buurtsite: Any) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from accounts.models import User
    from agenda.models import Activity, SignUp
    from clubs.models import Club, ClubMembership
    from news.models import Article, Comment

    chance = random.Random(7)
    started = time.perf_counter()
    with tenant_context(buurtsite):
        password = make_password(None)
        User.objects.bulk_create(
            User(email=f"bench-{n}@example.nl", password=password, display_name=f"Buur {n}")
            for n in range(MEMBERS)
        )
        members = list(User.objects.filter(email__startswith="bench-").values_list("pk", flat=True))
        writer = User.objects.get(email="buurtverbinder@oost.localhost")
        Club.objects.bulk_create(
            Club(name=f"Club {n}: {chance.choice(_TOPICS)}", description="Samen bezig zijn.")
            for n in range(CLUBS)
        )
        clubs = list(Club.objects.values_list("pk", flat=True))
        ClubMembership.objects.bulk_create(
            ClubMembership(club_id=club, member_id=member, show_on_page=chance.random() < 0.5)
            for club in clubs
            for member in chance.sample(members, 30)
        )
        now = timezone.now()
        Article.objects.bulk_create(
            Article(
                title=f"{chance.choice(_TOPICS)} in Nijmegen-Oost ({n})",
                summary="Lees hier wat er in de buurt gebeurt.",
                body="<p>Een <strong>mooi</strong> bericht uit de buurt, met één accent.</p>",
                author=writer,
                club_id=chance.choice([*clubs, None, None]),
                status="published" if n % 10 else "draft",
                published_at=now - datetime.timedelta(hours=n),
            )
            for n in range(ARTICLES)
        )
        articles = list(Article.objects.values_list("pk", flat=True))
        Comment.objects.bulk_create(
            Comment(
                article_id=chance.choice(articles), author_id=chance.choice(members), body="Leuk!"
            )
            for _ in range(COMMENTS)
        )
        today = timezone.localdate()
        Activity.objects.bulk_create(
            Activity(
                title=f"{chance.choice(_TOPICS)} ({n})",
                description="Iedereen is welkom.",
                date=today + datetime.timedelta(days=chance.randrange(-365, 366)),
                start_time=datetime.time(chance.randrange(9, 21), 0),
                end_time=datetime.time(22, 0),
                place="Buurthuis De Klokkenberg",
                organiser=writer,
                club_id=chance.choice([*clubs, None]),
                capacity=chance.choice([None, 20, 50]),
            )
            for n in range(ACTIVITIES)
        )
        activities = list(Activity.objects.values_list("pk", flat=True))
        pairs = set()
        while len(pairs) < SIGN_UPS:
            pairs.add((chance.choice(activities), chance.choice(members)))
        SignUp.objects.bulk_create(
            SignUp(activity_id=activity, member_id=member, status="confirmed")
            for activity, member in pairs
        )
        busy_article = Article.objects.filter(status="published").order_by("-published_at")[0]
        Comment.objects.bulk_create(
            Comment(article=busy_article, author_id=chance.choice(members), body="Mooi!")
            for _ in range(50)
        )
        busy_activity = Activity.objects.filter(date__gte=today).order_by("date")[0]
        member = User.objects.get(email="bench-0@example.nl")
    print(f"  data written in {time.perf_counter() - started:.1f} s")
    return {
        "member": member,
        "article": busy_article.pk,
        "activity": busy_activity.pk,
        "club": clubs[0],
        "members": members,
    }


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def _measure(client: Any, path: str) -> tuple[float, float]:
    assert client.get(path).status_code == 200, path  # warm-up
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, path
    return _percentiles(times)


def _rush(buurtsite: Any, member_ids: list[int]) -> tuple[int, int, int, float]:
    """RUSH_MEMBERS sign-ups for RUSH_PLACES places at once, each on its own connection."""
    from django.db import connections
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from accounts.models import User
    from agenda.actions import ActivityDetails, save_activity, sign_up
    from agenda.models import Activity, SignUp

    with tenant_context(buurtsite):
        organiser = User.objects.get(email="buurtverbinder@oost.localhost")
        activity = save_activity(
            None,
            details=ActivityDetails(
                title="Rondleiding in de Stevenskerk",
                description="Tien plekken.",
                date=timezone.localdate() + datetime.timedelta(days=5),
                start_time=datetime.time(14, 0),
                place="Stevenskerk",
                capacity=RUSH_PLACES,
            ),
            acting_user=organiser,
        )
    gate = threading.Barrier(RUSH_MEMBERS)

    def attempt(member_id: int) -> float:
        try:
            with tenant_context(buurtsite):
                target = Activity.objects.get(pk=activity.pk)
                member = User.objects.get(pk=member_id)
                gate.wait(timeout=60)
                started = time.perf_counter()
                sign_up(target, acting_user=member)
                return time.perf_counter() - started
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=RUSH_MEMBERS) as pool:
        waits = list(pool.map(attempt, member_ids[:RUSH_MEMBERS]))
    with tenant_context(buurtsite):
        rows = SignUp.objects.filter(activity=activity)
        confirmed = rows.filter(status="confirmed").count()
        waiting = rows.filter(status="waiting").count()
        distinct = rows.values("member").distinct().count()
    return confirmed, waiting, distinct, max(waits) * 1000


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

        pages = [
            ("house rules (for comparison)", "/huisregels/", GOAL_PAGE_MS),
            ("news list", "/nieuws/", GOAL_PAGE_MS),
            ("news list, page 100", "/nieuws/?page=100", GOAL_PAGE_MS),
            ("article with 50+ comments", f"/nieuws/{ids['article']}/", GOAL_PAGE_MS),
            ("agenda, coming up", "/agenda/", GOAL_PAGE_MS),
            ("agenda, past, page 20", "/agenda/geweest/?page=20", GOAL_PAGE_MS),
            ("activity page", f"/agenda/{ids['activity']}/", GOAL_PAGE_MS),
            ("club list", "/clubs/", GOAL_PAGE_MS),
            ("club page", f"/clubs/{ids['club']}/", GOAL_PAGE_MS),
            ("RSS feed (20 articles)", "/nieuws/rss/", GOAL_FEED_MS),
            ("iCal feed (all upcoming, cached)", "/agenda/agenda.ics", GOAL_FEED_MS),
            ("iCal of one activity", f"/agenda/{ids['activity']}/agenda.ics", GOAL_PAGE_MS),
        ]
        results = [(label, *_measure(client, path), goal) for label, path, goal in pages]
        rush = _rush(buurtsite, ids["members"])

    print()
    print(
        f"Neighbourhood life with {ARTICLES:,} articles, {COMMENTS:,} comments, "
        f"{ACTIVITIES:,} activities and {SIGN_UPS:,} sign-ups; server time per request over "
        f"{REPEAT} requests (test client, full middleware):"
    )
    print(f"  {'request':<30}{'p50 ms':>9}{'p95 ms':>9}   goal p95")
    for label, p50, p95, goal in results:
        verdict = "PASS" if p95 < goal else "FAIL"
        print(f"  {label:<30}{p50:>9.1f}{p95:>9.1f}   < {goal:g} {verdict}")
    confirmed, waiting, distinct, slowest = rush
    verdict = (
        "PASS"
        if (confirmed, waiting, distinct) == (RUSH_PLACES, RUSH_MEMBERS - RUSH_PLACES, RUSH_MEMBERS)
        else "FAIL"
    )
    print(
        f"\n{RUSH_MEMBERS} members sign up for {RUSH_PLACES} places at once: {confirmed} got a "
        f"place, {waiting} on the waiting list, {distinct} distinct members; the slowest waited "
        f"{slowest:.0f} ms for the lock. {verdict}"
    )
    print(f"run time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
