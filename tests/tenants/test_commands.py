"""The registry's management commands share one base with `--tenant`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_exists

from tenants.management.base import BuurtsiteCommand
from tenants.models import Buurtsite, Municipality


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_municipality(db: None) -> None:
    output = _run("create_municipality", "--name", "Wijchen", "--cbs-code", "gm0296")

    assert "Wijchen (GM0296)" in output
    assert Municipality.objects.filter(cbs_code="GM0296", name="Wijchen").exists()


@pytest.mark.parametrize("code", ["0268", "GM26", "XX0268"])
def test_create_municipality_rejects_a_bad_cbs_code(db: None, code: str) -> None:
    with pytest.raises(CommandError, match="GM0268"):
        _run("create_municipality", "--name", "Ergens", "--cbs-code", code)
    assert not Municipality.objects.filter(name="Ergens").exists()


def test_create_buurtsite_makes_its_schema_and_subdomain(db: None) -> None:
    output = _run(
        "create_buurtsite",
        "--tenant",
        "dukenburg",
        "--name",
        "Dukenburg",
        "--municipality",
        "GM0268",
    )

    buurtsite = Buurtsite.objects.get(slug="dukenburg")
    assert "Dukenburg at dukenburg.localhost" in output
    assert buurtsite.status == Buurtsite.Status.ACTIVE
    assert buurtsite.activated_at is not None
    assert schema_exists("dukenburg")
    connection.set_schema_to_public()
    response = Client(HTTP_HOST="dukenburg.localhost").get("/")
    assert response.status_code == 200
    assert response.context["buurtsite"].name == "Dukenburg"


def test_create_buurtsite_with_a_taken_or_reserved_slug_changes_nothing(db: None) -> None:
    before = Buurtsite.objects.count()

    with pytest.raises(CommandError):
        _run("create_buurtsite", "--tenant", "oost", "--name", "Oost 2", "--municipality", "GM0268")
    with pytest.raises(CommandError, match="gereserveerd"):
        _run("create_buurtsite", "--tenant", "public", "--name", "X", "--municipality", "GM0268")
    with pytest.raises(CommandError, match="No municipality"):
        _run("create_buurtsite", "--tenant", "ooij", "--name", "Ooij", "--municipality", "GM9999")

    assert Buurtsite.objects.count() == before
    assert not schema_exists("ooij")


def test_list_buurtsites(db: None) -> None:
    output = _run("list_buurtsites")

    lines = output.strip().splitlines()
    assert len(lines) == 2
    assert any(line.startswith("oost") and "oost.localhost" in line for line in lines)
    assert any(line.startswith("lindenholt") and "GM0268" in line for line in lines)
    assert _run("list_buurtsites", "--tenant", "oost").strip().startswith("oost")


def test_commands_share_the_base_with_tenant_option() -> None:
    from django.core.management import load_command_class

    owners = {"load_demo": "mijnbuurtje", "create_buurtsite": "provisioning"}
    for name in ["create_municipality", "create_buurtsite", "list_buurtsites", "load_demo"]:
        app = owners.get(name, "tenants")
        command = load_command_class(app, name)
        assert isinstance(command, BuurtsiteCommand)
        assert "--tenant" in command.create_parser("manage.py", name).format_help()
