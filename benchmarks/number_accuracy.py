"""Number matching on real parallel sentences (issue 11).

For every Korean sentence of a translated pair, each number
``extract_numbers(ko, lang="ko")`` finds should have a counterpart in the
English translation (``match_numbers(ko, [en])`` gives it an ``en``):

* **recall**: matched Korean mentions / all Korean mentions. A translation
  may drop or reword a number, so 100% is not reachable; what matters is the
  change between two runs on the same pairs.
* **false-match rate**: each Korean mention written with digits is changed
  (its first digit run n -> 2n + 3, as ``benchmarks/summary_check.py`` does:
  13 -> 29, 5.30 -> 13.30, 3 - 1 -> 9 - 1) and the changed mention must then
  find *no* counterpart; the rate is the share that still matches.
* **unrelated**: the share of Korean mentions that find a counterpart in the
  English of *another* pair (20 pairs further on in the same set, so another
  article): looser rules must not buy recall with spurious matches.
* **same document** (NTREX only, the pairing task's view): for each Korean
  sentence, the share of its numbers matched in the aligned English sentence
  vs in the *other* sentences of the same document (what the hybrid pairing
  score's number evidence has to tell apart).
* **English coverage**: English mentions written with digits that some Korean
  mention of the pair matches (catches Korean forms the extractor does not
  read at all, e.g. a time written 5시 30분 against 5:30).

``--pairing`` (loads the default model) also prints NTREX pairing P@1 / MRR of
the hybrid aligner, whose score uses this number evidence, with the current
numbers module and, with ``--baseline``, with the baseline's functions patched
into ``ko_en_align.scoring`` (same encoder, embeddings cached, same run).

``--baseline FILE`` also scores another copy of ``ko_en_align/numbers.py``
(e.g. ``git show 6e83473:ko_en_align/numbers.py > /tmp/numbers_before.py``)
on the same pairs in the same run, printed as ``before``.

Data (``../shared/data``):

* FLORES-200 (via SIB-200): split by article into halves A and B. An article
  is a run of rows of one category whose ``index_id`` gaps are at most 3
  (SIB-200 sampled rows out of FLORES's consecutive article sentences); the
  articles alternate A, B, A, ... Rules were tuned by reading misses on A
  only; B is the held-out half.
* NTREX-128 sentence pairs (``ko_sentences[i]`` <-> ``en_sentences[i]``).
* KPC news pairs, without the rows flagged ``flag_en_fragment`` or
  ``flag_ko_headline_like`` (often misaligned, see the data README).

    python benchmarks/number_accuracy.py [--baseline FILE] [--misses N] [--set flores-A] [--pairing]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import ko_en_align.numbers

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
_DIGITS = re.compile(r"\d[\d,]*")


def flores_halves(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """FLORES pairs split by article into two halves (alternating articles)."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    halves: tuple[list[tuple[str, str]], list[tuple[str, str]]] = ([], [])
    article, prev = -1, None
    for r in rows:
        if (
            prev is None
            or r["category"] != prev["category"]
            or r["index_id"] - prev["index_id"] > 3
        ):
            article += 1
        halves[article % 2].append((r["ko"], r["en"]))
        prev = r
    return halves


def ntrex_docs(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def ntrex_pairs(path: Path) -> list[tuple[str, str]]:
    return [
        p for d in ntrex_docs(path) for p in zip(d["ko_sentences"], d["en_sentences"], strict=True)
    ]


def same_document(docs: list[dict], nm: ModuleType) -> tuple[int, float, float]:
    """Korean numbers; share matched in the aligned sentence; mean share matched per other sentence."""
    found = aligned = 0
    other = 0.0
    for d in docs:
        en = d["en_sentences"]
        for i, ko in enumerate(d["ko_sentences"]):
            ms = nm.match_numbers(ko, [en[i]])
            if not ms or len(en) < 2:
                continue
            found += len(ms)
            aligned += sum(m.en is not None for m in ms)
            rest = [s for j, s in enumerate(en) if j != i]
            hits = sum(m.en is not None for s in rest for m in nm.match_numbers(ko, [s]))
            other += hits / len(rest)
    return found, aligned / max(found, 1), other / max(found, 1)


def kpc_pairs(path: Path) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return [
        (r["ko"], r["en"])
        for r in rows
        if not r["flag_en_fragment"] and not r["flag_ko_headline_like"]
    ]


def _changed(ko: str, m: Any) -> tuple[str, int, int] | None:
    """``ko`` with the first digit run of ``m`` changed to 2n + 3, and the new span."""
    dm = _DIGITS.search(m.text)
    if dm is None:
        return None
    old = int(dm.group().replace(",", ""))
    new_text = m.text[: dm.start()] + str(2 * old + 3) + m.text[dm.end() :]
    return ko[: m.start] + new_text + ko[m.end :], m.start, m.start + len(new_text)


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("numbers_baseline", path)
    if spec is None or spec.loader is None:
        msg = f"{path} is not a Python module file"
        raise SystemExit(msg)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["numbers_baseline"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


#: How far on the "unrelated" English sentence is: FLORES articles hold 3-5
#: sampled sentences and KPC windows 10, so 20 rows on is another article.
UNRELATED_OFFSET = 20


def evaluate(pairs: list[tuple[str, str]], nm: ModuleType) -> dict:
    match_numbers, extract_numbers, compare_numbers = (
        nm.match_numbers,
        nm.extract_numbers,
        nm.compare_numbers,
    )
    found = matched = changed = false = en_total = en_covered = unrelated = 0
    for i, (ko, _) in enumerate(pairs):
        other = pairs[(i + UNRELATED_OFFSET) % len(pairs)][1]
        unrelated += sum(m.en is not None for m in match_numbers(ko, [other]))
    misses: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    en_misses: Counter[str] = Counter()
    en_examples: dict[str, list[str]] = {}
    for ko, en in pairs:
        matches = match_numbers(ko, [en])
        for mt in matches:
            found += 1
            if mt.en is not None:
                matched += 1
            else:
                key = mt.ko.unit or "(bare)"
                misses[key] += 1
                examples.setdefault(key, []).append(f"{mt.ko.text!r} | {en[:110]}")
        # English digit mentions that no Korean mention matches (min_score 0.5)
        for e in extract_numbers(en, lang="en"):
            if not any(c.isdigit() for c in e.text):
                continue
            en_total += 1
            if any(compare_numbers(mt.ko, e) >= 0.5 for mt in matches):
                en_covered += 1
            else:
                key = e.unit or "(bare)"
                en_misses[key] += 1
                en_examples.setdefault(key, []).append(f"{e.text!r} | {ko[:70]}")
        # changed numbers must not match
        for mt in matches:
            if not any(c.isdigit() for c in mt.ko.text):
                continue
            ch = _changed(ko, mt.ko)
            if ch is None:
                continue
            text, s, t = ch
            for m2 in match_numbers(text, [en]):
                if m2.ko.start < t and s < m2.ko.end:
                    changed += 1
                    false += m2.en is not None
                    break
    return {
        "pairs": len(pairs),
        "found": found,
        "matched": matched,
        "changed": changed,
        "false": false,
        "unrelated": unrelated,
        "en_total": en_total,
        "en_covered": en_covered,
        "misses": misses,
        "examples": examples,
        "en_misses": en_misses,
        "en_examples": en_examples,
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--misses", type=int, default=0, help="print N examples per top miss kind")
    ap.add_argument("--set", default=None, help="print misses of this set only (e.g. flores-A)")
    ap.add_argument("--baseline", type=Path, help="another numbers.py to score as 'before'")
    ap.add_argument("--pairing", action="store_true", help="NTREX hybrid pairing P@1 (model)")
    args = ap.parse_args()
    a, b = flores_halves(args.data / "flores_sib200_ko_en.jsonl")
    sets = {
        "flores-A": a,
        "flores-B": b,
        "ntrex": ntrex_pairs(args.data / "ntrex128_ko_en_news_docs.jsonl"),
        "kpc": kpc_pairs(args.data / "kpc_news_ko_en_pairs.jsonl"),
    }
    print(
        f"{'set':<9} {'code':<6} {'pairs':>5} {'ko nums':>7} {'recall':>7} {'changed':>7} "
        f"{'false-match':>11} {'unrelated':>9} {'en nums':>7} {'en covered':>10}"
    )
    impls = {"after": ko_en_align.numbers}
    if args.baseline:
        impls = {"before": _load(args.baseline), **impls}
    results = {}
    for name, pairs in sets.items():
        for code, nm in impls.items():
            r = evaluate(pairs, nm)
            results[name] = r  # misses below are the current code's
            print(
                f"{name:<9} {code:<6} {r['pairs']:>5} {r['found']:>7} "
                f"{r['matched'] / max(r['found'], 1):>7.3f} {r['changed']:>7} "
                f"{r['false'] / max(r['changed'], 1):>11.3f} "
                f"{r['unrelated'] / max(r['found'], 1):>9.3f} {r['en_total']:>7} "
                f"{r['en_covered'] / max(r['en_total'], 1):>10.3f}"
            )
    docs = ntrex_docs(args.data / "ntrex128_ko_en_news_docs.jsonl")
    for code, nm in impls.items():
        n, hit, other = same_document(docs, nm)
        print(
            f"ntrex same document, {code}: {n} Korean numbers, matched in the aligned sentence "
            f"{hit:.3f}, in another sentence of the document {other:.3f} (mean per sentence)"
        )
    if args.pairing:
        pairing(impls, args.data)
    for name, r in results.items():
        if args.set and name != args.set:
            continue
        print(f"-- {name}: Korean misses by unit", dict(r["misses"].most_common(12)))
        print(
            "   English digit mentions with no Korean match", dict(r["en_misses"].most_common(12))
        )
        if args.misses:
            for key, _ in r["misses"].most_common(8):
                for ex in r["examples"][key][: args.misses]:
                    print(f"   ko {key:<10} {ex}")
            for key, _ in r["en_misses"].most_common(8):
                for ex in r["en_examples"][key][: args.misses]:
                    print(f"   en {key:<10} {ex}")


def pairing(impls: dict[str, ModuleType], data: Path) -> None:
    """Hybrid pairing P@1 / MRR on NTREX with each numbers implementation."""
    from pairing_accuracy import evaluate as pairing_eval
    from pairing_accuracy import queries

    import ko_en_align.scoring as scoring
    from ko_en_align import Encoder, HeadlineAligner

    items = queries(data / "ntrex128_ko_en_news_docs.jsonl")
    aligner = HeadlineAligner(Encoder(cache_size=20_000), mode="hybrid")
    saved = scoring.extract_numbers, scoring.compare_numbers
    try:
        for code, nm in impls.items():
            scoring.extract_numbers, scoring.compare_numbers = (
                nm.extract_numbers,
                nm.compare_numbers,
            )
            r = pairing_eval(aligner, items)
            print(
                f"ntrex pairing, hybrid, numbers {code}: P@1 {r['P@1']:.4f}  P@3 {r['P@3']:.4f}  "
                f"MRR {r['MRR']:.4f}  ({r['queries']} queries, {r['seconds']:.0f} s)"
            )
    finally:
        scoring.extract_numbers, scoring.compare_numbers = saved


if __name__ == "__main__":
    main()
