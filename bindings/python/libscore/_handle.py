"""Ownership of the C library's handles.

A handle of libscore.capi is a SWIG proxy whose `this` frees its C object
when it goes. The C library needs tables and results freed before their
ruleset: the `this` of a table or result holds that of the object it was
made from (SWIG's chain of `this` objects, released after the C object
is), so the order holds whatever Python frees first, a garbage cycle or
a proxy kept past its Result included. (SWIG reads a proxy passed where
its owner's type is expected as its owner.)
"""

from __future__ import annotations

from typing import Any, Callable, Optional


class Handle:
    """One C handle and the function that frees it.

    The handle is freed exactly once, when the last Python object that
    holds it lets go, but never before the handles made from it: a table
    holds the Handle of its ruleset (``owner``) and a result that of its
    table. Reference counting alone already orders this; the count of
    children also orders it when the garbage collector finalizes a cycle
    (an exception's traceback holding both, say), where Python calls the
    finalizers in no particular order: a parent finalized first waits, and
    is freed with its last child.
    """

    __slots__ = ("ptr", "_free", "owner", "_children", "_finalized", "__weakref__")

    def __init__(self, ptr: Any, free: Callable[[Any], None],
                 owner: Optional["Handle"] = None) -> None:
        self.ptr = ptr
        self._free = free
        self.owner = owner
        self._children = 0
        self._finalized = False
        if owner is not None:
            owner._children += 1

    def _release(self) -> None:
        if self._children:
            return  # freed when its last child is
        ptr, self.ptr = self.ptr, None
        if ptr is None:
            return
        self._free(ptr)
        owner, self.owner = self.owner, None
        if owner is not None:
            owner._children -= 1
            if owner._finalized:
                owner._release()

    def __del__(self) -> None:
        self._finalized = True
        self._release()


def live(handle: Optional[Handle], what: str) -> Any:
    """The C pointer of an open handle; ValueError once it was closed."""
    if handle is None or handle.ptr is None:
        raise ValueError(f"this {what} is closed")
    return handle.ptr


def _let_go(proxy: Any) -> None:
    """Nothing: the proxy frees its C object once nothing holds it."""


def own(proxy: Any, owner: Optional[Handle] = None) -> Handle:
    """The Handle of a proxy made from ``owner``'s object (None: a ruleset)."""
    if owner is not None:
        proxy.this.append(live(owner, "ruleset").this)
    return Handle(proxy, _let_go, owner)
