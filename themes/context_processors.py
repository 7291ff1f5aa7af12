"""The theme of the page being rendered: the live build, or the draft for its previewing editor."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from themes.permissions import may_edit_theme
from themes.preview import previewed_theme
from themes.selectors import PageTheme, live_page_theme, preview_page_theme


@dataclass(frozen=True)
class ThemeForPage:
    assets: PageTheme | None
    previewing: bool
    can_edit: bool


def _theme_for(request: HttpRequest) -> ThemeForPage:
    buurtsite = request.buurtsite  # type: ignore[attr-defined]
    live = live_page_theme(buurtsite.pk)
    can_edit = may_edit_theme(request, buurtsite)
    draft = previewed_theme(request)
    if draft is not None:
        return ThemeForPage(preview_page_theme(draft, live=live), True, can_edit)
    return ThemeForPage(live, False, can_edit)


def theme(request: HttpRequest) -> dict[str, object]:
    """`theme` in every template: None on the platform host, lazily worked out on a buurtsite."""
    if getattr(request, "buurtsite", None) is None:
        return {"theme": None}
    return {"theme": SimpleLazyObject(lambda: _theme_for(request))}
