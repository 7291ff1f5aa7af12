"""Refer from here: what the social map hands to referrals (contract 4 with helper B).

A buurtverbinder on a service or professional page refers an open help request of a resident
to it. This module builds the `ReferralTarget` for a page and the choice of open help
requests; `socialmap.actions.refer_help_request_to` does the referring.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from organisations.models import Professional
from referrals.actions import ReferralTarget
from referrals.models import HelpRequest
from referrals.selectors import open_help_requests
from socialmap.forms import ReferForm
from socialmap.selectors import HelpEntry

# How many open questions the picker lists, newest first.
PICKER_SIZE = 100


def service_target(entry: HelpEntry) -> ReferralTarget:
    service = entry.service
    prefix = "service" if entry.kind == "city" else "localservice"
    return ReferralTarget(
        kind="organisation",
        name=_("%(service)s (%(organisation)s)")
        % {"service": service.name, "organisation": service.organisation.name},
        reference=f"{prefix}:{service.pk}",
        url=entry.url,
    )


def professional_target(professional: Professional) -> ReferralTarget:
    name = professional.name
    if professional.title:
        name = _("%(name)s, %(title)s") % {"name": name, "title": professional.title}
    return ReferralTarget(
        kind="professional",
        name=f"{name} ({professional.organisation.name})",
        reference=f"professional:{professional.pk}",
        url=f"/hulp-vinden/professional/{professional.pk}/",
    )


def help_request_choices() -> list[tuple[int, str]]:
    requests = open_help_requests()[:PICKER_SIZE]
    return [(request.pk, _describe(request)) for request in requests]


def _describe(help_request: HelpRequest) -> str:
    return _("%(subject)s (from %(member)s)") % {
        "subject": help_request.subject,
        "member": help_request.member.display_name or _("a member"),
    }


def refer_form(data: Any = None) -> ReferForm:
    choices: list[tuple[int | str, str]] = [("", _("Choose a question"))]
    return ReferForm(data, choices=[*choices, *help_request_choices()])
