"""What belongs to one buurtsite is useless on another: sessions, accounts, cache, files."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django_tenants.utils import tenant_context
from pytest_django import Settings

from accounts.models import User
from tenants.models import Buurtsite
from tests.conftest import PASSWORD


def _sign_in(client: Client, email: str) -> None:
    response = client.post("/account/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_members_sign_in_on_their_own_buurtsite(oost_client: Client) -> None:
    _sign_in(oost_client, "bewoner@oost.localhost")

    response = oost_client.get("/")

    assert response.context["user"].is_authenticated
    assert response.context["user"].email == "bewoner@oost.localhost"


def test_session_cookie_of_one_buurtsite_is_anonymous_on_another(
    oost_client: Client, lindenholt_client: Client
) -> None:
    _sign_in(oost_client, "bewoner@oost.localhost")
    session_id = oost_client.cookies[settings.SESSION_COOKIE_NAME].value

    lindenholt_client.cookies[settings.SESSION_COOKIE_NAME] = session_id
    response = lindenholt_client.get("/")

    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


def test_session_cookie_of_a_buurtsite_is_anonymous_on_the_platform(
    oost_client: Client, platform_client: Client
) -> None:
    _sign_in(oost_client, "buurtverbinder@oost.localhost")
    platform_client.cookies[settings.SESSION_COOKIE_NAME] = oost_client.cookies[
        settings.SESSION_COOKIE_NAME
    ].value

    response = platform_client.get("/beheer/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]  # the admin sends strangers to sign in


def test_cookies_are_host_only(oost_client: Client) -> None:
    response = oost_client.post(
        "/account/login/", {"login": "bewoner@oost.localhost", "password": PASSWORD}
    )

    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["domain"] == ""
    assert session_cookie["httponly"] is True


def test_account_of_one_buurtsite_does_not_exist_on_another(lindenholt_client: Client) -> None:
    response = lindenholt_client.post(
        "/account/login/", {"login": "bewoner@oost.localhost", "password": PASSWORD}
    )

    assert response.status_code == 400  # the form again, with an error
    assert not response.context["user"].is_authenticated


def test_same_email_is_two_separate_accounts(oost: Buurtsite, lindenholt: Buurtsite) -> None:
    with tenant_context(oost):
        in_oost = User.objects.create_user("buur@example.nl", "eerste-wachtwoord-1")
    with tenant_context(lindenholt):
        in_lindenholt = User.objects.create_user("buur@example.nl", "tweede-wachtwoord-2")
        assert User.objects.filter(email="buur@example.nl").count() == 1
        assert not User.objects.get(email="buur@example.nl").check_password("eerste-wachtwoord-1")

    assert in_oost.pk is not None and in_lindenholt.pk is not None


def test_same_cache_key_does_not_cross_buurtsites(oost: Buurtsite, lindenholt: Buurtsite) -> None:
    with tenant_context(oost):
        cache.set("welcome-text", "Hallo Oost", 30)
    with tenant_context(lindenholt):
        assert cache.get("welcome-text") is None
        cache.set("welcome-text", "Hallo Lindenholt", 30)
    with tenant_context(oost):
        assert cache.get("welcome-text") == "Hallo Oost"
        cache.delete("welcome-text")
    with tenant_context(lindenholt):
        assert cache.get("welcome-text") == "Hallo Lindenholt"
        cache.delete("welcome-text")


def test_uploaded_file_lands_in_its_own_buurtsite_area(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    media_root = settings.MEDIA_ROOT.resolve()
    with tenant_context(oost):
        name = default_storage.save("photos/schuur.jpg", ContentFile(b"oost"))
        oost_path = default_storage.path(name)
        oost_url = default_storage.url(name)
    with tenant_context(lindenholt):
        lindenholt_exists = default_storage.exists(name)

    try:
        assert str(oost_path).startswith(str(media_root / "oost") + "/")
        assert "/oost/" in oost_url
        assert not lindenholt_exists
    finally:
        with tenant_context(oost):
            default_storage.delete(name)


def test_platform_host_has_no_buurtsite_members(platform_client: Client) -> None:
    response = platform_client.post(
        "/account/login/?next=/beheer/",
        {"login": "bewoner@oost.localhost", "password": PASSWORD},
    )

    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


def test_operator_signs_in_on_the_platform_only(
    platform_client: Client, oost_client: Client
) -> None:
    response = platform_client.post(
        "/account/login/?next=/beheer/",
        {"login": "beheer@mijnbuurtje.localhost", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert platform_client.get("/beheer/").status_code == 200

    oost_response = oost_client.post(
        "/account/login/", {"login": "beheer@mijnbuurtje.localhost", "password": PASSWORD}
    )
    assert not oost_response.context["user"].is_authenticated


def test_a_changed_media_root_moves_every_buurtsites_uploads(
    oost: Buurtsite, settings: Settings, tmp_path: Path
) -> None:
    with tenant_context(oost):
        default_storage.path("photos/a.jpg")  # the storage has read MEDIA_ROOT once

        settings.MEDIA_ROOT = tmp_path / "elsewhere"

        assert default_storage.path("photos/a.jpg") == str(tmp_path / "elsewhere/oost/photos/a.jpg")
