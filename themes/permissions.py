"""Who may change a buurtsite's theme: the one place that decides it.

On a buurtsite's host: whom members.permissions.can_edit_theme allows, a buurtverbinder (the
account lives in its schema, so an account of another buurtsite is unknown here anyway). On the
platform host: an operator (a staff account in the public schema).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.http import HttpRequest

from members.permissions import can_edit_theme
from tenants.models import Buurtsite

EditorKind = Literal["buurtverbinder", "operator", "system"]


@dataclass(frozen=True)
class Editor:
    """Who changes a theme, as the build history records it (ids, no personal data)."""

    kind: EditorKind
    user_id: int | None = None

    @property
    def label(self) -> str:
        return self.kind if self.user_id is None else f"{self.kind}:{self.user_id}"


SYSTEM = Editor("system")


def may_edit_theme(request: HttpRequest, buurtsite: Buurtsite) -> bool:
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return False
    current = getattr(request, "buurtsite", None)
    if current is None:
        return bool(user.is_staff)
    return current.pk == buurtsite.pk and can_edit_theme(user)


def editor_of(request: HttpRequest) -> Editor:
    """The editor behind a request that `may_edit_theme` allowed."""
    kind: EditorKind = "buurtverbinder" if getattr(request, "buurtsite", None) else "operator"
    return Editor(kind, request.user.pk)
