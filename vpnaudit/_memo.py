"""Values computed from frozen objects, kept while those very objects are in the cache.

Several rules ask the same question of one device (its proposals, its tunnel index), and the
negotiation asks each AWS tunnel for its offers once per device that points at it. Hashing a frozen
record by value costs as much as the answer, so entries are found by the objects' ids and kept with
the objects themselves: an id that a later object reuses never answers for it (the identity check
fails and the value is computed again). A miss is never wrong, only slower.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class ByIdentity:
    """``compute(*objects)`` once while the same objects are asked about (at most ``size`` entries)."""

    __slots__ = ("_entries", "_size")

    def __init__(self, size: int):
        self._entries: dict[tuple[Any, ...], tuple[tuple[object, ...], Any]] = {}
        self._size = size

    def get(self, compute: Callable[..., Any], *objects: object) -> Any:
        slot = (compute, *map(id, objects))
        hit = self._entries.get(slot)
        if hit is not None and all(kept is asked for kept, asked in zip(hit[0], objects)):
            return hit[1]
        if len(self._entries) >= self._size:
            self._entries.clear()
        value = compute(*objects)
        self._entries[slot] = (objects, value)
        return value

    def clear(self) -> None:
        self._entries.clear()
