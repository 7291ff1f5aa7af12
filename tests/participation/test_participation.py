"""Announcements, polls and consultations: publishing, one vote per member, deadlines,
results after closing, the municipality's export, bad input and isolation."""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any, TypeVar

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from members.actions import delete_account
from moderation.actions import decide_on_report, report_content
from participation import actions
from participation.actions import ParticipationRefused, cast_vote, react_to_consultation
from participation.models import Ballot, BallotChoice, Participation, Reaction
from participation.tasks import close_due
from tenants.models import Buurtsite
from tests.conftest import LINDENHOLT_HOST, OOST_HOST
from tests.members.factories import client_for, make_member
from tests.participation.factories import close, make_consultation, make_poll

T = TypeVar("T")


# Publishing ----------------------------------------------------------------------------------


def test_buurtverbinder_publishes_a_poll_with_accents_intact(buurtverbinder: User) -> None:
    client = client_for(buurtverbinder)
    deadline = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        "/meedoen/nieuw/poll/",
        {
            "title": "Welk café krijgt het terras?",
            "body": "",
            "options": "Café De Blauwe Kei\nBrasserie Ëlan\n\n  Café De Blauwe Kei  ",
            "closes_at": deadline,
        },
    )

    poll = Participation.objects.get(title="Welk café krijgt het terras?")
    assert response.status_code == 302
    assert response["Location"] == f"/meedoen/{poll.pk}/"
    assert [option.text for option in poll.options.all()] == [
        "Café De Blauwe Kei",
        "Brasserie Ëlan",
    ]
    assert poll.kind == Participation.Kind.POLL and poll.author == buurtverbinder
    assert poll.is_open()


def test_municipality_publishes_a_consultation_and_an_announcement(
    municipality_staff: User,
) -> None:
    client = client_for(municipality_staff)
    deadline = (timezone.localtime() + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")

    consultation = client.post(
        "/meedoen/nieuw/consultation/",
        {"title": "Groen in de wijk", "body": "Waar wil jij meer bomen?", "closes_at": deadline},
    )
    announcement = client.post(
        "/meedoen/nieuw/announcement/",
        {"title": "Werk aan de weg", "body": "De Daalseweg is dicht van 3 tot 7 maart."},
    )

    assert consultation.status_code == 302 and announcement.status_code == 302
    assert set(Participation.objects.values_list("kind", flat=True)) == {
        "consultation",
        "announcement",
    }


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("poll", {"title": "", "options": "a\nb", "closes_at": "+1"}, "Geef het een titel."),
        ("poll", {"title": "Bankje", "options": "Alleen één", "closes_at": "+1"}, "twee"),
        ("poll", {"title": "Bankje", "options": "a\na", "closes_at": "+1"}, "twee"),
        (
            "poll",
            {"title": "Bankje", "options": "\n".join("abcdefghijk"), "closes_at": "+1"},
            "maximaal 10",
        ),
        ("poll", {"title": "Bankje", "options": "a\nb", "closes_at": "-1"}, "in de toekomst"),
        ("poll", {"title": "Bankje", "options": "a\nb", "closes_at": "+400"}, "binnen een jaar"),
        ("poll", {"title": "Bankje", "options": "a\nb", "closes_at": "morgen"}, "datum en tijd"),
        ("poll", {"title": "x" * 201, "options": "a\nb", "closes_at": "+1"}, "te lang"),
        ("consultation", {"title": "Vraag", "body": "  ", "closes_at": "+1"}, "vraag"),
        ("consultation", {"title": "Vraag", "body": "Wat?", "closes_at": ""}, "sluitingsdatum"),
        ("announcement", {"title": "Nieuws", "body": ""}, "tekst"),
    ],
)
def test_bad_input_when_publishing_is_refused_in_dutch_and_nothing_is_saved(
    buurtverbinder: User, kind: str, data: dict[str, str], message: str
) -> None:
    if data.get("closes_at", "").lstrip("+-").isdigit():
        days = int(data["closes_at"])
        moment = timezone.localtime() + timedelta(days=days)
        data = {**data, "closes_at": moment.strftime("%Y-%m-%dT%H:%M")}

    response = client_for(buurtverbinder).post(f"/meedoen/nieuw/{kind}/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Participation.objects.exists()


def test_an_unknown_kind_is_a_404(buurtverbinder: User) -> None:
    assert client_for(buurtverbinder).get("/meedoen/nieuw/referendum/").status_code == 404


@pytest.mark.parametrize("role", [User.Role.RESIDENT, User.Role.ORGANISATION])
def test_residents_and_organisations_cannot_publish(in_oost: Buurtsite, role: str) -> None:
    member = make_member(role=role)
    client = client_for(member)
    response = client.post("/meedoen/nieuw/announcement/", {"title": "Mag ik?", "body": "Nee."})

    assert response.status_code == 403
    assert client.get("/meedoen/").context["can_publish"] is False
    with pytest.raises(ParticipationRefused):
        actions.publish_announcement(title="Toch", body="Nee", acting_user=member)
    assert not Participation.objects.exists()


# Voting --------------------------------------------------------------------------------------


def test_a_member_votes_once_and_sees_no_result_before_closing(
    buurtverbinder: User, resident: User, neighbour: User
) -> None:
    poll = make_poll(buurtverbinder)
    option = poll.options.all()[1]
    client = client_for(resident)

    response = client.post(f"/meedoen/{poll.pk}/stemmen/", {"options": option.pk})
    again = client.post(f"/meedoen/{poll.pk}/stemmen/", {"options": poll.options.all()[0].pk})
    cast_vote(poll, option_ids=[option.pk], acting_user=neighbour)
    page = client.get(f"/meedoen/{poll.pk}/")

    assert response.status_code == 302
    assert again.status_code == 400
    assert "Je hebt al gestemd" in again.content.decode()
    assert Ballot.objects.filter(poll=poll).count() == 2
    assert list(
        BallotChoice.objects.filter(ballot__member=resident).values_list("option", flat=True)
    ) == [option.pk]
    assert "result" not in page.context
    assert "Uitslag" not in page.content.decode()
    assert "Je hebt gestemd" in page.content.decode()


def test_multiple_choice_only_when_the_poll_allows_it(
    buurtverbinder: User, resident: User, neighbour: User
) -> None:
    single = make_poll(buurtverbinder)
    multiple = make_poll(buurtverbinder, title="Welke activiteiten?", multiple_choice=True)
    single_ids = [option.pk for option in single.options.all()[:2]]
    multiple_ids = [option.pk for option in multiple.options.all()[:2]]

    refused = client_for(resident).post(f"/meedoen/{single.pk}/stemmen/", {"options": single_ids})
    accepted = client_for(resident).post(
        f"/meedoen/{multiple.pk}/stemmen/", {"options": multiple_ids}
    )

    assert refused.status_code == 400
    assert not Ballot.objects.filter(poll=single).exists()
    assert accepted.status_code == 302
    assert BallotChoice.objects.filter(ballot__poll=multiple).count() == 2
    with pytest.raises(ParticipationRefused, match="Kies één optie"):
        cast_vote(single, option_ids=single_ids, acting_user=neighbour)


@pytest.mark.parametrize("options", [[], ["abc"], ["999999"], ["-1"]])
def test_bad_votes_are_refused_in_dutch_and_nothing_is_saved(
    buurtverbinder: User, resident: User, options: list[str]
) -> None:
    poll = make_poll(buurtverbinder)

    response = client_for(resident).post(f"/meedoen/{poll.pk}/stemmen/", {"options": options})

    assert response.status_code == 400
    assert "optie" in response.content.decode()
    assert not Ballot.objects.exists()


def test_an_option_of_another_poll_does_not_count(buurtverbinder: User, resident: User) -> None:
    poll = make_poll(buurtverbinder)
    other = make_poll(buurtverbinder, title="Andere peiling")

    with pytest.raises(ParticipationRefused):
        cast_vote(poll, option_ids=[other.options.all()[0].pk], acting_user=resident)
    assert not Ballot.objects.exists()


def _in_own_connection(work: Callable[[], T]) -> T:
    """Commit for real, on a connection of its own, so other threads see the rows."""

    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def test_two_votes_of_one_member_at_the_same_moment_count_once(oost: Buurtsite) -> None:
    def prepare() -> tuple[int, int, int, int]:
        with tenant_context(oost):
            author = make_member(role=User.Role.BUURTVERBINDER)
            voter = make_member()
            poll = make_poll(author, title="Tegelijk stemmen")
            return author.pk, voter.pk, poll.pk, poll.options.all()[0].pk

    author_id, voter_id, poll_id, option_id = _in_own_connection(prepare)
    barrier = threading.Barrier(4)

    def vote() -> str:
        try:
            with tenant_context(oost):
                poll = Participation.objects.get(pk=poll_id)
                voter = User.objects.get(pk=voter_id)
                barrier.wait(timeout=10)
                cast_vote(poll, option_ids=[option_id], acting_user=voter)
                return "counted"
        except ParticipationRefused:
            return "refused"
        finally:
            connections.close_all()

    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            outcomes = sorted(future.result() for future in [pool.submit(vote) for _ in range(4)])

        def count() -> int:
            with tenant_context(oost):
                return Ballot.objects.filter(poll_id=poll_id, member_id=voter_id).count()

        assert outcomes == ["counted", "refused", "refused", "refused"]
        assert _in_own_connection(count) == 1
    finally:

        def clean_up() -> None:
            with tenant_context(oost):
                Participation.objects.filter(pk=poll_id).delete()
                for user in User.objects.filter(pk__in=[author_id, voter_id]):
                    delete_account(user, acting_user=user)

        _in_own_connection(clean_up)


# Deadlines -----------------------------------------------------------------------------------


def test_a_vote_after_the_deadline_is_refused_before_the_task_ran(
    buurtverbinder: User, resident: User
) -> None:
    poll = make_poll(buurtverbinder)
    close(poll)
    assert poll.closed_at is None  # the closing task has not run

    response = client_for(resident).post(
        f"/meedoen/{poll.pk}/stemmen/", {"options": poll.options.all()[0].pk}
    )

    assert response.status_code == 400
    assert "Stemmen is gesloten" in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_reaction_after_the_deadline_is_refused_before_the_task_ran(
    buurtverbinder: User, resident: User
) -> None:
    consultation = make_consultation(buurtverbinder, closed=True)

    response = client_for(resident).post(
        f"/meedoen/{consultation.pk}/reageren/", {"body": "Te laat"}
    )

    assert response.status_code == 400
    assert "gesloten" in response.content.decode()
    assert not Reaction.objects.exists()


def test_the_closing_task_closes_due_items_once(buurtverbinder: User) -> None:
    due_poll = make_poll(buurtverbinder, closed=True)
    due_consultation = make_consultation(buurtverbinder, closed=True)
    still_open = make_poll(buurtverbinder, title="Nog open")
    announcement = actions.publish_announcement(
        title="Nieuws", body="Tekst", acting_user=buurtverbinder
    )

    assert close_due.run() == 2
    assert close_due.run() == 0  # a repeated task changes nothing
    closed = dict(Participation.objects.values_list("pk", "closed_at"))
    assert closed[due_poll.pk] is not None and closed[due_consultation.pk] is not None
    assert closed[still_open.pk] is None and closed[announcement.pk] is None
    with pytest.raises(ParticipationRefused):
        cast_vote(
            Participation.objects.get(pk=due_poll.pk),
            option_ids=[due_poll.options.all()[0].pk],
            acting_user=buurtverbinder,
        )


# Results -------------------------------------------------------------------------------------


def test_results_after_closing_as_a_chart_with_numbers(
    buurtverbinder: User, resident: User, neighbour: User
) -> None:
    poll = make_poll(buurtverbinder)
    first, _second, third = poll.options.all()
    cast_vote(poll, option_ids=[first.pk], acting_user=resident)
    cast_vote(poll, option_ids=[first.pk], acting_user=neighbour)
    cast_vote(poll, option_ids=[third.pk], acting_user=buurtverbinder)
    close(poll)

    page = client_for(resident).get(f"/meedoen/{poll.pk}/")
    text = page.content.decode()

    assert page.status_code == 200
    assert [(row.text, row.votes, row.percent) for row in page.context["result"].options] == [
        ("Bij de speeltuin", 2, 67),
        ("Aan de Ubbergseweg", 0, 0),
        ("Op het pleintje", 1, 33),
    ]
    assert "3 leden hebben gestemd." in text
    assert "2 stemmen (67%)" in text and "1 stem (33%)" in text
    assert 'aria-hidden="true"' in text  # the bars are decoration; the numbers are text


def test_reactions_are_shown_after_closing_without_anonymous_names(
    buurtverbinder: User, resident: User, neighbour: User
) -> None:
    consultation = make_consultation(buurtverbinder)
    react_to_consultation(
        consultation, body="Meer bankjes, graag!", anonymous=False, acting_user=resident
    )
    client_for(neighbour).post(
        f"/meedoen/{consultation.pk}/reageren/",
        {"body": "Minder auto's in de straat.", "anonymous": "on"},
    )
    before = client_for(resident).get(f"/meedoen/{consultation.pk}/").content.decode()
    close(consultation)
    after = client_for(resident).get(f"/meedoen/{consultation.pk}/").content.decode()

    assert "Minder auto" not in before
    assert "Meer bankjes, graag!" in after and "Ria Resident" in after
    assert "Minder auto&#x27;s in de straat." in after
    assert "Nico Neighbour" not in after
    assert "Een buurtbewoner (anoniem)" in after


def test_one_reaction_per_member_and_bad_reactions_are_refused(
    buurtverbinder: User, resident: User
) -> None:
    consultation = make_consultation(buurtverbinder)
    client = client_for(resident)

    empty = client.post(f"/meedoen/{consultation.pk}/reageren/", {"body": "   "})
    too_long = client.post(f"/meedoen/{consultation.pk}/reageren/", {"body": "x" * 3001})
    first = client.post(f"/meedoen/{consultation.pk}/reageren/", {"body": "Eén reactie"})
    second = client.post(f"/meedoen/{consultation.pk}/reageren/", {"body": "Nog één"})

    assert (empty.status_code, too_long.status_code) == (400, 400)
    assert "Schrijf eerst je reactie." in empty.content.decode()
    assert "te lang" in too_long.content.decode()
    assert first.status_code == 302
    assert second.status_code == 400 and "al gereageerd" in second.content.decode()
    assert list(Reaction.objects.values_list("body", flat=True)) == ["Eén reactie"]


def test_voting_on_a_consultation_or_reacting_to_a_poll_is_a_404(
    buurtverbinder: User, resident: User
) -> None:
    poll = make_poll(buurtverbinder)
    consultation = make_consultation(buurtverbinder)
    client = client_for(resident)

    assert client.post(f"/meedoen/{consultation.pk}/stemmen/", {"options": 1}).status_code == 404
    assert client.post(f"/meedoen/{poll.pk}/reageren/", {"body": "Hoi"}).status_code == 404
    assert client.get("/meedoen/999999/").status_code == 404


# Export --------------------------------------------------------------------------------------


def test_poll_export_is_utf8_csv_with_bom_and_semicolons(
    municipality_staff: User, resident: User
) -> None:
    poll = make_poll(municipality_staff, options=("Café Één", "Brasserie Ëlan"))
    cast_vote(poll, option_ids=[poll.options.all()[0].pk], acting_user=resident)
    close(poll)

    response = client_for(municipality_staff).get(f"/meedoen/{poll.pk}/uitslag.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Optie", "Stemmen", "Percentage van de stemmers"]
    assert rows[1] == ["Café Één", "1", "100"]
    assert rows[2] == ["Brasserie Ëlan", "0", "0"]
    assert rows[3] == ["Leden die stemden", "1", ""]


def test_consultation_export_leaves_out_anonymous_names(
    buurtverbinder: User, resident: User, neighbour: User
) -> None:
    consultation = make_consultation(buurtverbinder)
    react_to_consultation(
        consultation, body="Prachtig; écht!", anonymous=False, acting_user=resident
    )
    react_to_consultation(consultation, body="Liever niet", anonymous=True, acting_user=neighbour)
    close(consultation)
    client = client_for(buurtverbinder)

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/meedoen/{consultation.pk}/uitslag.csv").content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    data = json.loads(client.get(f"/meedoen/{consultation.pk}/uitslag.json").content)

    assert rows[0] == ["Reactie", "Naam", "Datum"]
    assert rows[1][:2] == ["Prachtig; écht!", "Ria Resident"]
    assert rows[2][:2] == ["Liever niet", ""]
    assert [reaction["name"] for reaction in data["reactions"]] == ["Ria Resident", None]
    assert data["reactions"][0]["text"] == "Prachtig; écht!"
    assert "Nico" not in json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("role", [User.Role.RESIDENT, User.Role.ORGANISATION])
def test_only_municipality_and_buurtverbinder_may_export(buurtverbinder: User, role: str) -> None:
    poll = make_poll(buurtverbinder, closed=True)
    client = client_for(make_member(role=role))

    assert client.get(f"/meedoen/{poll.pk}/uitslag.csv").status_code == 403
    assert client.get(f"/meedoen/{poll.pk}/uitslag.json").status_code == 403


def test_no_export_before_closing(buurtverbinder: User) -> None:
    poll = make_poll(buurtverbinder)

    response = client_for(buurtverbinder).get(f"/meedoen/{poll.pk}/uitslag.csv")

    assert response.status_code == 409
    assert "na de sluitingsdatum" in response.content.decode()


# Who may do what, isolation, query counts ------------------------------------------------------


def test_visitors_are_sent_to_sign_in(in_oost: Buurtsite) -> None:
    for path in ["/meedoen/", "/meedoen/1/", "/meedoen/nieuw/poll/", "/meedoen/1/uitslag.csv"]:
        response = Client(HTTP_HOST=OOST_HOST).get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")


def test_every_url_of_one_buurtsite_is_useless_on_another(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        author = make_member(role=User.Role.BUURTVERBINDER)
        poll = make_poll(author, closed=True)
        consultation = make_consultation(author, closed=True)
        open_poll = make_poll(author, title="Nog open in Oost")
        option_id = open_poll.options.all()[0].pk
        open_consultation = make_consultation(author, title="Open vraag in Oost")
    with tenant_context(lindenholt):
        stranger = make_member(role=User.Role.BUURTVERBINDER)
        client = client_for(stranger, LINDENHOLT_HOST)
        answers = [
            client.get(f"/meedoen/{poll.pk}/").status_code,
            client.get(f"/meedoen/{consultation.pk}/").status_code,
            client.get(f"/meedoen/{poll.pk}/uitslag.csv").status_code,
            client.get(f"/meedoen/{consultation.pk}/uitslag.json").status_code,
            client.post(f"/meedoen/{open_poll.pk}/stemmen/", {"options": option_id}).status_code,
            client.post(
                f"/meedoen/{open_consultation.pk}/reageren/", {"body": "Hallo"}
            ).status_code,
        ]
        listed = client.get("/meedoen/").context
        assert close_due.run() == 0  # Oost's overdue items are not Lindenholt's
        assert not Ballot.objects.exists() and not Reaction.objects.exists()

    assert answers == [404] * 6
    assert listed["open_items"] == [] and listed["other_items"] == []
    with tenant_context(oost):
        assert Participation.objects.filter(closed_at__isnull=True).count() == 4


@pytest.mark.parametrize("count", [2, 12])
def test_list_query_count_does_not_grow(
    buurtverbinder: User, resident: User, count: int, django_assert_max_num_queries: Any
) -> None:
    for number in range(count):
        poll = make_poll(buurtverbinder, title=f"Peiling {number}", closed=number % 2 == 0)
        make_consultation(buurtverbinder, title=f"Vraag {number}")
        if number % 2:
            cast_vote(poll, option_ids=[poll.options.all()[0].pk], acting_user=resident)
    client = client_for(resident)

    with django_assert_max_num_queries(16):
        response = client.get("/meedoen/")

    assert response.status_code == 200
    assert len(response.context["open_items"]) + len(response.context["other_items"]) == 2 * count


@pytest.mark.parametrize("count", [2, 12])
def test_result_and_reactions_query_count_does_not_grow(
    buurtverbinder: User, count: int, django_assert_max_num_queries: Any
) -> None:
    poll = make_poll(buurtverbinder)
    consultation = make_consultation(buurtverbinder)
    for _ in range(count):
        voter = make_member()
        cast_vote(poll, option_ids=[poll.options.all()[0].pk], acting_user=voter)
        react_to_consultation(consultation, body="Goed plan", anonymous=False, acting_user=voter)
    close(poll)
    close(consultation)
    client = client_for(buurtverbinder)

    with django_assert_max_num_queries(22):
        assert client.get(f"/meedoen/{poll.pk}/").status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(f"/meedoen/{consultation.pk}/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"/meedoen/{consultation.pk}/uitslag.csv").status_code == 200


# Moderation and the member's own data -----------------------------------------------------------


def test_a_reported_reaction_can_be_hidden_and_leaves_the_page_and_the_export(
    buurtverbinder: User, resident: User, neighbour: User
) -> None:
    consultation = make_consultation(buurtverbinder)
    reaction = react_to_consultation(
        consultation, body="Iets wat niet door de beugel kan", anonymous=True, acting_user=resident
    )
    before_closing = client_for(neighbour).get(f"/melden/consultation_reply/{reaction.pk}/")
    close(consultation)
    page = client_for(neighbour).get(f"/meedoen/{consultation.pk}/").content.decode()

    report = report_content(
        kind="consultation_reply", object_id=reaction.pk, reason="rude", acting_user=neighbour
    )
    decide_on_report(
        report, action="hide", reason="Dit past niet bij de huisregels.", acting_user=buurtverbinder
    )
    after = client_for(neighbour).get(f"/meedoen/{consultation.pk}/").content.decode()
    export = client_for(buurtverbinder).get(f"/meedoen/{consultation.pk}/uitslag.json")

    assert before_closing.status_code == 404  # nobody else can see it yet
    assert f"/melden/consultation_reply/{reaction.pk}/" in page
    assert "niet door de beugel" not in after
    assert json.loads(export.content)["reactions"] == []


def test_the_members_data_export_holds_their_votes_and_reactions(
    buurtverbinder: User, resident: User
) -> None:
    poll = make_poll(buurtverbinder)
    consultation = make_consultation(buurtverbinder)
    cast_vote(poll, option_ids=[poll.options.all()[0].pk], acting_user=resident)
    react_to_consultation(consultation, body="Graag één boom", anonymous=True, acting_user=resident)

    data = json.loads(client_for(resident).get("/profiel/mijn-gegevens.json").content)

    assert data["participation"]["votes"] == [{"poll": poll.pk, "option": "Bij de speeltuin"}]
    assert data["participation"]["consultation_replys"][0]["text"] == "Graag één boom"


def test_announcements_and_results_are_paged(buurtverbinder: User, resident: User) -> None:
    for number in range(25):
        actions.publish_announcement(
            title=f"Mededeling {number}", body="Tekst", acting_user=buurtverbinder
        )
    make_poll(buurtverbinder, title="Nog open")
    client = client_for(resident)

    first = client.get("/meedoen/")
    second = client.get("/meedoen/?page=2")

    assert [item.title for item in first.context["open_items"]] == ["Nog open"]
    assert len(first.context["other_items"]) == 20
    assert len(second.context["other_items"]) == 5
    assert [item.title for item in second.context["open_items"]] == ["Nog open"]
    assert client.get("/meedoen/?page=onzin").status_code == 200
