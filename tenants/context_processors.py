from __future__ import annotations

from django.http import HttpRequest

from tenants.models import Buurtsite


def buurtsite(request: HttpRequest) -> dict[str, Buurtsite | None]:
    """The buurtsite of this request, or None on the platform host."""
    return {"buurtsite": getattr(request, "buurtsite", None)}
