"""Suspend, resume, archive, export and delete a buurtsite."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django_tenants.utils import schema_exists, tenant_context
from pytest_django import Settings

from accounts.actions import create_member
from provisioning import lifecycle
from provisioning.models import BuurtsiteExport
from tenants.models import Buurtsite, Domain
from tests.conftest import OOST_HOST


def test_suspend_and_resume(oost: Buurtsite) -> None:
    lifecycle.suspend_buurtsite(oost)
    assert Client(HTTP_HOST=OOST_HOST).get("/").status_code == 503

    lifecycle.resume_buurtsite(oost)

    assert Client(HTTP_HOST=OOST_HOST).get("/").status_code == 200


def test_archive_keeps_the_buurtsite_readable(oost: Buurtsite) -> None:
    lifecycle.archive_buurtsite(oost)

    assert oost.status == Buurtsite.Status.ARCHIVED
    assert Client(HTTP_HOST=OOST_HOST).get("/").status_code == 200
    assert Client(HTTP_HOST=OOST_HOST).post("/account/login/").status_code == 403


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Buurtsite.Status.ACTIVE, lifecycle.resume_buurtsite),
        (Buurtsite.Status.PROVISIONING, lifecycle.suspend_buurtsite),
        (Buurtsite.Status.DELETED, lifecycle.archive_buurtsite),
    ],
)
def test_status_changes_that_make_no_sense_are_refused(
    oost: Buurtsite, status: str, action: object
) -> None:
    Buurtsite.objects.filter(pk=oost.pk).update(status=status)

    with pytest.raises(ValidationError):
        action(oost)  # type: ignore[operator]

    oost.refresh_from_db()
    assert oost.status == status


def test_export_holds_every_table_and_the_media(oost: Buurtsite) -> None:
    with tenant_context(oost):
        create_member(email="józef@example.nl", password="lang-wachtwoord-9", display_name="Józef")
        default_storage.save("fotos/schuur.jpg", ContentFile(b"jpeg bytes"))

    export = lifecycle.export_buurtsite(oost)

    path = lifecycle.export_root() / export.path
    assert path.is_file() and path.stat().st_size == export.size
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        users = json.loads(archive.read("tables/accounts_user.json"))
        media = archive.read("media/fotos/schuur.jpg")
    assert "tables/django_migrations.json" in names
    assert manifest["slug"] == "oost"
    assert manifest["tables"]["accounts_user"] == len(users)
    assert {user["email"] for user in users} >= {"józef@example.nl", "bewoner@oost.localhost"}
    assert "Józef" in {user["display_name"] for user in users}  # accents survive
    assert media == b"jpeg bytes"
    # Nothing of another buurtsite is in it.
    assert not any("lindenholt" in user["email"] for user in users)


def test_delete_needs_an_export_and_the_slug(oost: Buurtsite) -> None:
    with pytest.raises(ValidationError, match="oost"):
        lifecycle.delete_buurtsite(oost, confirmation="Oost")
    with pytest.raises(ValidationError):
        lifecycle.delete_buurtsite(oost, confirmation="oost")  # no export yet

    assert schema_exists("oost")
    assert Buurtsite.objects.get(pk=oost.pk).status == Buurtsite.Status.ACTIVE


def test_delete_drops_schema_and_domains_and_keeps_a_tombstone(
    oost: Buurtsite, settings: Settings
) -> None:
    with tenant_context(oost):
        default_storage.save("fotos/weg.jpg", ContentFile(b"x"))
    lifecycle.export_buurtsite(oost)

    lifecycle.delete_buurtsite(oost, confirmation="oost")

    tombstone = Buurtsite.objects.get(pk=oost.pk)
    assert tombstone.status == Buurtsite.Status.DELETED
    assert tombstone.deleted_at is not None
    assert not schema_exists("oost")
    assert not Domain.objects.filter(tenant=tombstone).exists()
    assert not (Path(settings.MEDIA_ROOT) / "oost").exists()
    assert BuurtsiteExport.objects.filter(buurtsite=tombstone).count() == 1  # export kept
    assert Client(HTTP_HOST=OOST_HOST).get("/").status_code == 404
    with pytest.raises(ValidationError):
        lifecycle.export_buurtsite(tombstone)
