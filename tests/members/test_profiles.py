"""Profiles, privacy choices, photos and the member directory."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.utils import override_settings
from django_tenants.utils import tenant_context
from PIL import Image

from accounts.models import User
from members.models import Profile, Topic, Visibility
from tenants.models import Buurtsite
from tests.conftest import LINDENHOLT_HOST, OOST_HOST
from tests.members.factories import client_for, image_upload, make_member


def profile_data(**overrides: str) -> dict[str, str]:
    data = {
        "display_name": "Ria de Vries",
        "area": "Sint Annastraat",
        "about": "Ik woon hier al lang.",
        "offer": "Boodschappen doen voor wie slecht ter been is.",
        "skills": "Tuinieren, koken;  Computerhulp, tuinieren",
        "interests": "Wandelen",
    }
    data.update(overrides)
    return data


def test_member_fills_in_their_profile(resident: User) -> None:
    client = client_for(resident)

    response = client.post("/profiel/", profile_data())

    assert response.status_code == 302
    profile = Profile.objects.get(user=resident)
    resident.refresh_from_db()
    assert resident.display_name == "Ria de Vries"
    assert profile.area == "Sint Annastraat"
    # "koken" joins the demo's "Koken": one topic, whoever typed it first.
    skills = sorted(t.name.lower() for t in profile.skills.all())
    assert skills == ["computerhulp", "koken", "tuinieren"]
    assert [t.name for t in profile.interests.all()] == ["Wandelen"]
    page = client.get("/profiel/").content.decode()
    assert "Je profiel is opgeslagen." in page
    assert 'value="Ria de Vries"' in page


def test_topics_are_shared_whatever_their_capitals(resident: User, neighbour: User) -> None:
    client_for(resident).post("/profiel/", profile_data(skills="Fietsen maken"))
    client_for(neighbour).post("/profiel/", profile_data(skills="fietsen MAKEN"))

    assert Topic.objects.filter(name__iexact="fietsen maken").count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"display_name": ""}, "Vul je naam in."),
        ({"display_name": "   "}, "Vul je naam in."),
        ({"about": "x" * 1001}, "1000"),
        ({"area": "y" * 101}, "100"),
    ],
)
def test_bad_profile_input_is_refused_and_nothing_changes(
    resident: User, overrides: dict[str, str], message: str
) -> None:
    response = client_for(resident).post("/profiel/", profile_data(**overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    resident.refresh_from_db()
    assert resident.display_name == "Ria Resident"
    assert Profile.objects.get(user=resident).area == "Berg en Dalseweg"


def test_privacy_choices_decide_who_sees_the_street(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    response = client_for(resident).post(
        "/profiel/privacy/",
        {
            "area_visibility": Visibility.CONNECTORS,
            "photo_visibility": Visibility.MEMBERS,
            "about_visibility": Visibility.MEMBERS,
            "in_directory": "on",
            "notify_messages": "site",
            "notify_moderation": "email",
        },
    )
    assert response.status_code == 302

    as_neighbour = client_for(neighbour).get(f"/buren/{resident.pk}/").content.decode()
    as_connector = client_for(buurtverbinder).get(f"/buren/{resident.pk}/").content.decode()
    as_self = client_for(resident).get(f"/buren/{resident.pk}/").content.decode()

    assert "Berg en Dalseweg" not in as_neighbour
    assert "Berg en Dalseweg" in as_connector
    assert "Berg en Dalseweg" in as_self
    assert "Tuinieren" in as_neighbour


def test_bad_privacy_input_is_refused(resident: User) -> None:
    response = client_for(resident).post(
        "/profiel/privacy/", {"area_visibility": "everyone", "notify_messages": "pigeon"}
    )

    assert response.status_code == 400
    assert "Er klopt nog iets niet" in response.content.decode()
    assert Profile.objects.get(user=resident).area_visibility == Visibility.MEMBERS


def test_visitors_see_no_profile(in_oost: Buurtsite, resident: User) -> None:
    response = Client(HTTP_HOST=OOST_HOST).get(f"/buren/{resident.pk}/")

    assert response.status_code == 302


# Photos -------------------------------------------------------------------------------------


def test_photo_is_re_encoded_and_served_only_to_members(resident: User, neighbour: User) -> None:
    upload = image_upload("vakantie.png", size=(1600, 1200))

    response = client_for(resident).post("/profiel/foto/", {"photo": upload})

    assert response.status_code == 302
    profile = Profile.objects.get(user=resident)
    assert profile.photo.startswith("profielfoto/") and profile.photo.endswith(".jpg")
    with default_storage.open(profile.photo) as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 800
    photo = client_for(neighbour).get(f"/buren/{resident.pk}/foto/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert photo["Cache-Control"].startswith("private")
    default_storage.delete(profile.photo)


def test_photo_loses_its_camera_location(resident: User) -> None:
    exif = Image.Exif()
    exif[0x010F] = "Camera van Ria"  # Make
    exif[0x8825] = {2: (51.0, 50.0, 0.0)}  # GPS latitude
    upload = image_upload("gps.jpg", fmt="JPEG", exif=exif)

    client_for(resident).post("/profiel/foto/", {"photo": upload})

    profile = Profile.objects.get(user=resident)
    with default_storage.open(profile.photo) as stored:
        data = stored.read()
    assert b"Camera van Ria" not in data
    assert not Image.open(io.BytesIO(data)).getexif()
    default_storage.delete(profile.photo)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("foto.jpg", b"<html><script>alert(1)</script></html>", "geen foto"),
        ("foto.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "geen foto"),
        ("leeg.jpg", b"", "leeg"),
    ],
)
def test_files_that_are_not_photos_are_refused(
    resident: User, name: str, content: bytes, message: str
) -> None:
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")

    response = client_for(resident).post("/profiel/foto/", {"photo": upload})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Profile.objects.get(user=resident).photo == ""


def test_a_bmp_is_refused_even_though_pillow_reads_it(resident: User) -> None:
    response = client_for(resident).post(
        "/profiel/foto/", {"photo": image_upload("foto.bmp", fmt="BMP")}
    )

    assert response.status_code == 400
    assert Profile.objects.get(user=resident).photo == ""


@pytest.mark.parametrize("side", [7_000, 10_000])
def test_a_decompression_bomb_is_refused_before_decoding(resident: User, side: int) -> None:
    # A few kilobytes that unpack into 49 (our limit) or 100 (Pillow's) million pixels.
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG", optimize=True)
    assert len(buffer.getvalue()) < 100_000

    upload = SimpleUploadedFile("bom.png", buffer.getvalue(), content_type="image/png")

    response = client_for(resident).post("/profiel/foto/", {"photo": upload})

    assert response.status_code == 400
    assert "te veel pixels" in response.content.decode()


@override_settings(PROFILE_PHOTO_MAX_BYTES=10_000)
def test_a_photo_that_is_too_large_is_refused(resident: User) -> None:
    upload = image_upload("groot.png", size=(800, 800), fmt="BMP")
    upload.name = "groot.png"

    response = client_for(resident).post("/profiel/foto/", {"photo": upload})

    assert response.status_code == 400
    assert "te groot" in response.content.decode()


def test_photo_for_buurtverbinders_only_is_hidden_from_residents(
    resident: User, neighbour: User, buurtverbinder: User
) -> None:
    client_for(resident).post("/profiel/foto/", {"photo": image_upload()})
    Profile.objects.filter(user=resident).update(photo_visibility=Visibility.CONNECTORS)

    assert client_for(neighbour).get(f"/buren/{resident.pk}/foto/").status_code == 404
    assert client_for(buurtverbinder).get(f"/buren/{resident.pk}/foto/").status_code == 200
    page = client_for(neighbour).get(f"/buren/{resident.pk}/").content.decode()
    assert f"/buren/{resident.pk}/foto/" not in page
    default_storage.delete(Profile.objects.get(user=resident).photo)


def test_photo_of_one_buurtsite_is_not_served_on_another(
    oost: Buurtsite, lindenholt: Buurtsite
) -> None:
    with tenant_context(oost):
        owner = make_member(name="Foto Eigenaar")
        client_for(owner).post("/profiel/foto/", {"photo": image_upload()})
        photo_name = Profile.objects.get(user=owner).photo
    with tenant_context(lindenholt):
        stranger = make_member()
        response = client_for(stranger, LINDENHOLT_HOST).get(f"/buren/{owner.pk}/foto/")
        assert not default_storage.exists(photo_name)

    assert response.status_code == 404
    with tenant_context(oost):
        assert default_storage.exists(photo_name)
        default_storage.delete(photo_name)


def test_removing_the_photo_deletes_the_file(
    resident: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(resident)
    client.post("/profiel/foto/", {"photo": image_upload()})
    name = Profile.objects.get(user=resident).photo

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/profiel/foto/verwijderen/")

    assert response.status_code == 302
    assert Profile.objects.get(user=resident).photo == ""
    assert not default_storage.exists(name)


# Directory ----------------------------------------------------------------------------------


def _found(client: Client, **query: str) -> str:
    response = client.get("/buren/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_directory_finds_neighbours_by_skill_without_caring_for_accents(resident: User) -> None:
    make_member(name="José García", skills=["Fietsreparatie"], interests=["Café-avonden"])
    client = client_for(resident)

    assert "José García" in _found(client, q="jose")
    assert "José García" in _found(client, q="fietsreparatie")
    assert "José García" in _found(client, q="cafe")
    assert "José García" in _found(client, q="fietsreperatie")  # a typing mistake
    assert "José García" not in _found(client, q="breien")


def test_directory_honours_privacy_choices(resident: User, buurtverbinder: User) -> None:
    make_member(name="Verstopt Lid", skills=["Schaken"], in_directory=False)
    make_member(name="Stille Schaker", skills=["Schaken"], about_visibility=Visibility.CONNECTORS)
    make_member(name="Wachtend Lid", skills=["Schaken"], status=Profile.Status.PENDING)
    make_member(name="Geblokt Lid", skills=["Schaken"], status=Profile.Status.BLOCKED)

    as_resident = _found(client_for(resident), q="schaken")
    as_connector = _found(client_for(buurtverbinder), q="schaken")

    for hidden in ("Verstopt Lid", "Stille Schaker", "Wachtend Lid", "Geblokt Lid"):
        assert hidden not in as_resident
    assert "Stille Schaker" in as_connector
    assert "Verstopt Lid" not in as_connector
    # The name stays findable: only the skills were private.
    assert "Stille Schaker" in _found(client_for(resident), q="stille")


def test_directory_lists_shared_topics_and_filters_by_one(resident: User) -> None:
    make_member(name="Koos Kok", skills=["Koken"])
    topic = Topic.objects.get(name="Koken")

    page = _found(client_for(resident))
    assert f'href="?topic={topic.pk}"' in page
    filtered = _found(client_for(resident), topic=str(topic.pk))
    assert "Koos Kok" in filtered
    assert "Ria Resident" not in filtered


def test_directory_refuses_bad_input(resident: User) -> None:
    response = client_for(resident).get("/buren/", {"topic": "drop table"})

    assert response.status_code == 400


@pytest.mark.parametrize("count", [3, 25])
def test_directory_query_count_does_not_grow_with_members(
    resident: User, count: int, django_assert_max_num_queries: object
) -> None:
    for number in range(count):
        make_member(skills=["Klussen", f"Vak {number}"], interests=["Lezen"])
    client = client_for(resident)

    with django_assert_max_num_queries(22):  # type: ignore[operator]
        response = client.get("/buren/", {"q": "klussen"})

    assert response.status_code == 200
    assert len(response.context["cards"]) == min(count, 30)
