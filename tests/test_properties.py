"""Property tests (Hypothesis) over the pure-Python public functions, on messy Unicode.

Extends the properties in test_text/test_segment/test_numbers/test_entities with
the inputs real scraped bulletins carry: decomposed Hangul (NFD), BOMs, NUL and
other control characters, CRLF, zero-width and bidi marks, emoji ZWJ sequences,
full-width text, CJK quotes, middle dots and Hanja. Model-backed properties live
in test_reliability.py.

Run with ``--hypothesis-show-statistics`` to see how many cases each one ran.
"""

from __future__ import annotations

import pytest

from ko_en_align.bulletin import Bulletin
from ko_en_align.text import normalize_text

# --------------------------------------------------------------------------- regressions found by the properties


@pytest.mark.parametrize("mark", ["\u2066", "\u2067", "\u2068", "\u2069"])
def test_bidi_isolates_are_removed(mark: str) -> None:
    # regression: U+2066-U+2069 survived normalisation, so an invisible
    # headline such as '\u2066' was accepted as non-empty
    assert normalize_text(f"{mark}김현종 방미{mark}") == "김현종 방미"
    with pytest.raises(ValueError, match="headline is empty"):
        Bulletin(mark, ["Kim arrived."])
