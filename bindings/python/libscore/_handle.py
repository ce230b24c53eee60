"""Ownership of the C library's handles."""

from __future__ import annotations

from typing import Any, Callable, Optional


class Handle:
    """One C handle and the function that frees it.

    The handle is freed exactly once: when the last Python object that
    holds this Handle lets go of it (a table or result holds the Handle of
    the ruleset it was made from, so a ruleset is never freed before them),
    or at interpreter exit. ``owner`` keeps such a parent alive.
    """

    __slots__ = ("ptr", "_free", "owner", "__weakref__")

    def __init__(self, ptr: Any, free: Callable[[Any], None],
                 owner: Optional["Handle"] = None) -> None:
        self.ptr = ptr
        self._free = free
        self.owner = owner

    def __del__(self) -> None:
        ptr, self.ptr = self.ptr, None
        if ptr is not None:
            self._free(ptr)


def live(handle: Optional[Handle], what: str) -> Any:
    """The C pointer of an open handle; ValueError once it was closed."""
    if handle is None or handle.ptr is None:
        raise ValueError(f"this {what} is closed")
    return handle.ptr
