"""Showing the draft theme on the buurtsite itself, to the editor only.

A preview is a note in the browser's session on that buurtsite's host: sessions live in the
buurtsite's own schema and the cookie is host-only, so nobody else's pages change. A note made
by a buurtverbinder holds only while that same account is signed in and still may edit.

Operators work on the platform host, whose session the buurtsite's host never sees. They get a
signed link that works once, within a few minutes: the first browser to open it gets the note,
for a limited time.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

from django.core import signing
from django.core.cache import caches
from django.http import HttpRequest

from tenants.models import Buurtsite
from themes.models import Theme
from themes.permissions import may_edit_theme

logger = logging.getLogger(__name__)

SESSION_KEY = "themes.preview"
PREVIEW_SECONDS = 2 * 3600
LINK_SECONDS = 5 * 60
_LINK_SALT = "themes.preview-link"


def _link_key(nonce: str) -> str:
    return f"themes:preview-link:{nonce}"


def start_preview(request: HttpRequest, theme: Theme, *, by_link: bool = False) -> None:
    request.session[SESSION_KEY] = {
        "theme": theme.pk,
        "buurtsite": theme.buurtsite_id,
        "user": None if by_link else request.user.pk,
        "until": time.time() + PREVIEW_SECONDS,
    }
    logger.info("Theme preview started", extra={"theme_id": theme.pk, "by_link": by_link})


def stop_preview(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def previewed_theme(request: HttpRequest) -> Theme | None:
    """The draft this request may preview, or None (the published theme applies)."""
    buurtsite: Buurtsite | None = getattr(request, "buurtsite", None)
    if buurtsite is None or not hasattr(request, "session"):
        return None
    note: dict[str, Any] | None = request.session.get(SESSION_KEY)
    if not note or note.get("buurtsite") != buurtsite.pk:
        return None
    if float(note.get("until", 0)) < time.time():
        return None
    user_id = note.get("user")
    if user_id is not None and (
        request.user.pk != user_id or not may_edit_theme(request, buurtsite)
    ):
        return None
    return (
        Theme.objects.select_related("buurtsite")
        .filter(pk=note["theme"], buurtsite=buurtsite)
        .first()
    )


def make_preview_link_token(theme: Theme) -> str:
    """A token for a one-time preview link; the nonce in Redis makes it single-use."""
    nonce = secrets.token_urlsafe(16)
    caches["platform"].set(_link_key(nonce), theme.pk, LINK_SECONDS)
    return signing.dumps({"theme": theme.pk, "nonce": nonce}, salt=_LINK_SALT)


def redeem_preview_link(request: HttpRequest, token: str) -> Theme | None:
    buurtsite: Buurtsite | None = getattr(request, "buurtsite", None)
    if buurtsite is None:
        return None
    try:
        data = signing.loads(token, salt=_LINK_SALT, max_age=LINK_SECONDS)
    except signing.BadSignature:  # also when expired
        return None
    if not isinstance(data, dict):
        return None
    theme_id, nonce = data.get("theme"), data.get("nonce")
    if not isinstance(theme_id, int) or not isinstance(nonce, str):
        return None
    theme = Theme.objects.filter(pk=theme_id, buurtsite=buurtsite).first()
    # Deleting the nonce is atomic in Redis: only the first request gets True.
    if theme is None or not caches["platform"].delete(_link_key(nonce)):
        return None
    start_preview(request, theme, by_link=True)
    return theme
