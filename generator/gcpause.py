"""Pause Python's cyclic garbage collector while the pipeline builds its model.

The pipeline allocates millions of small objects that live until the build
ends (lines, segments, tuples, strings) and makes no reference cycles among
them. The cyclic collector does not know that: every so many allocations it
walks the objects it tracks, and its full passes walk the whole growing heap,
again and again, to free nothing. At 1,000 talks that was about a tenth of
reading, parsing and rendering (11.4–11.5 s against 12.7–13.0 s for
``load_site``), with the same peak memory (659 MB either way). Reference
counting still frees everything as usual; only the search for cycles waits,
and one collection runs when the outermost pause ends.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def pausing_collection(fn: F) -> F:
    """Run ``fn`` with the cyclic collector paused (if it was running), and collect once afterwards.

    >>> @pausing_collection
    ... def inside():
    ...     return gc.isenabled()
    >>> inside(), gc.isenabled()
    (False, True)
    """

    @functools.wraps(fn)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()
            gc.collect()

    return paused  # type: ignore[return-value]
