"""50-way accuracy@1 of ko_en_align's cross-script name matching.

For each Korean name the right English name must be picked among 50: itself
and 49 others of the same kind (fixed seed). ``transliteration_similarity`` is
compared with the usual route: Revised Romanization + Jaro-Winkler.

    .venv/bin/python benchmarks/entity_accuracy.py [--data ../shared/data] [--seed 0]

Data (development parts, read in place, never copied into the package):
  * ko_assembly_members_names.jsonl — official English names (``CHUNG SYEKYUN``)
    and a news-style form derived here (``Chung Sye-kyun``);
  * loanword_foreign_to_hangul.jsonl — NIKL foreign proper nouns
    (``capitalized: true``). The rule weights were tuned on the ``train`` half
    (hash split by row); the ``held-out`` half is the number to quote. Rows
    that look Japanese or German are reported separately, not dropped;
  * wikidata_ko_en_aliases.jsonl — Wikidata entities (CC0) with Korean and
    English labels and aliases, split by entity (md5 of the ``qid``) into a fit
    half, from which ``ko_en_align/entities/data/morphemes.tsv`` is learnt
    (``--write-lexicon``), and a held-out half, the number to quote. Each
    held-out entity's first Korean label is matched against 50 held-out
    entities (itself + 49, fixed seed), each scored by the best of its English
    labels and aliases.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import jellyfish
from rapidfuzz.distance import Indel

from ko_en_align.entities import (
    english_candidates,
    entity_similarity,
    extract_entities,
    match_entities,
    romanize,
    translate,
    transliteration_similarity,
)
from ko_en_align.entities.romanize import split_name, syllable_spellings

ROOT = Path(__file__).resolve().parents[1]
N_WAY = 50


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:  # report, never drop silently
                print(f"{path.name}:{lineno}: bad JSON ({exc}); skipped")
    return rows


def read_tsv(path: Path) -> list[tuple[str, str]]:
    out = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            print(f"{path.name}:{lineno}: expected ko<TAB>en; skipped")
            continue
        out.append((fields[0], fields[1]))
    return out


def baseline(ko: str, en: str) -> float:
    """A user's usual route: RR romanisation + Jaro-Winkler on letters only."""
    a = re.sub(r"[^a-z]", "", romanize(ko, system="rr").lower())
    b = re.sub(r"[^a-z]", "", en.lower())
    return jellyfish.jaro_winkler_similarity(a, b)


def news_style(name_ko: str, official: str) -> str:
    """'정세균', 'CHUNG SYEKYUN' -> 'Chung Sye-kyun' (hyphen at the best syllable split)."""
    parts = official.split()
    surname, given_en = parts[0].capitalize(), "".join(parts[1:]).lower()
    _, given_ko = split_name(name_ko)
    if len(given_ko) != 2 or len(given_en) < 2:
        return f"{surname} {given_en.capitalize()}"

    def fit(i: int) -> float:
        a, b = given_en[:i], given_en[i:]
        return max(
            Indel.normalized_similarity(a, s) for s in syllable_spellings(given_ko[0])
        ) + max(Indel.normalized_similarity(b, s) for s in syllable_spellings(given_ko[1]))

    cut = max(range(1, len(given_en)), key=fit)
    return f"{surname} {given_en[:cut].capitalize()}-{given_en[cut:]}"


def accuracy_at_1(
    pairs: Sequence[tuple[str, str]],
    pool: Sequence[str],
    scorer: Callable[[str, str], float],
    *,
    seed: int,
) -> tuple[float, list[tuple[str, str, str]]]:
    rng = random.Random(seed)
    correct, errors = 0, []
    for ko, gold in pairs:
        others = [e for e in pool if e != gold]
        cands = [gold, *rng.sample(others, N_WAY - 1)]
        scores = [scorer(ko, c) for c in cands]
        rival = max(range(1, len(cands)), key=scores.__getitem__)
        if scores[0] > scores[rival]:  # a tie counts as a miss
            correct += 1
        else:
            errors.append((ko, gold, cands[rival]))
    return correct / len(pairs), errors


def split_of(key: str) -> str:
    return "train" if int(hashlib.md5(key.encode()).hexdigest(), 16) % 2 == 0 else "held-out"


_JAPANESE = re.compile(r"^(?:(?:ky|sh|ch|ts|ry|ny|hy|my|gy|by|py|[kgsztdnhbpmyrwfj])?[aeiou]|n)+$")
_GERMAN = re.compile(r"sch|tz|ß|ä|ö|ü|berg$|stein$|mann$|heim$|dorf$")


def origin(foreign: str) -> str:
    word = foreign.lower()
    if all(_JAPANESE.match(w) for w in re.findall(r"[a-z]+", word)) and len(word) > 3:
        return "japanese-looking"
    if _GERMAN.search(word):
        return "german-looking"
    return "other"


def report(title: str, pairs, pool, seed: int, *, show_errors: int = 0) -> None:
    ours, errors = accuracy_at_1(pairs, pool, transliteration_similarity, seed=seed)
    both, _ = accuracy_at_1(pairs, pool, entity_similarity, seed=seed)
    base, _ = accuracy_at_1(pairs, pool, baseline, seed=seed)
    print(
        f"  {title:<46} n={len(pairs):<5} translit={ours:.3f}  entity_similarity={both:.3f}"
        f"  RR+JW={base:.3f}"
    )
    for ko, gold, got in errors[:show_errors]:
        print(f"      miss: {ko} gold={gold!r} picked={got!r}")


def wikidata_halves(data: Path) -> dict[str, list[dict]]:
    """The Wikidata entities split by a stable hash of their qid: 'train' (fit) and 'held-out'."""
    halves: dict[str, list[dict]] = {"train": [], "held-out": []}
    for row in read_jsonl(data / "wikidata_ko_en_aliases.jsonl"):
        if row.get("ko") and row.get("en"):
            halves[split_of(row["qid"])].append(row)
    return halves


def write_lexicon(fit: list[dict]) -> None:
    """Learn data/morphemes.tsv from CLDR names and the Wikidata fit half; count suffix support."""
    names = translate.cldr_name_pairs() + [(r["ko"], r["en"]) for r in fit]
    lexicon = translate.learn_lexicon(names)
    path = ROOT / "ko_en_align" / "entities" / "data" / "morphemes.tsv"
    with path.open("w", encoding="utf-8") as f:
        f.write(
            "# korean\tenglish stems ('|')\tnames holding both\tDice -- learnt by\n"
            "# translate.learn_lexicon from CLDR (babel) territory/language/script/currency names\n"
            f"# and the fit half of Wikidata ({len(fit)} entities, CC0); regenerate with\n"
            "# python benchmarks/entity_accuracy.py --write-lexicon\n"
        )
        for e in lexicon:
            f.write(f"{e.korean}\t{'|'.join(e.stems)}\t{e.count}\t{e.dice}\n")
    print(f"wrote {len(lexicon)} morphemes to {path.relative_to(ROOT)} from {len(names)} names")
    # How often English keeps each suffix's word (팔라완주 ↔ Palawan drops it): counted on
    # the fit half, written beside each hand-written suffix, read as its weight when absent.
    suffix_path = path.with_name("name_suffixes.tsv")
    out = []
    for line in suffix_path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            out.append(line)
            continue
        suffix, words = line.split("\t")[:2]
        stems = {translate.stem(w) for w in words.split("|")}
        ends = [r for r in fit if any(w.endswith(suffix) for k in r["ko"] for w in k.split())]
        kept = [
            r
            for r in ends
            if any(translate.stem(w) in stems for e in r["en"] for w in translate.english_words(e))
        ]
        out.append(f"{suffix}\t{words}\t{len(ends)}\t{len(kept)}")
    suffix_path.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"counted suffix support on the fit half into {suffix_path.relative_to(ROOT)}")


def entity_accuracy_at_1(
    rows: Sequence[dict], scorer: Callable[[str, str], float], *, seed: int
) -> tuple[float, list[tuple[str, str, str]]]:
    """acc@1 among 50 entities: the first Korean label vs the best of each one's English names."""
    rng = random.Random(seed)
    correct, errors = 0, []
    for i, row in enumerate(rows):
        others = rng.sample(range(len(rows) - 1), N_WAY - 1)
        cands = [row, *(rows[j if j < i else j + 1] for j in others)]
        ko = row["ko"][0]
        scores = [max(scorer(ko, en) for en in c["en"]) for c in cands]
        rival = max(range(1, len(cands)), key=scores.__getitem__)
        if scores[0] > scores[rival]:  # a tie counts as a miss
            correct += 1
        else:
            errors.append((ko, row["en"][0], cands[rival]["en"][0]))
    return correct / len(rows), errors


def _use_lexicon(table: dict[str, tuple[str, ...]]) -> None:
    translate.morpheme_lexicon.cache_clear()
    translate.morpheme_lexicon()  # fill the cache, then swap the contents
    lex = translate.morpheme_lexicon()
    lex.clear()
    lex.update(table)
    for cached in (
        translate.segment_korean,
        translate._lexicon_split,
        translate._translation_similarity,
        translate._acronyms,
    ):
        cached.cache_clear()


def wikidata_report(halves: dict[str, list[dict]], seed: int, show_errors: int, data: Path) -> None:
    held, fit = halves["held-out"], halves["train"]
    print(
        f"Translated names: Wikidata entities, Korean label vs 50 entities' English names "
        f"(fit {len(fit)}, held-out {len(held)})"
    )

    def line(title: str, rows: Sequence[dict], scorer: Callable[[str, str], float]) -> None:
        t0 = time.process_time()
        acc, errors = entity_accuracy_at_1(rows, scorer, seed=seed)
        spent = time.process_time() - t0
        print(f"  {title:<58} n={len(rows):<5} acc@1={acc:.3f}  ({spent:.0f} s)")
        for ko, gold, got in errors[:show_errors]:
            print(f"      miss: {ko} gold={gold!r} picked={got!r}")

    line("held-out, RR + Jaro-Winkler (baseline)", held, baseline)
    line("held-out, transliteration_similarity alone", held, transliteration_similarity)
    line("held-out, translation_similarity alone", held, translate.translation_similarity)
    line("held-out, entity_similarity (both routes)", held, entity_similarity)
    semantic_lines(halves, line)
    full = dict(translate.morpheme_lexicon())
    learnt = {r[0]: tuple(r[1].split("|")) for r in translate._data_rows("morphemes.tsv")}
    curated = translate._curated_morphemes()
    sino = translate._sino_senses()
    for title, table in (
        ("held-out, entity_similarity, suffixes + learnt lexicon only", learnt),
        ("held-out, entity_similarity, suffixes + curated morphemes only", curated),
        ("held-out, entity_similarity, suffixes + Sino-Korean dictionary only", sino),
        (
            "held-out, entity_similarity, tables without the Sino-Korean dictionary",
            {k: v for k, v in full.items() if k in learnt or k in curated},
        ),
        ("held-out, entity_similarity, suffixes only", {}),
    ):
        _use_lexicon(table)
        line(title, held, entity_similarity)
    _use_lexicon(full)
    line("fit half (lexicon learnt here: not a held-out figure)", fit, entity_similarity)
    semantic_person_check(data, seed)


def _semantic_scorers(
    matcher, rows: Sequence[dict]
) -> tuple[Callable[[str, str], float], Callable[[str, str], float]]:
    """One encoding of every name of ``rows``; (encoder route alone, combined) scorers."""
    kos = list(dict.fromkeys(r["ko"][0] for r in rows))
    ens = list(dict.fromkeys(e for r in rows for e in r["en"]))
    t0 = time.perf_counter()
    enc = matcher.encoder_scores(kos, ens)
    print(f"      (encoded {len(kos) + len(ens)} names in {time.perf_counter() - t0:.0f} s wall)")
    ki = {k: i for i, k in enumerate(kos)}
    ei = {e: j for j, e in enumerate(ens)}

    def alone(ko: str, en: str) -> float:
        return float(enc[ki[ko], ei[en]])

    def both(ko: str, en: str) -> float:
        return max(entity_similarity(ko, en), alone(ko, en))

    return alone, both


def semantic_lines(halves: dict[str, list[dict]], line: Callable[..., None]) -> None:
    """The encoder route (entities/semantic.py) alone and max'ed with entity_similarity."""
    from ko_en_align.entities.semantic import SemanticNameMatcher

    matcher = SemanticNameMatcher()
    alone, both = _semantic_scorers(matcher, halves["held-out"])
    line("held-out, encoder route alone (semantic.py)", halves["held-out"], alone)
    line("held-out, max(entity_similarity, encoder route)", halves["held-out"], both)
    _, both = _semantic_scorers(matcher, halves["train"])
    line(
        "fit half, max(entity_similarity, encoder route) (weights chosen here)",
        halves["train"],
        both,
    )


def semantic_person_check(data: Path, seed: int) -> None:
    """Person sets: acc@1 and other people >= 0.75, entity_similarity vs the combined score."""
    from ko_en_align.entities.semantic import SemanticNameMatcher

    matcher = SemanticNameMatcher()
    sets = assembly_name_sets(data)
    for fname in ("names_news_style.tsv", "foreign_names_news.tsv"):
        sets.append((f"tests/data/{fname}", read_tsv(ROOT / "tests" / "data" / fname)))
    rows = [
        r for r in read_jsonl(data / "loanword_foreign_to_hangul.jsonl") if r.get("capitalized")
    ]
    nikl = [(r["hangul"], r["foreign"]) for r in rows]
    nikl_pool = sorted({en for _, en in nikl})
    held = [(ko, en) for ko, en in nikl if split_of(f"{ko}\t{en}") == "held-out"]
    sets.append(("NIKL foreign proper nouns, held-out", held))
    print("Person sets: entity_similarity vs max(entity_similarity, encoder route)")
    for title, pairs in sets:
        pool = nikl_pool if title.startswith("NIKL") else [e for _, e in pairs]
        kos = list(dict.fromkeys(ko for ko, _ in pairs))
        enc = matcher.encoder_scores(kos, pool)
        ki, ei = {k: i for i, k in enumerate(kos)}, {e: j for j, e in enumerate(pool)}

        def both(ko: str, en: str, enc=enc, ki=ki, ei=ei) -> float:
            return max(entity_similarity(ko, en), float(enc[ki[ko], ei[en]]))

        out = []
        for scorer in (entity_similarity, both):
            acc, _ = accuracy_at_1(pairs, pool, scorer, seed=seed)
            rng = random.Random(seed)
            false = 0
            for ko, gold in pairs:
                for other in rng.sample([e for e in pool if e != gold], N_WAY - 1):
                    false += scorer(ko, other) >= 0.75
            out.append(f"acc@1 {acc:.3f} other people >= 0.75 {false}/{len(pairs) * (N_WAY - 1)}")
        print(f"  {title[:46]:<46} entity_similarity: {out[0]} | combined: {out[1]}")


def assembly_name_sets(data: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The 20th National Assembly members in six English spelling styles."""
    members = read_jsonl(data / "ko_assembly_members_names.jsonl")
    official = [(m["name_ko"], m["name_en_official"]) for m in members]
    news = [(ko, news_style(ko, en)) for ko, en in official]
    swapped = [(ko, " ".join([*en.split()[1:], en.split()[0]])) for ko, en in news]
    spaced = [(ko, en.replace("-", " ")) for ko, en in news]
    mr = [
        (
            ko,
            f"{romanize(split_name(ko)[0], system='mr').capitalize()} "
            f"{romanize(split_name(ko)[1], system='mr').capitalize()}",
        )
        for ko, _ in official
    ]
    rr = [(ko, romanize(ko, system="name")) for ko, _ in official]
    return [
        ("official English (KIM HYUNCHONG style)", official),
        ("news style derived (Kim Hyun-chong style)", news),
        ("news style, given name first", swapped),
        ("spaced (Chung Sye Kyun)", spaced),
        ("McCune-Reischauer with breves (Chŏng Segyun)", mr),
        ("Revised Romanization name form (Jeong Se-gyun)", rr),
    ]


def given_floor_grid(data: Path, seed: int) -> None:
    """acc@1 and false matches of other people for translit._GIVEN_FLOOR values (no seed data)."""
    from ko_en_align.entities import translit

    sets = assembly_name_sets(data)
    sets.append(
        ("news-style public figures", read_tsv(ROOT / "tests" / "data" / "names_news_style.tsv"))
    )
    default = translit._GIVEN_FLOOR
    print("given-name floor on the person sets (Assembly x6 styles, news-style figures)")
    for floor in (0.3, 0.4, 0.5, 0.6, 0.7):
        translit._GIVEN_FLOOR = floor
        translit._similarity.cache_clear()
        accs, false, pairs_seen, found = [], 0, 0, 0
        for _, pairs in sets:
            found += sum(transliteration_similarity(ko, gold) >= 0.75 for ko, gold in pairs)
            pool = [e for _, e in pairs]
            acc, _ = accuracy_at_1(pairs, pool, transliteration_similarity, seed=seed)
            accs.append(acc)
            rng = random.Random(seed)
            for ko, gold in pairs:
                for other in rng.sample([e for e in pool if e != gold], N_WAY - 1):
                    false += transliteration_similarity(ko, other) >= 0.75
                    pairs_seen += 1
        mark = "  <- current" if floor == default else ""
        per_set = " ".join(f"{a:.3f}" for a in accs)
        n_gold = sum(len(p) for _, p in sets)
        print(
            f"  floor {floor:.1f}: acc@1 {statistics.mean(accs):.4f} ({per_set})  "
            f"own name >= 0.75 {found / n_gold:.4f}  other people >= 0.75 "
            f"{false / pairs_seen:.4f}{mark}"
        )
    translit._GIVEN_FLOOR = default
    translit._similarity.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--errors", type=int, default=0, help="print this many misses per set")
    parser.add_argument(
        "--write-lexicon",
        action="store_true",
        help="learn data/morphemes.tsv from CLDR and the Wikidata fit half, then exit",
    )
    parser.add_argument(
        "--only", choices=("all", "wikidata", "names"), default="all", help="which sets to run"
    )
    parser.add_argument(
        "--given-floor",
        action="store_true",
        help="grid of translit._GIVEN_FLOOR on the person sets, then exit",
    )
    args = parser.parse_args()
    if args.given_floor:
        given_floor_grid(args.data, args.seed)
        return
    if args.write_lexicon:
        write_lexicon(wikidata_halves(args.data)["train"])
        return
    if args.only in ("all", "wikidata"):
        wikidata_report(wikidata_halves(args.data), args.seed, args.errors, args.data)
    if args.only == "wikidata":
        return

    print(f"{N_WAY}-way accuracy@1 (seed {args.seed})")
    print("Korean personal names (20th National Assembly)")
    for title, pairs in assembly_name_sets(args.data):
        report(title, pairs, [e for _, e in pairs], args.seed, show_errors=args.errors)

    print(
        "Public figures as English-language news spells them (tests/data, written for this project)"
    )
    for fname, title in (
        ("names_news_style.tsv", "Korean people (Kim Yuna, Ri Yong Ho, ...)"),
        ("foreign_names_news.tsv", "foreign people in Hangul (볼로디미르 젤렌스키)"),
    ):
        own = read_tsv(ROOT / "tests" / "data" / fname)
        report(title, own, [e for _, e in own], args.seed, show_errors=args.errors)

    rows = [
        r
        for r in read_jsonl(args.data / "loanword_foreign_to_hangul.jsonl")
        if r.get("capitalized")
    ]
    pairs = [(r["hangul"], r["foreign"]) for r in rows]
    pool = sorted({en for _, en in pairs})
    print("Foreign proper nouns written in Hangul (NIKL, capitalized rows)")
    by_split: dict[str, list[tuple[str, str]]] = {"train": [], "held-out": []}
    for ko, en in pairs:
        by_split[split_of(f"{ko}\t{en}")].append((ko, en))
    for name in ("train", "held-out"):
        report(f"{name} split", by_split[name], pool, args.seed, show_errors=args.errors)
    held = by_split["held-out"]
    for group in ("other", "japanese-looking", "german-looking"):
        sub = [(ko, en) for ko, en in held if origin(en) == group]
        if sub:
            report(f"held-out, {group}", sub, pool, args.seed)
    not_hangul = [(ko, en) for ko, en in held if not re.fullmatch(r"[\uac00-\ud7a3 ]+", ko)]
    print(f"  (held-out rows whose Hangul side has other characters: {len(not_hangul)})")

    seed_path = ROOT / "seeds" / "000_ba3be2c408401557.txt"
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines[1:] if ln.strip()]
    # 50 sentences; sentences repeat, so salt each with a distinct name to defeat caches.
    body50 = [f"{s} Visitor{i} Anderson." for i, s in enumerate((body * 4)[:50])]
    headline = "김현종 유명희 라이트하이저 워싱턴 도쿄 日 美 방미"
    entities = [e.text for e in extract_entities(headline)]
    spans = sorted({c.text for s in body50 for c in english_candidates(s)})
    times, pair_times = [], []
    for _ in range(5):
        _clear_english_caches()
        # CPU time of this process: other jobs on a shared machine do not inflate it.
        t0 = time.process_time()
        match_entities(headline, body50)
        times.append(time.process_time() - t0)
        _clear_english_caches()
        t0 = time.process_time()
        for ko in entities:
            for en in spans:
                transliteration_similarity(ko, en)
        pair_times.append(time.process_time() - t0)
    print(
        f"speed: {len(entities)} entities x {len(spans)} distinct capitalised spans of a "
        f"50-sentence body: transliteration_similarity {statistics.median(pair_times) * 1e3:.1f} ms;"
        f" whole match_entities {statistics.median(times) * 1e3:.1f} ms (CPU time, median of 5,"
        f" English-side caches cleared each run)"
    )


def _clear_english_caches() -> None:
    from ko_en_align.entities import match as match_mod
    from ko_en_align.entities import translit

    translit._similarity.cache_clear()
    translit.en_phonetic_keys.cache_clear()
    translit._views.cache_clear()
    translit._en_views.cache_clear()
    translit._en_word_keys.cache_clear()
    translit._latin_tokens.cache_clear()
    translit._norm_alias.cache_clear()
    match_mod._candidates.cache_clear()


if __name__ == "__main__":
    main()
