"""What members can report. Each kind of content registers how moderation reaches it.

Moderation knows profiles itself (it builds on members); apps built on top of moderation
(messages now, requests and offers later) register their kinds in AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accounts.models import User


@dataclass(frozen=True)
class Moderatable:
    kind: str
    # A noun for the interface ("message", "profile"), translated lazily.
    label: Any
    get: Callable[[int], Any | None]
    author: Callable[[Any], User | None]
    excerpt: Callable[[Any], str]
    # Whether the member may see (and so report) this object at all.
    visible_to: Callable[[User, Any], bool]
    state: Callable[[Any], str]
    # Hide, show again or remove: (object, new ContentState, acting user).
    set_state: Callable[[Any, str, User], None]
    url: Callable[[Any], str]


_kinds: dict[str, Moderatable] = {}


def register(moderatable: Moderatable) -> None:
    _kinds[moderatable.kind] = moderatable


def get(kind: str) -> Moderatable | None:
    return _kinds.get(kind)
