"""Property tests (Hypothesis) over the pure-Python public functions, on messy Unicode.

Extends the properties in test_text/test_segment/test_numbers/test_entities with
the inputs real scraped bulletins carry: decomposed Hangul (NFD), BOMs, NUL and
other control characters, CRLF, zero-width and bidi marks, emoji ZWJ sequences,
full-width text, CJK quotes, middle dots and Hanja. Model-backed properties live
in test_reliability.py.

Run with ``--hypothesis-show-statistics`` to see how many cases each one ran.
"""

from __future__ import annotations

import math

import pytest

from ko_en_align.bulletin import Bulletin
from ko_en_align.numbers import extract_numbers
from ko_en_align.segment import split_claims
from ko_en_align.text import normalize_text, normalize_with_offsets

# --------------------------------------------------------------------------- regressions found by the properties


@pytest.mark.parametrize("mark", ["\u2066", "\u2067", "\u2068", "\u2069"])
def test_bidi_isolates_are_removed(mark: str) -> None:
    # regression: U+2066-U+2069 survived normalisation, so an invisible
    # headline such as '\u2066' was accepted as non-empty
    assert normalize_text(f"{mark}김현종 방미{mark}") == "김현종 방미"
    with pytest.raises(ValueError, match="headline is empty"):
        Bulletin(mark, ["Kim arrived."])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("A\x1b\u0301", "\u00c1"), ("\u1100\x00\u1161 방미", "가 방미"), ("\ufeff\u1100\u200b\u1161", "가"), ("Ａ\u0301", "\u00c1")],
)
def test_normalize_composes_across_removed_characters(raw: str, expected: str) -> None:
    # regression: a NUL/BOM/control character between a base and its combining
    # mark (or a leading jamo and its vowel) left the output un-composed, so
    # normalize_text was not idempotent
    n = normalize_with_offsets(raw)
    assert n.text == expected
    assert normalize_text(n.text) == n.text
    s, e = n.to_original(0, 1)
    assert normalize_text(raw[s:e]) == n.text[0]


def test_compatibility_ideograph_is_nfc_mapped() -> None:
    # a single-character chunk still goes through NFC (U+2F800 -> U+4E3D)
    n = normalize_with_offsets("\U0002f800 중재")
    assert n.text == "\u4e3d 중재"
    assert n.to_original(0, 1) == (0, 1)


@pytest.mark.parametrize("headline", ["“\r\n“", '"\n"'])
def test_claim_of_content_free_headline_is_not_bare_whitespace(headline: str) -> None:
    # regression: the fallback claim was the trimmed '\r\n' between the quotes
    (claim,) = split_claims(headline)
    assert claim.text.strip()
    assert headline[claim.start : claim.end] == claim.text




def test_huge_number_is_not_infinite() -> None:
    # regression: a 400-digit number parsed to inf, which to_dict() then wrote as
    # the non-JSON token Infinity and compare_numbers scored as NaN arithmetic
    for text in ("9" * 400 + "조원", "$" + "9" * 400 + " billion", "9" * 400):
        for m in extract_numbers(text):
            assert math.isfinite(m.value)
