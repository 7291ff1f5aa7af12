"""The demo `make run` loads: Nijmegen with two buurtsites, their members and an operator."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django_tenants.utils import tenant_context

from accounts.models import User
from mijnbuurtje.demo import load_demo
from tenants.models import Buurtsite, Domain, Municipality


def test_demo_has_nijmegen_with_two_buurtsites_and_their_people(db: None) -> None:
    nijmegen = Municipality.objects.get(cbs_code="GM0268")
    hosts = dict(Domain.objects.values_list("domain", "tenant__name"))

    assert nijmegen.name == "Nijmegen"
    assert hosts == {"oost.localhost": "Nijmegen-Oost", "lindenholt.localhost": "Lindenholt"}
    for buurtsite in Buurtsite.objects.all():
        with tenant_context(buurtsite):
            roles = set(User.objects.values_list("role", flat=True))
            assert roles == {User.Role.RESIDENT, User.Role.BUURTVERBINDER}
    operator = User.objects.get(email="beheer@mijnbuurtje.localhost")
    assert operator.is_staff and operator.is_superuser


def test_loading_the_demo_twice_changes_nothing(db: None) -> None:
    before = (Buurtsite.objects.count(), Domain.objects.count(), User.objects.count())

    load_demo()

    assert (Buurtsite.objects.count(), Domain.objects.count(), User.objects.count()) == before


def test_load_demo_prints_urls_and_log_ins(db: None) -> None:
    out = StringIO()
    call_command("load_demo", "--port", "8123", stdout=out)

    printed = out.getvalue()
    assert "http://oost.localhost:8123/" in printed
    assert "http://lindenholt.localhost:8123/" in printed
    assert "http://localhost:8123/beheer/console/" in printed
    assert "buurtverbinder@oost.localhost" in printed
