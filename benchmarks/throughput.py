"""Throughput: ko_en_align's batch path against a sentence-transformers loop (issue 6).

Bulletins come from ``../shared/data/ntrex128_ko_en_news_docs.jsonl``:

- *repeated set*: each document's Korean headline over its English body
  without the headline (41 bulletins), repeated to reach ``--min-bulletins``
  (default 2,000). Repetition flatters de-duplication;
- *unique set*: every Korean sentence of a document as the headline over that
  document's English sentences (662 distinct bulletins; these are also the
  NTREX queries whose gold answer is the index-aligned English sentence).

The peer is what a user without this library would write: the converted
default checkpoint loaded with ``sentence_transformers.SentenceTransformer``,
headline and sentences encoded bulletin by bulletin (``prompt_name="query"`` /
``"passage"``), ranked by cosine. Both run in this one process, back to back,
on the same bulletins; ``--peer-limit`` times the peer on the first N
bulletins only (its cost per bulletin is constant, so bulletins/second stays
comparable; the P@1 columns then say on how many queries they were computed).

    KO_EN_ALIGN_CACHE=/tmp/kcache python benchmarks/throughput.py
    python benchmarks/throughput.py --min-bulletins 410 --peer-limit 80   # a quick look
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import numpy as np

from ko_en_align import Bulletin, HeadlineAligner

DEFAULT_DATA = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "ntrex128_ko_en_news_docs.jsonl"
)


def load_docs(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


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


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--min-bulletins", type=int, default=2000)
    ap.add_argument(
        "--peer-limit",
        type=int,
        default=None,
        help="time the peer on the first N bulletins of each set",
    )
    ap.add_argument("--device", default=None, help="cuda / cpu / None (auto)")
    ap.add_argument("--dtype", default="float32")
    ap.add_argument(
        "--batch-size", type=int, default=None, help="HeadlineAligner batch size (default: its own)"
    )
    ap.add_argument(
        "--mode",
        default=None,
        help="HeadlineAligner mode (default: its own); 'embedding' is what the peer does",
    )
    ap.add_argument("--skip-peer", action="store_true")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = ap.parse_args()

    from ko_en_align import Encoder
    from ko_en_align.convert import default_model_path

    docs = load_docs(args.data)
    rep = repeated_set(docs, args.min_bulletins)
    uniq, gold = unique_set(docs)
    folder = default_model_path()
    print(
        f"data: {args.data.name}  repeated set: {len(rep)} bulletins  unique set: {len(uniq)} bulletins"
    )

    encoder = Encoder(device=args.device, dtype=args.dtype).load()  # type: ignore[arg-type]
    knobs = {
        k: v for k, v in (("batch_size", args.batch_size), ("mode", args.mode)) if v is not None
    }
    aligner = HeadlineAligner(encoder, **knobs)
    aligner.align_many(rep[:4])  # warm-up, both sides get one
    results: dict[str, dict[str, float]] = {}

    # ours first, on every set, so the process's high-water mark before the peer loads is ours alone
    ours_by_set = {}
    for name, bulletins in (("repeated", rep), ("unique", uniq)):
        t = time.perf_counter()
        ours_by_set[name] = aligner.align_many(bulletins)
        results[name] = {"bulletins": len(bulletins), "ours_s": time.perf_counter() - t}
        results[name]["ours_bps"] = len(bulletins) / results[name]["ours_s"]
    ours_peak = peak_rss_mb()

    peer = None
    if not args.skip_peer:
        from sentence_transformers import SentenceTransformer

        peer = SentenceTransformer(str(folder), device=encoder.device)
        if args.device == "cuda" and args.dtype == "float16":
            peer = peer.half()
        peer_rankings(peer, rep[:4])

    for name, bulletins in (("repeated", rep), ("unique", uniq)):
        row = results[name]
        ours = ours_by_set[name]
        if peer is not None:
            sub = bulletins[: args.peer_limit] if args.peer_limit else bulletins
            t = time.perf_counter()
            ranks = peer_rankings(peer, sub)
            row["peer_s"] = time.perf_counter() - t
            row["peer_bulletins"] = len(sub)
            row["peer_bps"] = len(sub) / row["peer_s"]
            row["ratio"] = row["ours_bps"] / row["peer_bps"]
            if name == "unique":
                n = len(sub)
                row["peer_P@1"] = p_at_1([int(r[0]) for r in ranks], gold[:n])
                row["ours_P@1_same_queries"] = p_at_1([a.best.index for a in ours[:n]], gold[:n])
                row["agree_top1"] = float(
                    np.mean([int(r[0]) == a.best.index for r, a in zip(ranks, ours, strict=False)])
                )
        if name == "unique":
            row["ours_P@1"] = p_at_1([a.best.index for a in ours], gold)

    print(
        f"encoder: {encoder!r}  aligner mode={aligner.mode} batch_size={aligner.batch_size} dedupe={aligner.dedupe}"
    )
    for name, row in results.items():
        line = f"{name:<9} n={int(row['bulletins']):>5}  ours {row['ours_bps']:8.2f} bulletins/s ({row['ours_s']:.1f} s)"
        if "peer_bps" in row:
            line += f"  peer {row['peer_bps']:7.2f} bulletins/s ({row['peer_s']:.1f} s on {int(row['peer_bulletins'])})"
            line += f"  ratio {row['ratio']:.2f}x"
        print(line)
    u = results["unique"]
    print(f"P@1 NTREX queries: ours {u['ours_P@1']:.4f} on {len(uniq)}", end="")
    if "peer_P@1" in u:
        print(
            f"; on the peer's {int(u['peer_bulletins'])}: peer {u['peer_P@1']:.4f}  ours {u['ours_P@1_same_queries']:.4f}"
            f"  same top-1 {u['agree_top1']:.4f}"
        )
    else:
        print()
    print(
        f"peak resident memory: ours {ours_peak:.0f} MB (before the peer loads); "
        f"whole process, peer included: {peak_rss_mb():.0f} MB"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {"results": results, "ours_peak_rss_mb": ours_peak, "peak_rss_mb": peak_rss_mb()},
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
