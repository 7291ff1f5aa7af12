"""The weekly digest: apps register what is new on the buurtsite for a member.

Each source is a function `(member, since) -> DigestSection | None` that returns what happened
on the current buurtsite since `since` and is relevant to `member`, or None when there is
nothing new. Apps register their source in AppConfig.ready(); the digest task calls
`sections_for` inside the buurtsite's schema and sends nothing when it returns an empty list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

from accounts.models import User


@dataclass(frozen=True)
class DigestItem:
    title: str
    url: str  # path on the buurtsite, e.g. "/nieuws/12/"
    detail: str = ""


@dataclass(frozen=True)
class DigestSection:
    key: str
    title: str
    items: list[DigestItem]


DigestSource: TypeAlias = Callable[[User, datetime], DigestSection | None]

_sources: dict[str, tuple[int, DigestSource]] = {}


def register(key: str, source: DigestSource, *, order: int = 50) -> None:
    _sources[key] = (order, source)


def registered_keys() -> list[str]:
    return [key for key, _entry in sorted(_sources.items(), key=lambda item: (item[1][0], item[0]))]


def sections_for(member: User, since: datetime) -> list[DigestSection]:
    ordered = sorted(_sources.items(), key=lambda item: (item[1][0], item[0]))
    sections: list[DigestSection] = []
    for _key, (_order, source) in ordered:
        section = source(member, since)
        if section is not None and section.items:
            sections.append(section)
    return sections
