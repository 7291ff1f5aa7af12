"""Monthly figures: who may see them, what they count, the CSV for Dutch Excel, isolation."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from exchange.actions import PostInput, create_post
from exchange.models import Category, Match, Post
from figures.actions import note_active_month
from figures.models import MonthlySignIn
from figures.selectors import Figures, last_months, monthly_figures
from marketplace.actions import create_item
from marketplace.models import Item
from members.permissions import can_view_figures
from messaging.actions import send_message
from referrals.actions import ReferralTarget, ask_for_help, refer_help_request
from referrals.models import HelpRequest, Referral
from tenants.models import Buurtsite
from tests.conftest import LINDENHOLT_HOST
from tests.members.factories import client_for, make_member


def _months_ago(count: int) -> dt.datetime:
    """The middle of the month `count` months before this one."""
    month = last_months(timezone.localdate(), count + 1)[0]
    return timezone.make_aware(dt.datetime.combine(month.replace(day=15), dt.time(12)))


def _add_activity(buurtverbinder: User) -> dict[str, Any]:
    """Two months of activity: some now, some three months ago."""
    asker = make_member(name="Aïsha")
    seller = make_member()
    category = Category.objects.first() or Category.objects.create(name="Klusjes")
    for months_ago in (0, 3, 3):
        item = create_item(kind=Item.Kind.GIVE, title="Stoel", acting_user=seller)
        Item.objects.filter(pk=item.pk).update(created_at=_months_ago(months_ago))
        help_request = ask_for_help(subject="Hulp", description="x", acting_user=asker)
        HelpRequest.objects.filter(pk=help_request.pk).update(created_at=_months_ago(months_ago))
        referral = refer_help_request(
            help_request,
            acting_user=buurtverbinder,
            target=ReferralTarget(kind="other", name="Huisarts"),
        )
        Referral.objects.filter(pk=referral.pk).update(created_at=_months_ago(months_ago))
    for kind in (Post.Kind.REQUEST, Post.Kind.OFFER, Post.Kind.OFFER):
        post = create_post(
            data=PostInput(kind=kind, category=category, title="Hulp met de tuin", description="x"),
            acting_user=seller,
        )
        Post.objects.filter(pk=post.pk).update(created_at=_months_ago(1))
    confirmed = _months_ago(1)
    Match.objects.create(
        post=post,
        neighbour=asker,
        author_confirmed_at=confirmed,
        neighbour_confirmed_at=confirmed,
        matched_at=confirmed,
    )
    return {"asker": asker, "seller": seller}


def _row(figures: Figures, months_ago: int) -> dict[str, int]:
    return figures.rows[-1 - months_ago].values


# Who may see them ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (User.Role.RESIDENT, False),
        (User.Role.ORGANISATION, False),
        (User.Role.MUNICIPALITY, True),
        (User.Role.BUURTVERBINDER, True),
    ],
)
def test_the_buurtverbinder_and_the_municipality_see_the_figures(
    in_oost: Buurtsite, role: str, allowed: bool
) -> None:
    member = make_member(role=role)
    client = client_for(member)

    assert can_view_figures(member) is allowed
    assert client.get("/cijfers/").status_code == (200 if allowed else 403)
    assert client.get("/cijfers/cijfers.csv").status_code == (200 if allowed else 403)


def test_visitors_are_sent_to_sign_in(oost_client: Client) -> None:
    for url in ["/cijfers/", "/cijfers/cijfers.csv"]:
        response = oost_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")


# What they count ----------------------------------------------------------------------------


def test_twelve_months_oldest_first() -> None:
    months = last_months(dt.date(2026, 2, 17))
    assert months[0] == dt.date(2025, 3, 1) and months[-1] == dt.date(2026, 2, 1)
    assert len(months) == 12 and all(month.day == 1 for month in months)


def test_the_figures_count_each_month(buurtverbinder: User) -> None:
    before = monthly_figures()
    made = _add_activity(buurtverbinder)
    after = monthly_figures()

    def added(months_ago: int, key: str) -> int:
        return _row(after, months_ago)[key] - _row(before, months_ago)[key]

    assert after.has_exchange
    assert (added(0, "marketplace_items"), added(3, "marketplace_items")) == (1, 2)
    assert (added(0, "help_requests"), added(3, "help_requests")) == (1, 2)
    assert (added(0, "referrals"), added(3, "referrals")) == (1, 2)
    assert (added(1, "requests"), added(1, "offers"), added(1, "matches")) == (1, 2, 1)
    # Two new members this month; the stock carries on.
    assert added(0, "members") == 2
    assert added(3, "members") == 0
    # Active: the asker and seller posted in both months; the buurtverbinder sent messages
    # (referring does not message "other"), so only the two.
    assert added(3, "active_members") == 2
    assert added(0, "active_members") == 2
    assert added(1, "active_members") == 1  # the seller's requests and offers
    assert after.totals["members"] is None
    assert after.totals["marketplace_items"] == sum(after.column("marketplace_items"))
    assert made["asker"].display_name == "Aïsha"


def test_signing_in_makes_a_member_active_once_a_month(resident: User) -> None:
    before = _row(monthly_figures(), 0)["active_members"]
    client = Client(HTTP_HOST="oost.localhost")
    for _ in range(2):
        assert (
            client.post(
                "/account/login/", {"login": resident.email, "password": "buurt-demo-2026"}
            ).status_code
            == 302
        )
    assert MonthlySignIn.objects.filter(user=resident).count() == 1
    note_active_month(resident)
    assert _row(monthly_figures(), 0)["active_members"] == before + 1


def test_a_message_makes_a_member_active(resident: User, neighbour: User) -> None:
    before = _row(monthly_figures(), 0)["active_members"]
    send_message(neighbour, body="Hoi", acting_user=resident)
    assert _row(monthly_figures(), 0)["active_members"] == before + 1


def test_the_page_shows_charts_a_table_and_the_definition(buurtverbinder: User) -> None:
    _add_activity(buurtverbinder)
    page = client_for(buurtverbinder).get("/cijfers/").content.decode()

    assert "Actieve leden" in page
    assert "Leden die in die maand hebben ingelogd of iets hebben geplaatst" in page
    assert page.count("<svg") == 8
    assert 'role="img"' in page and "<table>" in page
    month = timezone.localdate()
    dutch = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"]
    dutch += ["september", "oktober", "november", "december"]
    assert f"{dutch[month.month - 1]} {month.year}" in page
    # SVG coordinates keep a decimal point whatever the language.
    assert 'width="28' in page and "," not in page.split('<rect class="bar" ')[1].split(">")[0]


# The CSV ------------------------------------------------------------------------------------


def _csv(client: Client) -> tuple[bytes, list[list[str]]]:
    response = client.get("/cijfers/cijfers.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="cijfers-oost-')
    content = response.content
    return content, list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_is_for_dutch_excel_and_its_totals_match(buurtverbinder: User) -> None:
    _add_activity(buurtverbinder)
    figures = monthly_figures()
    client = client_for(buurtverbinder)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # Dutch CSV all the same

    content, rows = _csv(client)

    assert content.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel needs for UTF-8
    content[3:].decode("utf-8", errors="strict")
    assert b";" in content.splitlines()[0]
    header, *months, total = rows
    assert header == [
        "Maand",
        "Leden",
        "Actieve leden",
        "Vragen",
        "Aanbod",
        "Matches",
        "Hulpvragen",
        "Doorverwijzingen",
        "Marktplaats",
    ]
    assert len(months) == 12
    today = timezone.localdate()
    assert months[-1][0].endswith(str(today.year)) and months[-1][0].split()[0].islower()
    assert total[0] == "Totaal" and total[1] == ""
    for column in range(2, len(header)):
        assert int(total[column]) == sum(int(row[column]) for row in months)
    assert [int(row[7]) for row in months] == figures.column("referrals")
    assert [int(row[1]) for row in months] == figures.column("members")


# Queries and isolation ----------------------------------------------------------------------


@pytest.mark.parametrize("rounds", [1, 4])
def test_query_count_does_not_grow_with_data(
    buurtverbinder: User, rounds: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(rounds):
        _add_activity(buurtverbinder)
    client = client_for(buurtverbinder)
    with django_assert_max_num_queries(16):
        assert client.get("/cijfers/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/cijfers/cijfers.csv").status_code == 200


def test_figures_are_per_buurtsite(oost: Buurtsite, lindenholt: Buurtsite) -> None:
    with tenant_context(lindenholt):
        before = monthly_figures()
    with tenant_context(oost):
        connector = make_member(role=User.Role.BUURTVERBINDER)
        _add_activity(connector)
        oost_session = client_for(connector)
    with tenant_context(lindenholt):
        after = monthly_figures()
        # An Oost session is anonymous on Lindenholt.
        stranger = Client(HTTP_HOST=LINDENHOLT_HOST)
        stranger.cookies = oost_session.cookies
        response = stranger.get("/cijfers/cijfers.csv")

    assert after.rows == before.rows
    assert response.status_code == 302
