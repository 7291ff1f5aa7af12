"""Open Referral HSDS 3.0: export valid against the schemas, round trips, all-or-nothing
imports with the line and the reason, and the read-only API per municipality."""

from __future__ import annotations

import copy
import json
import uuid
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from organisations.models import Location, Organisation, Service
from socialmap_platform.actions import import_hsds
from socialmap_platform.models import HsdsIdentifier, HsdsImport
from socialmap_platform.problems import HsdsImportError
from socialmap_platform.selectors import export_municipality
from tenants.models import Municipality
from tests.conftest import PLATFORM_HOST
from tests.socialmap.conftest import City

SCHEMAS = Path(__file__).resolve().parents[3] / "platform/socialmap_platform/hsds_schema"
NIJMEGEN = "GM0268"


def _registry() -> Registry[Any]:
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in SCHEMAS.glob("*.json")
    ]
    return Registry().with_resources(resources)


def _errors(kind: str, document: dict[str, Any]) -> list[str]:
    schema = json.loads((SCHEMAS / kind).read_text())
    validator = Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())
    return [error.message for error in validator.iter_errors(document)]


def _state() -> list[tuple[Any, ...]]:
    """Everything an import could change, to compare before and after."""
    return [
        *Organisation.objects.order_by("pk").values_list(
            "pk", "name", "description", "email", "website", "phone", "kvk_number", "updated_at"
        ),
        *Service.objects.order_by("pk").values_list(
            "pk",
            "name",
            "description",
            "categories",
            "target_groups",
            "withdrawn_at",
            "serves_all_buurtsites",
            "updated_at",
        ),
        *Location.objects.order_by("pk").values_list(
            "pk", "name", "street_address", "latitude", "longitude"
        ),
        *HsdsIdentifier.objects.order_by("pk").values_list("pk", "uuid"),
        *Service.locations.through.objects.order_by("pk").values_list(
            "pk", "service_id", "location_id"
        ),
        *Organisation.buurtsites.through.objects.order_by("pk").values_list(
            "pk", "organisation_id", "buurtsite_id"
        ),
    ]


@pytest.fixture
def nijmegen(city: City) -> Municipality:
    return Municipality.objects.get(cbs_code=NIJMEGEN)


def test_export_is_valid_hsds_3(nijmegen: Municipality) -> None:
    document = export_municipality(nijmegen)

    assert document["organizations"] and document["services"]
    for organisation in document["organizations"]:
        assert _errors("organization.json", organisation) == []
    for service in document["services"]:
        assert _errors("service.json", service) == []
    debts = next(s for s in document["services"] if s["name"] == "Schuldhulpverlening")
    assert {a["value"] for a in debts["attributes"]} == {"geldzaken", "iedereen"}
    assert debts["service_areas"][0]["uri"] == "oost"
    assert debts["service_at_locations"][0]["location_id"] in {
        loc["id"] for org in document["organizations"] for loc in org["locations"]
    }
    taal = next(s for s in document["services"] if s["name"] == "Taalcafé")
    assert "Taalcafé" in json.dumps(document, ensure_ascii=False)
    assert taal["status"] == "active"


def test_export_reimported_changes_nothing_and_keeps_the_ids(nijmegen: Municipality) -> None:
    document = export_municipality(nijmegen)
    before = _state()

    result = import_hsds(nijmegen, raw=json.dumps(document))

    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged > 0
    assert _state() == before
    assert export_municipality(nijmegen) == document


def _foreign_file(nijmegen: Municipality) -> dict[str, Any]:
    """An export with every id replaced: a file from another system."""
    text = json.dumps(export_municipality(nijmegen), ensure_ascii=False)
    ids = set()
    for key in ("organizations", "services"):
        for item in json.loads(text)[key]:
            ids.add(item["id"])
            ids.update(loc["id"] for loc in item.get("locations", []))
    for old in ids:
        text = text.replace(old, str(uuid.uuid4()))
    return json.loads(text)


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    nijmegen: Municipality,
) -> None:
    raw = json.dumps(_foreign_file(nijmegen))
    organisations = Organisation.objects.count()

    first = import_hsds(nijmegen, raw=raw)
    after_first = _state()
    second = import_hsds(nijmegen, raw=raw)

    assert first.created > 0
    assert Organisation.objects.count() == organisations * 2  # copies, under the file's ids
    assert (second.created, second.updated) == (0, 0)
    assert _state() == after_first
    # The file's ids are kept, so an export names the copies as the file did.
    exported = {o["id"] for o in export_municipality(nijmegen)["organizations"]}
    assert {o["id"] for o in json.loads(raw)["organizations"]} <= exported


def _refused(nijmegen: Municipality, raw: str) -> HsdsImportError:
    before = _state()
    imports = HsdsImport.objects.count()
    with pytest.raises(HsdsImportError) as refused:
        import_hsds(nijmegen, raw=raw)
    assert _state() == before, "an import that was refused wrote something"
    assert HsdsImport.objects.count() == imports
    return refused.value


def test_bad_json_is_refused_with_its_line(nijmegen: Municipality) -> None:
    error = _refused(nijmegen, '{\n  "organizations": [\n    {"id": 1,,}\n  ]\n}')

    [problem] = error.problems
    assert problem.line == 3
    assert "geen geldige JSON" in str(problem) or "not valid JSON" in str(problem)


def test_a_schema_violation_is_refused_with_pointer_line_and_reason(
    nijmegen: Municipality,
) -> None:
    document = export_municipality(nijmegen)
    document["services"][1]["status"] = "open"
    del document["organizations"][0]["name"]
    document["services"][0]["id"] = "not-a-uuid"

    error = _refused(nijmegen, json.dumps(document, indent=2))

    pointers = {problem.pointer for problem in error.problems}
    assert {"/organizations/0", "/services/1/status", "/services/0/id"} <= pointers
    status = next(p for p in error.problems if p.pointer == "/services/1/status")
    assert (
        status.line is not None
        and '"status": "open"' in json.dumps(document, indent=2).splitlines()[status.line - 1]
    )
    assert "open" in status.reason


def test_unknown_references_are_refused(nijmegen: Municipality) -> None:
    document = export_municipality(nijmegen)
    document["services"][0]["organization_id"] = str(uuid.uuid4())
    with_place = next(s for s in document["services"] if s["service_at_locations"])
    with_place["service_at_locations"][0]["location_id"] = str(uuid.uuid4())
    document["services"][1]["service_areas"] = [
        {"id": str(uuid.uuid4()), "name": "Atlantis", "uri": "atlantis"}
    ]

    error = _refused(nijmegen, json.dumps(document, indent=2))

    reasons = " ".join(problem.reason for problem in error.problems)
    assert "/services/0/organization_id" in {p.pointer for p in error.problems}
    assert "atlantis" in reasons
    assert all(problem.line for problem in error.problems)


def test_model_validation_rolls_everything_back(nijmegen: Municipality) -> None:
    document = _foreign_file(nijmegen)
    document["organizations"][-1]["organization_identifiers"][0]["identifier"] = "123"

    error = _refused(nijmegen, json.dumps(document))

    assert any("KvK" in problem.reason for problem in error.problems)


def test_a_file_cannot_touch_another_municipality(nijmegen: Municipality) -> None:
    document = export_municipality(nijmegen)
    other = Municipality.objects.create(name="Arnhem", cbs_code="GM0202")

    error = _refused(other, json.dumps(document))

    assert error.problems  # Nijmegen's organisations are unknown references in Arnhem


def _listed() -> int:
    return Service.objects.filter(
        organisation__municipality__cbs_code=NIJMEGEN, withdrawn_at__isnull=True
    ).count()


def test_api_pages_services_as_hsds_says(city: City, platform_client: Client) -> None:
    url = f"/api/hsds/{NIJMEGEN}/services"
    total = _listed()
    pages = -(-total // 2)
    first = platform_client.get(url, {"per_page": "2"}).json()
    last = platform_client.get(url, {"per_page": "2", "page": str(pages)}).json()
    beyond = platform_client.get(url, {"per_page": "2", "page": str(pages + 1)}).json()
    everything = platform_client.get(url, {"per_page": "200"}).json()

    assert (first["total_items"], first["total_pages"], first["page_number"]) == (total, pages, 1)
    assert (first["size"], first["first_page"], first["last_page"]) == (2, True, False)
    assert (last["page_number"], last["last_page"], last["empty"]) == (pages, True, False)
    assert (beyond["size"], beyond["empty"]) == (0, True)
    names = {s["name"] for s in everything["contents"]}
    assert {"Schuldhulpverlening", "Eenzaamheid doorbreken", "Taalcafé"} <= names
    assert everything["size"] == total
    for service in first["contents"]:
        assert _errors("service.json", service) == []


def test_api_one_service_embeds_its_organisation_and_places(
    city: City, platform_client: Client
) -> None:
    listing = platform_client.get(f"/api/hsds/{NIJMEGEN}/services").json()
    debts = next(s for s in listing["contents"] if s["name"] == "Schuldhulpverlening")

    response = platform_client.get(f"/api/hsds/{NIJMEGEN}/services/{debts['id']}")

    document = response.json()
    assert response.status_code == 200
    assert document["organization"]["name"] == "Stichting Sterker Sociaal Werk"
    assert document["service_at_locations"][0]["location"]["name"] == "Wijkcentrum De Brug"
    assert _errors("service.json", document) == []


def test_api_organisations(city: City, platform_client: Client) -> None:
    page = platform_client.get(f"/api/hsds/{NIJMEGEN}/organizations").json()
    first = page["contents"][0]

    assert (
        page["total_items"] == Organisation.objects.filter(municipality__cbs_code=NIJMEGEN).count()
    )
    detail = platform_client.get(f"/api/hsds/{NIJMEGEN}/organizations/{first['id']}")
    assert detail.json() == first
    assert _errors("organization.json", first) == []


def test_api_is_per_municipality_and_refuses_bad_input(
    city: City, platform_client: Client, oost_client: Client
) -> None:
    Municipality.objects.create(name="Arnhem", cbs_code="GM0202")
    listing = platform_client.get(f"/api/hsds/{NIJMEGEN}/services").json()
    service_id = listing["contents"][0]["id"]

    assert platform_client.get("/api/hsds/GM0202/services").json()["total_items"] == 0
    assert platform_client.get(f"/api/hsds/GM0202/services/{service_id}").status_code == 404
    assert platform_client.get("/api/hsds/GM9999/services").status_code == 404
    assert platform_client.get(f"/api/hsds/{NIJMEGEN}/services/nope").status_code == 404
    assert platform_client.get(f"/api/hsds/{NIJMEGEN}/services", {"page": "0"}).status_code == 400
    assert (
        platform_client.get(f"/api/hsds/{NIJMEGEN}/services", {"per_page": "x"}).status_code == 400
    )
    assert (
        oost_client.get(f"/api/hsds/{NIJMEGEN}/services").status_code == 404
    )  # not on a buurtsite


@pytest.mark.parametrize("extra", [0, 6])
def test_api_query_count_does_not_grow(
    city: City, platform_client: Client, extra: int, django_assert_num_queries: object
) -> None:
    from tests.organisations.factories import make_service

    for number in range(extra):
        make_service(city.oost_org, name=f"Extra {number}")
    listed = _listed()

    with django_assert_num_queries(10):  # type: ignore[operator]
        response = platform_client.get(f"/api/hsds/{NIJMEGEN}/services")

    assert response.json()["total_items"] == listed


def test_commands_export_and_import(nijmegen: Municipality, tmp_path: Path) -> None:
    target = tmp_path / "nijmegen.json"
    call_command("hsds_export", "--municipality", NIJMEGEN, "--output", str(target))
    before = _state()
    out = StringIO()

    call_command("hsds_import", "--municipality", NIJMEGEN, str(target), stdout=out)

    assert "0 new, 0 changed" in out.getvalue()
    assert _state() == before
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("hsds_import", "--municipality", NIJMEGEN, str(broken), stderr=StringIO())


def test_operator_page_imports_and_reports_problems(nijmegen: Municipality) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import User

    operator = User.objects.get(email="beheer@mijnbuurtje.localhost")
    TOTP.activate(operator, generate_totp_secret())
    client = Client(HTTP_HOST=PLATFORM_HOST)
    client.force_login(operator)
    good = json.dumps(export_municipality(nijmegen)).encode()

    assert client.get("/beheer/sociale-kaart/").status_code == 200
    response = client.post(
        "/beheer/sociale-kaart/",
        {"municipality": str(nijmegen.pk), "file": SimpleUploadedFile("n.json", good)},
    )
    assert response.status_code == 302
    bad = client.post(
        "/beheer/sociale-kaart/",
        {"municipality": str(nijmegen.pk), "file": SimpleUploadedFile("n.json", b"{\n[")},
    )
    assert bad.status_code == 400
    assert "regel 2" in bad.content.decode()
    assert client.get(f"/beheer/sociale-kaart/{NIJMEGEN}/export.json").status_code == 200


def test_only_operators_use_the_import_page(city: City) -> None:
    from tests.organisations.factories import make_portal_user, portal_client

    staff = portal_client(make_portal_user(city.oost_org))
    assert staff.get("/beheer/sociale-kaart/").status_code == 403
    assert staff.get(f"/beheer/sociale-kaart/{NIJMEGEN}/export.json").status_code == 403
    anonymous = Client(HTTP_HOST=PLATFORM_HOST).get("/beheer/sociale-kaart/")
    assert anonymous.status_code == 302


def test_exported_copies_do_not_leak_between_municipalities(nijmegen: Municipality) -> None:
    other = Municipality.objects.create(name="Arnhem", cbs_code="GM0202")
    document = copy.deepcopy(export_municipality(nijmegen))

    assert export_municipality(other)["organizations"] == []
    assert document["municipality"] == {"code": NIJMEGEN, "name": nijmegen.name}
