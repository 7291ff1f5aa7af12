"""Reacting to a post: a private conversation with the author that names the post."""

from __future__ import annotations

import pytest
from django.test.utils import override_settings

from accounts.models import User
from exchange.models import Post, Reaction
from members.models import Profile
from messaging.actions import block_member
from messaging.models import Message
from moderation.models import ContentState
from tests.exchange.factories import make_post
from tests.members.factories import client_for, make_member


def test_reacting_starts_a_conversation_that_refers_to_the_post(
    resident: User, neighbour: User
) -> None:
    post = make_post(resident, title="Wie leent mij een ladder?")

    response = client_for(neighbour).post(
        f"/vraag-en-aanbod/{post.pk}/reageren/", {"body": "Ik heb er één, kom maar langs!"}
    )

    reaction = Reaction.objects.get()
    assert reaction.post == post and reaction.member == neighbour
    assert response.status_code == 302
    assert response["Location"] == f"/berichten/{reaction.conversation_id}/"
    message = Message.objects.get(conversation_id=reaction.conversation_id)
    assert message.sender == neighbour
    assert "Wie leent mij een ladder?" in message.body
    assert f"/vraag-en-aanbod/{post.pk}/" in message.body
    assert "Ik heb er één, kom maar langs!" in message.body
    # The author finds it in their messages and on their post.
    inbox = client_for(resident).get(f"/berichten/{reaction.conversation_id}/")
    assert "Ik heb er één, kom maar langs!" in inbox.content.decode()
    page = client_for(resident).get(f"/vraag-en-aanbod/{post.pk}/").content.decode()
    assert "Nico Neighbour" in page and "Er is geholpen" in page


def test_a_second_reaction_continues_the_same_conversation(resident: User, neighbour: User) -> None:
    post = make_post(resident)
    client = client_for(neighbour)
    client.post(f"/vraag-en-aanbod/{post.pk}/reageren/", {"body": "Eén"})
    client.post(f"/vraag-en-aanbod/{post.pk}/reageren/", {"body": "Twee"})

    assert Reaction.objects.count() == 1
    assert Message.objects.filter(sender=neighbour).count() == 2


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("own", "Je kunt niet reageren op je eigen vraag of aanbod."),
        ("closed", "Dit is gesloten: je kunt er niet meer op reageren."),
        ("empty", "Schrijf eerst een bericht."),
        ("long", "Je bericht is te lang"),
        ("blocked_by_author", "Dit lid wil geen berichten van je krijgen."),
    ],
)
def test_reactions_that_are_refused(
    resident: User, neighbour: User, setup: str, message: str
) -> None:
    post = make_post(resident, status=Post.Status.CLOSED if setup == "closed" else "open")
    reacting = resident if setup == "own" else neighbour
    body = {"empty": "   ", "long": "x" * 1501}.get(setup, "Ik help graag!")
    if setup == "blocked_by_author":
        block_member(neighbour, acting_user=resident)

    response = client_for(reacting).post(f"/vraag-en-aanbod/{post.pk}/reageren/", {"body": body})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Reaction.objects.exists()
    assert not Message.objects.filter(sender=reacting).exists()


def test_a_hidden_post_cannot_be_reacted_to(resident: User, neighbour: User) -> None:
    post = make_post(resident, state=ContentState.HIDDEN)

    response = client_for(neighbour).post(f"/vraag-en-aanbod/{post.pk}/reageren/", {"body": "Hoi"})

    assert response.status_code == 404
    assert not Reaction.objects.exists()


def test_a_member_blocked_by_the_buurtverbinder_cannot_react(resident: User) -> None:
    post = make_post(resident)
    blocked = make_member(name="Geblokkeerd")
    client = client_for(blocked)
    Profile.objects.filter(user=blocked).update(status=Profile.Status.BLOCKED)

    response = client.post(f"/vraag-en-aanbod/{post.pk}/reageren/", {"body": "Hoi"})

    assert response.status_code in {302, 403}
    assert not Reaction.objects.exists()


@override_settings(MESSAGE_RATE_LIMIT=(2, 600))
def test_reactions_are_rate_limited_like_messages(resident: User) -> None:
    spammer = make_member(name="Sam Spam")
    client = client_for(spammer)
    posts = [make_post(resident, title=f"Vraag {number}") for number in range(3)]
    statuses = [
        client.post(
            f"/vraag-en-aanbod/{post.pk}/reageren/", {"body": "Koop mijn spullen"}
        ).status_code
        for post in posts
    ]

    assert statuses == [302, 302, 429]
    assert Reaction.objects.filter(member=spammer).count() == 2
