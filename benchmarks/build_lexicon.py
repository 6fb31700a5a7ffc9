"""Learn the word-translation table of :mod:`ko_en_align.lexicon` from ``../shared/data``.

    python benchmarks/build_lexicon.py                    # the packaged table (all pairs)
    python benchmarks/build_lexicon.py --half A --out /tmp/lexicon_A.tsv

``--half A`` learns from the groups of half A only (and Tatoeba), for the
summary-check benchmark, which measures on half B (``summary_check.py --lexicon``).
Prints the table's size and a few entries a reader can judge.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from summary_data import sentence_pairs  # noqa: E402

from ko_en_align.lexicon import DEFAULT_PATH, Lexicon  # noqa: E402

HEADER = """Korean lemma -> English stem -> score (geometric mean of IBM Model 1 in both directions).
Learned by benchmarks/build_lexicon.py from sentence pairs of: NTREX-128 (Federmann et al. 2022,
CC BY-SA 4.0), KPC korean-english-news-v1 dev (Park, Hong & Cha 2016, CC BY-SA 3.0), FLORES-200
via SIB-200 (CC BY-SA 4.0) and Tatoeba (tatoeba.org, CC BY 2.0 FR). This file is a derived work
of them and is shared under CC BY-SA 4.0 (the rest of the package is MIT).
Pairs: {n}{half}."""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=("A", "B"), help="learn from one half of the groups")
    ap.add_argument("--out", type=Path, default=DEFAULT_PATH)
    args = ap.parse_args()
    pairs = sentence_pairs(args.half)
    t = time.perf_counter()
    lex = Lexicon.from_pairs([(k, e) for _, k, e in pairs])
    dt = time.perf_counter() - t
    half = f", groups of half {args.half} only" if args.half else ""
    lex.save(args.out, header=HEADER.format(n=len(pairs), half=half))
    print(f"{len(pairs)} pairs -> {len(lex)} Korean lemmas in {dt:.1f} s -> {args.out}")
    for k in ("정부", "상원", "총격", "용의자", "대통령", "경찰", "발사", "미사일", "수출", "승리"):
        top = sorted(lex.translations(k).items(), key=lambda x: -x[1])[:3]
        print(f"  {k}: {top}")


if __name__ == "__main__":
    main()
