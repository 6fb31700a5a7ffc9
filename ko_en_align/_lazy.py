"""One lazily created, process-wide object per factory (the library's defaults).

The default encoder, aligner and summary checker are heavy (a model load), so
they are built on first use, once, even when several threads ask at the same
time.

>>> from ko_en_align._lazy import lazy_default
>>> get = lazy_default(lambda: ["김현종 방미"])
>>> get() is get()
True
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def lazy_default(factory: Callable[[], T]) -> Callable[[], T]:
    """Return a getter that calls ``factory`` once, on first use, under a lock."""
    lock = threading.Lock()
    box: list[T] = []

    def get() -> T:
        with lock:
            if not box:
                box.append(factory())
            return box[0]

    return get
