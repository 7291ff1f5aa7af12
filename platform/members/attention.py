"""The buurtverbinder home: apps register what needs the buurtverbinder's attention.

Each section is a function that returns an `Attention` (a title, a count, a few items and a
link to the full list) for the acting buurtverbinder. Apps register in AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeAlias

from accounts.models import User


@dataclass(frozen=True)
class AttentionItem:
    text: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Attention:
    key: str
    title: str
    count: int
    items: list[AttentionItem] = field(default_factory=list)
    url: str = ""
    link_text: str = ""
    empty_text: str = ""


Section: TypeAlias = Callable[[User], Attention]

_sections: dict[str, tuple[int, Section]] = {}


def register(key: str, section: Section, *, order: int = 50) -> None:
    _sections[key] = (order, section)


def sections_for(user: User) -> list[Attention]:
    ordered = sorted(_sections.items(), key=lambda item: (item[1][0], item[0]))
    return [section(user) for _key, (_order, section) in ordered]
