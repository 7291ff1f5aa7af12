"""A small fixed-window rate limit in the buurtsite's own cache (keys carry the schema)."""

from __future__ import annotations

import time

from django.core.cache import cache


def allow(scope: str, ident: int | str, *, limit: tuple[int, int]) -> bool:
    """Count one attempt of `ident` at `scope`; False when the window's limit is used up.

    `limit` is (how many, per how many seconds). A refused attempt does not count.
    """
    count, seconds = limit
    window = int(time.time() // seconds)
    key = f"ratelimit:{scope}:{ident}:{window}"
    # add() is atomic: only the first attempt in a window creates the key.
    if cache.add(key, 1, timeout=seconds + 1):
        used = 1
    else:
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=seconds + 1)
            used = 1
    if used > count:
        cache.decr(key)
        return False
    return True
