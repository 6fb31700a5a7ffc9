"""Curated name tables: Hanja abbreviations, countries, institutions, places, surnames.

Every table is a flat file in ``ko_en_align/entities/data/`` (sources and
licences in ``data/SOURCES.md``); extend a table by adding a line. Country
names come from CLDR through babel (Korean and English names of every
territory) plus ``country_aliases.tsv``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

logger = logging.getLogger(__name__)

__all__ = [
    "GazetteerEntry",
    "compound_surnames",
    "gazetteer",
    "given_name_syllables",
    "hangul_abbreviations",
    "split_hangul_abbreviation",
    "lookup",
    "surname_spellings",
    "titles",
]


@dataclass(frozen=True)
class GazetteerEntry:
    """One Korean name with its English renderings.

    Attributes:
        korean: the Korean (Hangul or Hanja) form, e.g. ``'日'`` or ``'백악관'``.
        kind: ``'country'``, ``'place'`` or ``'organization'``.
        normalized: the canonical English name, e.g. ``'Japan'``.
        aliases: English forms that count as the same entity (``'Japanese'``, ``'Tokyo'``).
        source: the table it came from.
    """

    korean: str
    kind: str
    normalized: str
    aliases: tuple[str, ...]
    source: str


def _read_lines(name: str) -> list[list[str]]:
    text = (
        resources.files("ko_en_align.entities").joinpath("data").joinpath(name).read_text("utf-8")
    )
    rows: list[list[str]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if not fields[0]:
            logger.warning("%s line %d: empty first field, skipped", name, lineno)
            continue
        rows.append(fields)
    return rows


@lru_cache(maxsize=1)
def surname_spellings() -> dict[str, tuple[str, ...]]:
    """Hangul surname -> its English spellings, most usual first (``'김' -> ('Kim', 'Gim', …)``)."""
    return {row[0]: tuple(row[1].split("|")) for row in _read_lines("surnames.tsv")}


@lru_cache(maxsize=1)
def compound_surnames() -> frozenset[str]:
    """Two-syllable surnames such as 남궁 and 황보."""
    return frozenset(s for s in surname_spellings() if len(s) == 2)


@lru_cache(maxsize=1)
def given_name_syllables() -> frozenset[str]:
    """Syllables common in Korean given names (현, 종, 희, …)."""
    return frozenset(
        syl for row in _read_lines("given_name_syllables.txt") for syl in row[0].split()
    )


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Job titles that mark the neighbouring word as a person's name (대통령, 장관, …)."""
    return frozenset(row[0] for row in _read_lines("titles.txt"))


def _table(name: str) -> list[GazetteerEntry]:
    out = []
    for row in _read_lines(name):
        if len(row) < 4:
            logger.warning("%s: row %r has %d fields, expected 4; skipped", name, row, len(row))
            continue
        aliases = tuple(a.strip() for a in row[3].split("|") if a.strip())
        out.append(GazetteerEntry(row[0], row[1], row[2], aliases, name))
    return out


def _cldr_countries() -> list[GazetteerEntry]:
    from babel import Locale

    ko, en = Locale("ko").territories, Locale("en").territories
    out = []
    for code, ko_name in ko.items():
        if not (len(code) == 2 and code.isalpha()) or code not in en:
            continue  # numeric codes are continents/regions
        out.append(GazetteerEntry(ko_name, "country", en[code], (en[code],), "CLDR (babel)"))
    return out


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, GazetteerEntry]:
    """All curated entries keyed by their Korean form (later tables extend earlier ones)."""
    table: dict[str, GazetteerEntry] = {}
    for entry in _cldr_countries():
        table[entry.korean] = entry
    for name in ("country_aliases.tsv", "places.tsv", "institutions.tsv", "hanja_abbrev.tsv"):
        for entry in _table(name):
            old = table.get(entry.korean)
            if old is not None:
                merged = tuple(dict.fromkeys(entry.aliases + old.aliases))
                entry = GazetteerEntry(
                    entry.korean,
                    entry.kind,
                    entry.normalized,
                    merged,
                    f"{old.source}+{entry.source}",
                )
            table[entry.korean] = entry
    _merge_hanja_with_hangul(table)
    return table


def _merge_hanja_with_hangul(table: dict[str, GazetteerEntry]) -> None:
    """檢 and 검찰, 與 and 여당: a headline abbreviation and its Hangul word share their aliases.

    The fifth column of ``hanja_abbrev.tsv`` names the Hangul word; without this the
    two forms of one name matched different English (檢 ↔ "Prosecutors' Office" only).
    """
    for row in _read_lines("hanja_abbrev.tsv"):
        if len(row) < 5 or not row[4].strip():
            continue
        hangul = row[4].split()[0]
        hanja_entry, hangul_entry = table.get(row[0]), table.get(hangul)
        if hanja_entry is None:
            continue
        if hangul_entry is None:
            hangul_entry = GazetteerEntry(
                hangul, hanja_entry.kind, hanja_entry.normalized, (), hanja_entry.source
            )
        aliases = tuple(dict.fromkeys(hanja_entry.aliases + hangul_entry.aliases))
        for key, entry in ((row[0], hanja_entry), (hangul, hangul_entry)):
            table[key] = GazetteerEntry(key, entry.kind, entry.normalized, aliases, entry.source)


@lru_cache(maxsize=1)
def hangul_abbreviations() -> dict[str, str]:
    """One-syllable Hangul country abbreviations -> their Hanja entry (미 -> 美)."""
    return {row[0]: row[1] for row in _read_lines("hangul_abbrev.tsv")}


def split_hangul_abbreviation(word: str) -> list[str] | None:
    """'한미일' -> ['한', '미', '일']; None unless the word is a chain of country syllables.

    >>> split_hangul_abbreviation("미중")
    ['미', '중']
    """
    table = hangul_abbreviations()
    if not 2 <= len(word) <= 4 or word in gazetteer() or len(set(word)) != len(word):
        return None
    if not all(ch in table for ch in word):
        return None
    if "남" in word and "북" not in word:
        return None  # 미남 is 'a handsome man', 남북 is North-South
    return list(word)


def lookup(korean: str) -> GazetteerEntry | None:
    """The curated entry for a Korean form, or None.

    >>> lookup("日").normalized
    'Japan'
    """
    key = korean.strip()
    entry = gazetteer().get(key)
    if entry is None and key in hangul_abbreviations():
        entry = gazetteer().get(hangul_abbreviations()[key])
    return entry
