"""What a club's page shows besides the club itself: apps built on clubs register sections.

News and the agenda know clubs (an article or activity can belong to one); clubs does not know
them. Each registers a function `(club) -> ClubPageSection` in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from clubs.models import Club


@dataclass(frozen=True)
class ClubPageItem:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class ClubPageSection:
    key: str
    title: str
    items: list[ClubPageItem] = field(default_factory=list)
    empty_text: str = ""
    more_url: str = ""
    more_text: str = ""


ClubPageSource: TypeAlias = Callable[["Club"], ClubPageSection]

_sources: dict[str, tuple[int, ClubPageSource]] = {}


def register(key: str, source: ClubPageSource, *, order: int = 50) -> None:
    _sources[key] = (order, source)


def sections_for(club: Club) -> list[ClubPageSection]:
    ordered = sorted(_sources.items(), key=lambda item: (item[1][0], item[0]))
    return [source(club) for _key, (_order, source) in ordered]
