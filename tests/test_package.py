"""The package surface: lazy names, unknown names, and the process-wide lazy defaults."""

from __future__ import annotations

import threading

import pytest

import ko_en_align
from ko_en_align._lazy import lazy_default


def test_unknown_name_is_an_attribute_error_and_dir_lists_the_api():
    with pytest.raises(AttributeError, match="module 'ko_en_align' has no attribute 'Aligner'"):
        ko_en_align.Aligner  # noqa: B018
    assert dir(ko_en_align) == ko_en_align.__all__


def test_lazy_default_builds_once_under_concurrent_first_use():
    calls: list[int] = []
    start = threading.Barrier(8)

    def factory() -> list[str]:
        calls.append(1)
        return ["김현종 방미"]

    get = lazy_default(factory)
    results: list[object] = []

    def worker() -> None:
        start.wait()
        results.append(get())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert all(r is results[0] for r in results)
