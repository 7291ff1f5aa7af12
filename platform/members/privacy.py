"""Leaving and privacy: every app that keeps personal data registers how to export and erase it.

`members.selectors.export_member_data` collects every exporter's part; `members.actions.
delete_account` runs every eraser before the account itself is deleted. Apps register in their
AppConfig.ready(), so members never imports the apps built on top of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from accounts.models import User

Exporter: TypeAlias = Callable[[User], Any]
Eraser: TypeAlias = Callable[[User], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register(name: str, *, export: Exporter, erase: Eraser) -> None:
    """Register (or replace, on a second ready()) the export and erasure of one app's data."""
    _exporters[name] = export
    _erasers[name] = erase


def exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def erasers() -> dict[str, Eraser]:
    return dict(_erasers)
