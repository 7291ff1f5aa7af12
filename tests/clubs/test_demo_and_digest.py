"""The demo content of clubs, news and the agenda, and their sections in the weekly digest."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from agenda.demo import load_demo_agenda
from agenda.models import Activity, SignUp
from clubs.demo import load_demo_clubs
from clubs.models import Club
from digest.sections import sections_for
from news.demo import load_demo_news
from news.models import Article, Comment
from tests.clubs.factories import make_activity, make_article, make_club
from tests.members.factories import make_member


def test_the_demo_has_dutch_clubs_news_and_activities_and_loads_twice_safely(
    in_oost: Any,
) -> None:
    members = {
        User.Role.BUURTVERBINDER: User.objects.get(email="buurtverbinder@oost.localhost"),
        User.Role.RESIDENT: User.objects.get(email="bewoner@oost.localhost"),
    }
    counts = (Club.objects.count(), Article.objects.count(), Activity.objects.count())
    assert counts[0] >= 3 and counts[1] >= 3 and counts[2] >= 3
    assert Article.objects.filter(title="Zomerfeest Nijmegen-Oost: kom ook!").exists()

    load_demo_clubs("oost", members)
    load_demo_news("oost", members)
    load_demo_agenda("oost", members)

    assert (Club.objects.count(), Article.objects.count(), Activity.objects.count()) == counts
    assert Comment.objects.filter(author=members[User.Role.RESIDENT]).count() == 1
    assert SignUp.objects.filter(member=members[User.Role.RESIDENT]).count() == 1


def test_digest_sections_show_new_news_clubs_and_whats_coming_up(
    buurtverbinder: User,
) -> None:
    since = timezone.now()
    member = make_member()
    make_article(author=buurtverbinder, title="Nieuw sinds de vorige weekmail")
    make_article(author=buurtverbinder, title="Concept telt niet", publish=False)
    make_club(name="Tafeltennisclub Ping", acting_user=buurtverbinder)
    make_activity(
        organiser=buurtverbinder,
        title="Snel: buurtborrel",
        on=timezone.localdate() + timedelta(days=5),
    )
    make_activity(
        organiser=buurtverbinder, title="Veel later", on=timezone.localdate() + timedelta(days=60)
    )

    sections = {section.key: section for section in sections_for(member, since)}

    news = [item.title for item in sections["news"].items]
    assert news == ["Nieuw sinds de vorige weekmail"]
    assert [item.title for item in sections["clubs"].items] == ["Tafeltennisclub Ping"]
    agenda = [item.title for item in sections["agenda"].items]
    assert "Snel: buurtborrel" in agenda and "Veel later" not in agenda
    assert all(item.url.startswith("/") for section in sections.values() for item in section.items)


def test_nothing_new_gives_no_news_or_clubs_section(in_oost: Any) -> None:
    later = timezone.now() + timedelta(days=1)
    keys = {section.key for section in sections_for(make_member(), later)}
    assert "news" not in keys and "clubs" not in keys
