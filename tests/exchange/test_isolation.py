"""Ids, sessions and files of one buurtsite mean nothing on another: every URL answers 404."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import User
from exchange.actions import add_choice, confirm_help, react_to_post
from exchange.models import Area, Category, Match, Post
from tenants.models import Buurtsite
from tests.conftest import LINDENHOLT_HOST
from tests.exchange.factories import make_post
from tests.members.factories import client_for, image_upload, make_member


def test_ids_of_one_buurtsite_are_unknown_on_another(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        connector = make_member(role=User.Role.BUURTVERBINDER)
        author, helper = make_member(), make_member()
        for number in range(30):  # ids beyond those Lindenholt has
            add_choice(Category, name=f"Oost-categorie {number}", acting_user=connector)
            add_choice(Area, name=f"Oost-deel {number}", acting_user=connector)
        category = Category.objects.order_by("-pk").first()
        area = Area.objects.order_by("-pk").first()
        assert category is not None and area is not None
        post = make_post(author, category=category, area=area, photo="vraag-en-aanbod/x.jpg")
        react_to_post(post, body="Ik help", acting_user=helper)
        confirm_help(post, neighbour=helper, acting_user=author)
        confirm_help(post, neighbour=helper, acting_user=helper)
        match = Match.objects.get(post=post)

    with tenant_context(lindenholt):
        assert not Post.objects.filter(pk=post.pk).exists()
        assert not Match.objects.filter(pk=match.pk).exists()
        assert not Category.objects.filter(pk=category.pk).exists()
        assert not Area.objects.filter(pk=area.pk).exists()
        local_connector = make_member(role=User.Role.BUURTVERBINDER)
        local_member = make_member()
        connector_client = client_for(local_connector, LINDENHOLT_HOST)
        member_client = client_for(local_member, LINDENHOLT_HOST)
        gets = [
            f"/vraag-en-aanbod/{post.pk}/",
            f"/vraag-en-aanbod/{post.pk}/foto/",
            f"/vraag-en-aanbod/{post.pk}/bewerken/",
            f"/vraag-en-aanbod/{post.pk}/reageren/",
            f"/vraag-en-aanbod/{post.pk}/geholpen/",
        ]
        posts = [
            (f"/vraag-en-aanbod/{post.pk}/bewerken/", {"title": "x"}),
            (f"/vraag-en-aanbod/{post.pk}/intrekken/", {}),
            (f"/vraag-en-aanbod/{post.pk}/sluiten/", {}),
            (f"/vraag-en-aanbod/{post.pk}/heropenen/", {}),
            (f"/vraag-en-aanbod/{post.pk}/verlengen/", {"days": "7"}),
            (f"/vraag-en-aanbod/{post.pk}/reageren/", {"body": "Hoi"}),
            (f"/vraag-en-aanbod/{post.pk}/geholpen/", {"neighbour": helper.pk}),
            (f"/vraag-en-aanbod/match/{match.pk}/bedankje/", {"text": "Dank"}),
            (f"/vraag-en-aanbod/match/{match.pk}/toestemming/", {"consent": "ja"}),
            (f"/melden/post/{post.pk}/", {"reason": "spam"}),
        ]
        connector_posts = [
            (f"/buurtverbinder/vraag-en-aanbod/{post.pk}/", {"action": "hide"}),
            (
                f"/buurtverbinder/vraag-en-aanbod/categorieen/{category.pk}/",
                {"action": "rename", "name": "Gekaapt"},
            ),
            (f"/buurtverbinder/vraag-en-aanbod/buurtdelen/{area.pk}/", {"action": "off"}),
        ]
        responses = {url: member_client.get(url).status_code for url in gets}
        responses.update({url: member_client.post(url, data).status_code for url, data in posts})
        responses.update(
            {url: connector_client.post(url, data).status_code for url, data in connector_posts}
        )
        listed = member_client.get("/vraag-en-aanbod/", {"status": "all"}).content.decode()
        searched = member_client.get("/vraag-en-aanbod/", {"q": "tuin"}).content.decode()
        home = member_client.get("/").content.decode()

    assert set(responses.values()) == {404}, responses
    assert post.title not in listed and post.title not in searched and post.title not in home
    assert "Oost-categorie" not in listed


def test_the_match_count_is_per_buurtsite(oost: Buurtsite, lindenholt: Buurtsite) -> None:
    from exchange.selectors import match_count

    with tenant_context(oost):
        author, helper = make_member(), make_member()
        post = make_post(author)
        react_to_post(post, body="Ik help", acting_user=helper)
        confirm_help(post, neighbour=helper, acting_user=author)
        confirm_help(post, neighbour=helper, acting_user=helper)
        in_oost = match_count()
    with tenant_context(lindenholt):
        Match.objects.all().delete()
        assert match_count() == 0
        home = client_for(make_member(), LINDENHOLT_HOST).get("/").content.decode()
    with tenant_context(oost):
        assert match_count() == in_oost >= 1

    assert "elkaar al 0 keer geholpen" in home


def test_a_session_and_a_photo_of_oost_are_useless_on_lindenholt(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        member = make_member()
        oost_client = client_for(member)
        oost_client.post(
            "/vraag-en-aanbod/nieuw/",
            {
                "kind": "request",
                "category": Category.objects.filter(is_active=True).first().pk,  # type: ignore[union-attr]
                "title": "Met foto",
                "description": "Zie de foto",
                "open_days": "30",
                "photo": image_upload(),
            },
        )
        post = Post.objects.get(author=member)
        session = oost_client.cookies[settings.SESSION_COOKIE_NAME].value
    with tenant_context(lindenholt):
        stranger = Client(HTTP_HOST=LINDENHOLT_HOST)
        stranger.cookies[settings.SESSION_COOKIE_NAME] = session
        listing = stranger.get("/vraag-en-aanbod/")
        photo = stranger.get(f"/vraag-en-aanbod/{post.pk}/foto/")

    assert listing.status_code == 302 and photo.status_code == 302
