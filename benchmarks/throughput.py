"""Throughput: ko_en_align's batch path against a sentence-transformers loop (issues 6, 13).

Three bulletin sets, the honest one first:

- *distinct set* (reported first): real documents, no input repeated
  anywhere in the set (no body, no sentence, no headline appears twice, so
  no cache or de-duplication can hit): each NTREX-128 document's Korean
  headline over its English sentences (gold: the English headline), every
  KPC ``window_id`` pseudo-document and FLORES-200 runs of consecutive
  sentences (one Korean sentence as the headline over the run's English
  sentences, gold: its translation; the position rotates so the gold is not
  always first);
- *repeated set* (cache-flattered): each NTREX document's Korean headline
  over its English body without the headline (41 bulletins), repeated to
  reach ``--min-bulletins`` (default 2,000);
- *unique set* (cache-flattered): every Korean NTREX sentence as the headline
  over its document's English sentences (662 distinct headlines but only 41
  distinct bodies; these are the NTREX queries whose gold answer is the
  index-aligned English sentence: their P@1 is the NTREX dev P@1).

Every run prints the stage profile of our side on the distinct set:
tokenize, encode (forward passes and pooling), entities, numbers, scoring
(the hybrid score without its entity and number calls) and the rest.

The peer is what a user without this library would write: the converted
default checkpoint loaded with ``sentence_transformers.SentenceTransformer``,
headline and sentences encoded bulletin by bulletin (``prompt_name="query"`` /
``"passage"``), ranked by cosine. Both run in this one process, back to back,
on the same bulletins. On the distinct set the two are interleaved block by
block (ours on a block, the peer on the same block, ...) so that a load
change on a shared machine hits both; the ratio is computed from those
interleaved timings. Our first pass over every set runs before the peer is
loaded, so the peak resident memory printed for ours is ours alone.
``--peer-limit`` times the peer on the first N bulletins of the cache-
flattered sets only (its cost per bulletin is constant; the P@1 columns then
say on how many queries they were computed).

    KO_EN_ALIGN_CACHE=/tmp/kcache python benchmarks/throughput.py
    python benchmarks/throughput.py --sets distinct                   # the honest set only
    python benchmarks/throughput.py --min-bulletins 410 --peer-limit 80   # a quick look
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import resource
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from ko_en_align import Bulletin, HeadlineAligner

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT_DATA = DATA / "ntrex128_ko_en_news_docs.jsonl"
#: FLORES-200 sentences per pseudo-document: ~12, the length of a short news
#: transcript (the NTREX documents average 16 sentences, KPC windows have 10)
FLORES_RUN = 12


def load_docs(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def distinct_set(data: Path = DATA) -> tuple[list[Bulletin], list[int], dict[str, int]]:
    """Real documents with no text repeated anywhere in the set.

    Returns the bulletins, the gold index of each and how many bulletins each
    source gave. A bulletin whose headline or any sentence was already used
    (KPC and FLORES share a few short lines with themselves) is dropped whole,
    as is one whose Korean line has no Hangul (a KPC dateline),
    so every forward pass of ours and of the peer is on a text seen once.
    """
    from ko_en_align.text import has_hangul

    candidates: list[tuple[str, str, list[str], int]] = []
    for d in load_docs(data / "ntrex128_ko_en_news_docs.jsonl"):
        candidates.append(("ntrex", d["headline_ko"], list(d["en_sentences"]), 0))
    kpc: dict[str, list[dict]] = defaultdict(list)
    for row in load_docs(data / "kpc_news_ko_en_pairs.jsonl"):
        kpc[row["window_id"]].append(row)
    for n, (_, rows) in enumerate(sorted(kpc.items())):
        g = n % len(rows)  # rotate the gold position
        candidates.append(("kpc", rows[g]["ko"], [r["en"] for r in rows], g))
    flores = sorted(load_docs(data / "flores_sib200_ko_en.jsonl"), key=lambda r: r["index_id"])
    for n, a in enumerate(range(0, len(flores) - FLORES_RUN + 1, FLORES_RUN)):
        rows = flores[a : a + FLORES_RUN]
        g = n % len(rows)
        candidates.append(("flores", rows[g]["ko"], [r["en"] for r in rows], g))
    seen: set[str] = set()
    bulletins, gold, counts = [], [], {"ntrex": 0, "kpc": 0, "flores": 0}
    for source, headline, body, g in candidates:
        texts = [headline, *body]
        if not has_hangul(headline) or len(set(texts)) < len(texts) or seen.intersection(texts):
            continue
        seen.update(texts)
        bulletins.append(Bulletin(headline, body, id=f"{source}:{counts[source]}"))
        gold.append(g)
        counts[source] += 1
    return bulletins, gold, counts


def repeated_set(docs: list[dict], minimum: int) -> list[Bulletin]:
    base = [Bulletin(d["headline_ko"], d["en_sentences"][1:], id=d["doc_id"]) for d in docs]
    reps = -(-minimum // len(base))
    return [b for _ in range(reps) for b in base]


def unique_set(docs: list[dict]) -> tuple[list[Bulletin], list[int]]:
    bulletins, gold = [], []
    for d in docs:
        for i, ko in enumerate(d["ko_sentences"]):
            bulletins.append(Bulletin(ko, d["en_sentences"], id=f"{d['doc_id']}:{i}"))
            gold.append(i)
    return bulletins, gold


class StageProfile:
    """Exclusive wall time per stage, by wrapping the library's functions in place.

    Stages: ``tokenize`` (``Encoder._token_ids``), ``encode``
    (``Encoder.encode`` less its tokenisation: forward passes, pooling),
    ``entities`` / ``numbers`` (functions of ``ko_en_align.entities`` /
    ``ko_en_align.numbers`` called from the scoring modules) and ``scoring``
    (the rest of ``ko_en_align.scoring`` and the modules it uses), ``coverage``
    (``ko_en_align.wordalign``: the claims' word alignment; ``encode`` also counts
    ``Encoder.encode_with_tokens`` / ``encode_tokens``). Each
    wrapper charges its time less its nested wrapped calls, so stages add up;
    ``other`` is what the aligner spends outside them. The wrappers cost about
    a microsecond a call.
    """

    SCORING_MODULES = ("ko_en_align.scoring", "ko_en_align.align", "ko_en_align.wordalign")

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack: list[float] = []
        self._undo: list[tuple[object, str, object]] = []

    def _wrap(self, owner: object, name: str, stage: str) -> None:
        fn = getattr(owner, name)
        stack, seconds = self._stack, self.seconds

        def timed(*args: object, **kwargs: object) -> object:
            stack.append(0.0)
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                dt = time.perf_counter() - t
                nested = stack.pop()
                seconds[stage] += dt - nested
                if stack:
                    stack[-1] += dt

        self._undo.append((owner, name, fn))
        setattr(owner, name, timed)

    @staticmethod
    def _stage(module: str) -> str | None:
        if module.startswith("ko_en_align.entities"):
            return "entities"
        if module == "ko_en_align.numbers":
            return "numbers"
        if module.startswith("ko_en_align.wordalign"):
            return "coverage"
        if module.startswith("ko_en_align.scoring"):
            return "scoring"
        return None

    def __enter__(self) -> StageProfile:
        from ko_en_align.encoder import Encoder

        self._wrap(Encoder, "_token_ids", "tokenize")
        self._wrap(Encoder, "encode", "encode")
        self._wrap(Encoder, "encode_tokens", "encode")
        self._wrap(Encoder, "encode_with_tokens", "encode")
        for mod_name in self.SCORING_MODULES:
            module = importlib.import_module(mod_name)
            if module is None:
                continue
            for name, obj in list(vars(module).items()):
                stage = self._stage(getattr(obj, "__module__", "") or "")
                if inspect.isfunction(obj) and stage is not None:
                    self._wrap(module, name, stage)
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, name, fn in reversed(self._undo):
            setattr(owner, name, fn)
        self._undo.clear()

    def report(self, total: float) -> str:
        order = ("tokenize", "encode", "entities", "numbers", "scoring", "coverage")
        parts = {k: self.seconds.get(k, 0.0) for k in order}
        parts["other"] = max(total - sum(parts.values()), 0.0)
        return "  ".join(f"{k} {v:.2f} s ({100 * v / total:.0f}%)" for k, v in parts.items())


def peer_rankings(model, bulletins: list[Bulletin]) -> list[np.ndarray]:
    """The sentence-transformers loop, as its docs show it, one bulletin at a time."""
    out = []
    for b in bulletins:
        q = model.encode([b.headline], prompt_name="query", normalize_embeddings=True)
        p = model.encode(list(b.sentences), prompt_name="passage", normalize_embeddings=True)
        out.append(np.argsort(-(p @ q[0]), kind="stable"))
    return out


def p_at_1(best: list[int], gold: list[int]) -> float:
    return float(np.mean([b == g for b, g in zip(best, gold, strict=False)]))


def peak_rss_mb() -> float:
    """This process's resident high-water mark (VmHWM; ru_maxrss where /proc is missing)."""
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def interleaved(
    aligner, peer, bulletins: list[Bulletin], blocks: int
) -> tuple[float, float, list[np.ndarray]]:
    """Seconds of ours and of the peer on ``bulletins``, alternating block by block, and the peer's rankings."""
    ours_s = peer_s = 0.0
    ranks: list[np.ndarray] = []
    size = -(-len(bulletins) // max(blocks, 1))
    for a in range(0, len(bulletins), size):
        block = bulletins[a : a + size]
        t = time.perf_counter()
        aligner.align_many(block)
        ours_s += time.perf_counter() - t
        t = time.perf_counter()
        ranks += peer_rankings(peer, block)
        peer_s += time.perf_counter() - t
    return ours_s, peer_s, ranks


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data-dir", type=Path, default=DATA, help="the shared/data folder")
    ap.add_argument(
        "--sets",
        default="distinct,repeated,unique",
        help="comma-separated: distinct (no input repeats), repeated, unique (cache-flattered)",
    )
    ap.add_argument("--min-bulletins", type=int, default=2000)
    ap.add_argument(
        "--peer-limit",
        type=int,
        default=None,
        help="time the peer on the first N bulletins of the repeated and unique sets",
    )
    ap.add_argument("--blocks", type=int, default=4, help="interleaving blocks on the distinct set")
    ap.add_argument("--device", default=None, help="cuda / cpu / None (auto)")
    ap.add_argument("--dtype", default="float32")
    ap.add_argument("--backend", default="auto", help="Encoder backend (default: its own)")
    ap.add_argument(
        "--batch-size", type=int, default=None, help="HeadlineAligner batch size (default: its own)"
    )
    ap.add_argument(
        "--mode",
        default=None,
        help="HeadlineAligner mode (default: its own); 'embedding' is what the peer does",
    )
    ap.add_argument("--skip-peer", action="store_true")
    ap.add_argument(
        "--no-claim-coverage",
        action="store_true",
        help="HeadlineAligner(claim_coverage=False): no word alignment of multi-claim headlines",
    )
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = ap.parse_args()
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = sorted(set(names) - {"distinct", "repeated", "unique"})
    if unknown or not names:
        ap.error(f"--sets takes distinct, repeated and/or unique, got {args.sets!r}")

    from ko_en_align import Encoder
    from ko_en_align.convert import default_model_path

    docs = load_docs(args.data_dir / "ntrex128_ko_en_news_docs.jsonl")
    sets: dict[str, list[Bulletin]] = {}
    golds: dict[str, list[int]] = {}
    if "distinct" in names:
        sets["distinct"], golds["distinct"], counts = distinct_set(args.data_dir)
        n_sent = sum(len(b.sentences) for b in sets["distinct"])
        print(
            f"distinct set: {len(sets['distinct'])} bulletins ({', '.join(f'{k} {v}' for k, v in counts.items())}), "
            f"{n_sent} body sentences, {n_sent / len(sets['distinct']):.1f} per bulletin; "
            "no headline, body or sentence repeats: no cache or de-duplication can hit"
        )
    if "repeated" in names:
        sets["repeated"] = repeated_set(docs, args.min_bulletins)
    if "unique" in names:
        sets["unique"], golds["unique"] = unique_set(docs)
    for name in ("repeated", "unique"):
        if name in sets:
            bodies = len({b.sentences for b in sets[name]})
            print(
                f"{name} set (cache-flattered): {len(sets[name])} bulletins over {bodies} distinct bodies"
            )

    encoder = Encoder(device=args.device, dtype=args.dtype, backend=args.backend).load()  # type: ignore[arg-type]
    knobs = {
        k: v for k, v in (("batch_size", args.batch_size), ("mode", args.mode)) if v is not None
    }
    aligner = HeadlineAligner(encoder, claim_coverage=not args.no_claim_coverage, **knobs)
    # warm-up, both sides get one, on texts of no set
    warm = [Bulletin("김현종 방미", ["Kim Hyun-chong flew to Washington.", "It rained in Seoul."])]
    aligner.align_many(warm)
    results: dict[str, dict[str, float]] = {}

    # ours first, on every set, so the process's high-water mark before the peer loads is ours alone
    ours_by_set = {}
    profile = None
    for name, bulletins in sets.items():
        t = time.perf_counter()
        if name == "distinct":
            with StageProfile() as profile:
                ours_by_set[name] = aligner.align_many(bulletins)
        else:
            ours_by_set[name] = aligner.align_many(bulletins)
        results[name] = {"bulletins": len(bulletins), "ours_s": time.perf_counter() - t}
        results[name]["ours_bps"] = len(bulletins) / results[name]["ours_s"]
        if name in golds:
            results[name]["ours_P@1"] = p_at_1(
                [a.best.index for a in ours_by_set[name]], golds[name]
            )
    ours_peak = peak_rss_mb()

    peer = None
    if not args.skip_peer:
        from sentence_transformers import SentenceTransformer

        peer = SentenceTransformer(str(default_model_path()), device=encoder.device)
        if args.device == "cuda" and args.dtype == "float16":
            peer = peer.half()
        peer_rankings(peer, warm)

    for name, bulletins in sets.items():
        row = results[name]
        if peer is None:
            continue
        if name == "distinct":
            ours_s, peer_s, ranks = interleaved(aligner, peer, bulletins, args.blocks)
            row["ours_interleaved_bps"] = len(bulletins) / ours_s
            row["peer_s"], row["peer_bulletins"] = peer_s, len(bulletins)
            row["peer_bps"] = len(bulletins) / peer_s
            row["ratio"] = row["ours_interleaved_bps"] / row["peer_bps"]
        else:
            sub = bulletins[: args.peer_limit] if args.peer_limit else bulletins
            t = time.perf_counter()
            ranks = peer_rankings(peer, sub)
            row["peer_s"] = time.perf_counter() - t
            row["peer_bulletins"] = len(sub)
            row["peer_bps"] = len(sub) / row["peer_s"]
            row["ratio"] = row["ours_bps"] / row["peer_bps"]
        if name in golds:
            n = len(ranks)
            ours = ours_by_set[name]
            row["peer_P@1"] = p_at_1([int(r[0]) for r in ranks], golds[name][:n])
            row["ours_P@1_same_queries"] = p_at_1([a.best.index for a in ours[:n]], golds[name][:n])
            row["agree_top1"] = float(
                np.mean([int(r[0]) == a.best.index for r, a in zip(ranks, ours, strict=False)])
            )

    print(
        f"encoder: {encoder!r}  aligner mode={aligner.mode} batch_size={aligner.batch_size} dedupe={aligner.dedupe}"
    )
    for name, row in results.items():
        label = name if name == "distinct" else f"{name} (cache-flattered)"
        line = f"{label:<26} n={int(row['bulletins']):>5}  ours {row['ours_bps']:7.2f} bulletins/s ({row['ours_s']:.1f} s)"
        if "ours_interleaved_bps" in row:
            line += f"  interleaved: ours {row['ours_interleaved_bps']:7.2f}  peer {row['peer_bps']:7.2f} bulletins/s"
        elif "peer_bps" in row:
            line += f"  peer {row['peer_bps']:7.2f} bulletins/s ({row['peer_s']:.1f} s on {int(row['peer_bulletins'])})"
        if "ratio" in row:
            line += f"  ratio {row['ratio']:.2f}x"
        print(line)
        if "ours_P@1" in row:
            what = (
                "NTREX dev queries"
                if name == "unique"
                else "distinct set (gold: the headline's translation)"
            )
            p1 = f"  P@1 {what}: ours {row['ours_P@1']:.4f} on {int(row['bulletins'])}"
            if "peer_P@1" in row:
                p1 += (
                    f"; on the peer's {int(row['peer_bulletins'])}: peer {row['peer_P@1']:.4f}"
                    f"  ours {row['ours_P@1_same_queries']:.4f}  same top-1 {row['agree_top1']:.4f}"
                )
            print(p1)
    if profile is not None:
        print(
            f"stage profile, ours on the distinct set: {profile.report(results['distinct']['ours_s'])}"
        )
    print(
        f"peak resident memory: ours {ours_peak:.0f} MB (before the peer loads); "
        f"whole process, peer included: {peak_rss_mb():.0f} MB"
    )
    if args.json:
        payload = {"results": results, "ours_peak_rss_mb": ours_peak, "peak_rss_mb": peak_rss_mb()}
        if profile is not None:
            payload["stage_seconds"] = dict(profile.seconds)
        args.json.write_text(json.dumps(payload, indent=2))


if __name__ == "__main__":
    main()
