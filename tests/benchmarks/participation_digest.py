"""How fast participation answers with many votes, and how long the weekly digest takes.

`make bench` runs this module (or `python -m tests.benchmarks.participation_digest`).

Nijmegen-Oost gets 1,000 members, 200 polls (5 open) and 1,000 votes on one poll, written
with bulk inserts. A signed-in member asks for the list, a closed poll's result and the CSV
export, each REPEAT times after one warm-up (server time, p50 and p95; goal p95 under 50 ms).
Then every member subscribes to the digest and the batches of 100 are sent (e-mail to memory):
time per batch and per e-mail, and a second run, which must send nothing.

Everything happens in a database of its own (`mijnbuurtje_bench_participation`, created and
dropped) under a Redis key prefix of its own. A benchmark reports; it exits 0 unless it crashes.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import timedelta
from typing import Any

from tests.benchmarks.support import bench_django

BENCH_DATABASE = "mijnbuurtje_bench_participation"
MEMBERS = 1_000
POLLS = 200
REPEAT = 30
GOAL_PAGE_MS = 50.0
HOST = "oost.localhost"


def _fill(buurtsite: Any) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from accounts.models import User
    from members.models import Profile
    from participation.models import Ballot, BallotChoice, Participation, PollOption

    with tenant_context(buurtsite):
        password = make_password(None)
        User.objects.bulk_create(
            User(email=f"bench-{n}@example.nl", password=password, display_name=f"Buur {n}")
            for n in range(MEMBERS)
        )
        members = list(User.objects.filter(email__startswith="bench-").order_by("pk"))
        Profile.objects.bulk_create(Profile(user=member, weekly_digest=True) for member in members)
        author = User.objects.get(email="buurtverbinder@oost.localhost")
        now = timezone.now()
        polls = Participation.objects.bulk_create(
            Participation(
                kind=Participation.Kind.POLL,
                title=f"Peiling {n}: waar komt het café-terras?",
                author=author,
                published_at=now - timedelta(days=3, minutes=n),
                # A handful open at a time, as on a real buurtsite; the rest closed.
                closes_at=now + timedelta(days=7) if n % 40 == 1 else now - timedelta(days=1),
            )
            for n in range(POLLS)
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, text=f"Keuze {k}", position=k)
            for poll in polls
            for k in range(1, 4)
        )
        closed = polls[0]
        options = list(closed.options.order_by("position"))
        ballots = Ballot.objects.bulk_create(Ballot(poll=closed, member=m) for m in members)
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, option=options[n % 3]) for n, ballot in enumerate(ballots)
        )
        return {
            "member": members[0],
            "author": author,
            "ids": [m.pk for m in members],
            "closed": closed.pk,
        }


def _measure(client: Any, path: str) -> tuple[float, float]:
    assert client.get(path).status_code == 200, path
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    os.environ["REDIS_NAMESPACE"] = BENCH_DATABASE
    with bench_django(BENCH_DATABASE):
        from django.conf import settings
        from django.core import mail
        from django.test import Client
        from django_tenants.utils import tenant_context

        from digest.actions import send_digest_batch
        from digest.selectors import week_of
        from digest.tasks import BATCH_SIZE
        from mijnbuurtje.demo import load_demo
        from tenants.models import Buurtsite

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        mail.outbox = []
        print(f"Prepared database {BENCH_DATABASE}; loading the demo buurtsites")
        load_demo()
        buurtsite = Buurtsite.objects.get(slug="oost")
        data = _fill(buurtsite)
        client = Client(HTTP_HOST=HOST)
        staff = Client(HTTP_HOST=HOST)
        backend = "django.contrib.auth.backends.ModelBackend"
        with tenant_context(buurtsite):
            client.force_login(data["member"], backend=backend)
            staff.force_login(data["author"], backend=backend)
        pages = [
            ("house rules (for comparison)", client, "/huisregels/"),
            ("list (200 polls, paged)", client, "/meedoen/"),
            ("closed poll with 1,000 votes", client, f"/meedoen/{data['closed']}/"),
            ("CSV export of that poll", staff, f"/meedoen/{data['closed']}/uitslag.csv"),
        ]
        results = [(label, *_measure(who, path)) for label, who, path in pages]

        ids = data["ids"]
        batches = [ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]
        from django.utils import timezone

        week = week_of(timezone.now())
        with tenant_context(buurtsite):
            timings = []
            for batch in batches:
                started = time.perf_counter()
                send_digest_batch(batch, week=week)
                timings.append(time.perf_counter() - started)
            sent = len(mail.outbox)
            started = time.perf_counter()
            again = sum(send_digest_batch(batch, week=week) for batch in batches)
            rerun = time.perf_counter() - started

    print()
    print(
        f"Participation with {POLLS} polls and {MEMBERS:,} votes on one poll ({REPEAT} requests):"
    )
    print(f"{'page':<32} {'p50 ms':>8} {'p95 ms':>8}  goal p95 < {GOAL_PAGE_MS:.0f} ms")
    for label, p50, p95 in results:
        mark = "ok" if p95 < GOAL_PAGE_MS else "SLOW"
        print(f"{label:<32} {p50:8.1f} {p95:8.1f}  {mark}")
    print()
    per_batch = statistics.median(timings) * 1000
    print(
        f"Weekly digest: {sent} e-mails in {len(batches)} batches of {BATCH_SIZE}; "
        f"median {per_batch:.0f} ms per batch, {per_batch / BATCH_SIZE:.1f} ms per e-mail; "
        f"second run sent {again} in {rerun * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
