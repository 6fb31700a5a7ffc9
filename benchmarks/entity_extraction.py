"""Precision and recall of ``extract_entities`` on real Korean news, beside raw Kiwi NNP tokens.

Two measurements, both on the development data in ``../shared/data`` (read in place):

1. **KLUE NER news sentences** (``klue_ner_news_ko.jsonl``, 748 WikiTree sentences with gold
   PS/LC/OG spans). A predicted name (any non-number entity) is correct when it overlaps a
   gold PS, LC or OG span. Recall is counted per gold span overlapped by a predicted name:
   *full-name person* = gold PS spans of 2-4 Hangul syllables that start with a surname
   of ``data/surnames.tsv`` and do not end in a generic marker (씨, 모, 군, 양); place = LC;
   organisation = OG. The baseline is every NNP token of a plain ``Kiwi()`` (default
   dictionaries, no user words) in the same run. KLUE leaves product and service names
   untagged and tags generic institutions (경찰) as OG, so a second precision counts the
   false positives judged by hand to be such names (``data/klue_untagged_names.tsv``, the
   same list for both systems) as correct; the remaining false positives are listed. Sentences are split into two fixed halves by the md5 of their id
   (``tune`` / ``held-out``): rules were written looking at the ``tune`` half only, so the
   ``held-out`` figures are the ones to quote.
2. **NTREX-128 documents** (``ntrex128_ko_en_news_docs.jsonl``): every Korean sentence of a
   document (headline included) is a translation of the English one at the same index, so
   every name extracted from it should find an English match in that document's English
   (``match_entities`` against all its English sentences, the library's threshold 0.75).
   The rate of names with no match is printed with the unmatched names.

    python benchmarks/entity_extraction.py [--data ../shared/data] [--top 25] [--show-held-out]
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from entity_accuracy import read_jsonl  # same folder: the one JSONL reader of the benchmarks

from ko_en_align.entities import match_entities
from ko_en_align.entities.extract import extract_entities
from ko_en_align.entities.gazetteer import surname_spellings

ROOT = Path(__file__).resolve().parents[1]
NAME_LABELS = ("PS", "LC", "OG")
#: KLUE writes a person known only by surname as 박씨 / 김모씨 / 이군 / 최양: not a full name.
GENERIC_PERSON_ENDINGS = ("씨", "모", "군", "양")

Span = tuple[int, int, str]  # start, end, text


def _untagged_names() -> frozenset[str]:
    path = Path(__file__).parent / "data" / "klue_untagged_names.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.split("\t")[0] for ln in lines if ln.strip() and not ln.startswith("#"))


#: Strings judged by hand to be proper names KLUE leaves untagged (products, shows, ...).
UNTAGGED_NAMES = _untagged_names()


def held_out(sentence_id: str) -> bool:
    """The fixed split: md5 of the KLUE id, odd first byte = held-out."""
    return hashlib.md5(sentence_id.encode("utf-8")).digest()[0] % 2 == 1


def is_full_name(text: str) -> bool:
    """김현종, 남궁민: 2-4 Hangul syllables starting with a listed surname (not 박씨, 김모)."""
    if not 2 <= len(text) <= 4 or not all("가" <= c <= "힣" for c in text):
        return False
    if text.endswith(GENERIC_PERSON_ENDINGS):
        return False
    surnames = surname_spellings()
    return text[0] in surnames or text[:2] in surnames


def ours(text: str) -> list[Span]:
    return [(e.start, e.end, e.text) for e in extract_entities(text) if e.kind != "number"]


def kiwi_nnp() -> Callable[[str], list[Span]]:
    from kiwipiepy import Kiwi

    kiwi = Kiwi()

    def predict(text: str) -> list[Span]:
        return [(t.start, t.start + t.len, t.form) for t in kiwi.tokenize(text) if t.tag == "NNP"]

    return predict


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Tally:
    """Counts for one system on one set of sentences."""

    def __init__(self) -> None:
        self.correct = 0
        self.untagged_names = 0  # false positives judged proper names by hand (see module doc)
        self.predicted = 0
        self.found: Counter[str] = Counter()
        self.gold: Counter[str] = Counter()
        self.false_pos: Counter[str] = Counter()
        self.examples: dict[str, str] = {}

    def add(self, row: dict, predicted: list[Span]) -> None:
        gold = [
            (g["start"], g["end"], g["label"], g["text"])
            for g in row["entities"]
            if g["label"] in NAME_LABELS
        ]
        for s, e, text in predicted:
            self.predicted += 1
            if any(overlaps((s, e), (gs, ge)) for gs, ge, _, _ in gold):
                self.correct += 1
            elif text in UNTAGGED_NAMES:
                self.untagged_names += 1
            else:
                self.false_pos[text] += 1
                self.examples.setdefault(text, row["text"])
        for gs, ge, label, text in gold:
            kinds = [label] + (["PS-full"] if label == "PS" and is_full_name(text) else [])
            hit = any(overlaps((s, e), (gs, ge)) for s, e, _ in predicted)
            for k in kinds:
                self.gold[k] += 1
                self.found[k] += hit

    def line(self, name: str) -> str:
        def rate(k: str) -> str:
            return f"{self.found[k] / max(self.gold[k], 1):.3f} ({self.found[k]}/{self.gold[k]})"

        prec = f"{self.correct / max(self.predicted, 1):.3f} ({self.correct}/{self.predicted})"
        ok = self.correct + self.untagged_names
        judged = f"{ok / max(self.predicted, 1):.3f}"
        return (
            f"  {name:<18} precision {prec:<18} (+untagged names {judged})  "
            f"full-name PS recall {rate('PS-full'):<18} "
            f"LC recall {rate('LC'):<18} OG recall {rate('OG'):<18} all-PS recall {rate('PS')}"
        )


def klue(data: Path, top: int, *, show_held_out: bool = False) -> None:
    rows = read_jsonl(data / "klue_ner_news_ko.jsonl")
    systems = {"kiwi NNP": kiwi_nnp(), "extract_entities": ours}
    halves = {"tune": [r for r in rows if not held_out(r["id"])]}
    halves["held-out"] = [r for r in rows if held_out(r["id"])]
    halves["all"] = rows
    tallies: dict[tuple[str, str], Tally] = {}
    timing: dict[str, float] = {}
    for sys_name, predict in systems.items():
        t0 = time.perf_counter()
        preds = {r["id"]: predict(r["text"]) for r in rows}
        timing[sys_name] = time.perf_counter() - t0
        for half, subset in halves.items():
            tally = Tally()
            for r in subset:
                tally.add(r, preds[r["id"]])
            tallies[half, sys_name] = tally
    print(
        f"KLUE NER news ({len(rows)} sentences; split by md5(id): "
        f"{len(halves['tune'])} tune, {len(halves['held-out'])} held-out)"
    )
    for half in halves:
        print(f" {half}:")
        for sys_name in systems:
            print(tallies[half, sys_name].line(sys_name))
    for sys_name in systems:
        print(f"  time {sys_name}: {timing[sys_name]:.1f} s for {len(rows)} sentences")
    # Rules are designed on the tune half: its false positives are listed; the held-out
    # ones only on request, to measure a change, not to design it.
    for half in ("tune", "held-out") if show_held_out else ("tune",):
        tally = tallies[half, "extract_entities"]
        print(f" top false positives of extract_entities ({half}):")
        for text, n in tally.false_pos.most_common(top):
            print(f"    {n:3d}  {text:<12} e.g. {tally.examples[text][:70]}")


def ntrex(data: Path, top: int) -> None:
    docs = read_jsonl(data / "ntrex128_ko_en_news_docs.jsonl")
    t0 = time.perf_counter()
    total = unmatched = 0
    missing: Counter[str] = Counter()
    per_kind: Counter[str] = Counter()
    for doc in docs:
        english = list(dict.fromkeys([doc["headline_en"], *doc["en_sentences"]]))
        korean: Iterable[str] = dict.fromkeys([doc["headline_ko"], *doc["ko_sentences"]])
        for ko in korean:
            if not ko.strip():
                continue
            for m in match_entities(ko, english):
                if m.entity.kind == "number":
                    continue
                total += 1
                if not m.matched:
                    unmatched += 1
                    per_kind[m.entity.kind] += 1
                    missing[f"{m.entity.text} [{m.entity.kind}]"] += 1
    elapsed = time.perf_counter() - t0
    print(f"NTREX-128 ({len(docs)} documents, every Korean sentence vs its document's English)")
    print(
        f"  names with no English match: {unmatched / max(total, 1):.3f} ({unmatched}/{total})"
        f"  by kind {dict(per_kind)}   time {elapsed:.1f} s"
    )
    print("  unmatched names:")
    for text, n in missing.most_common(top):
        print(f"    {n:3d}  {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--top", type=int, default=25, help="false positives / misses listed")
    parser.add_argument("--only", choices=("klue", "ntrex"), default=None)
    parser.add_argument(
        "--show-held-out",
        action="store_true",
        help="also list the held-out half's false positives (not for designing rules)",
    )
    args = parser.parse_args()
    t0 = time.perf_counter()
    if args.only in (None, "klue"):
        klue(args.data, args.top, show_held_out=args.show_held_out)
    if args.only in (None, "ntrex"):
        ntrex(args.data, args.top)
    print(f"total run time {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
