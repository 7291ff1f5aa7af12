"""allauth's e-mail in the buurtsite's own name: "<subject> - Nijmegen-Oost" (with an en dash)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils.encoding import force_str

from members.emails import buurtsite_name


class MemberAccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        return f"{force_str(subject).strip()} – {buurtsite_name()}"

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # The platform host has operators only, added by operators; residents join a buurtsite.
        return getattr(request, "buurtsite", None) is not None and super().is_open_for_signup(
            request
        )
