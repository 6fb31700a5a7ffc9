"""Cross-lingual word alignment from the encoder's contextual token vectors (NumPy only).

SimAlign (Jalili Sabet et al., 2020) aligns words of two languages by the cosine
of the subword vectors a multilingual encoder gives them at a middle layer. Here a
Korean headline word is compared with every English piece of the body:

* ``similarity``: for each piece of the word its best cosine with any English
  piece of the body, averaged over the word's pieces (a word of three pieces needs
  all three to match; on NTREX translations this separates a swapped word from the
  true ones with AUROC 0.884 against 0.874 for the single best piece pair,
  ``benchmarks/word_alignment_layers.py``);
* ``mutual``: that English piece's own best Korean piece (among all the
  headline's pieces) lies in the word (SimAlign's "argmax" alignment, the
  intersection of both directions, which is its most precise variant);
* ``reference``: the word's best cosine with the English pieces of unrelated
  reference sentences (``ko_en_align/data/reference_sentences.txt``), so that
  ``similarity - reference`` says how much better the body matches the word than
  news in general does (raw cosines differ by word and headline style).

The English evidence span is the whole English word (letters, digits, ``-``
and ``'``) around the best piece. Cost is one matrix product per headline,
linear in body length.

>>> import numpy as np
>>> from types import SimpleNamespace as NS
>>> ko = NS(text="미사일 발사", offsets=np.array([[0, 3], [4, 6]]), vectors=np.eye(3)[:2])
>>> en = NS(text="It fired a missile.", offsets=np.array([[0, 2], [3, 8], [11, 18]]),
...         vectors=np.array([[0, 0, 1.0], [0, 1.0, 0], [1.0, 0, 0]]))
>>> a = align_words(ko, [(0, 3), (4, 6)], [en])
>>> [(w.en_text, round(w.similarity, 2), w.mutual) for w in a]
[('missile', 1.0, True), ('fired', 1.0, True)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["WordAlignment", "align_words", "sentence_coverage"]


@dataclass(frozen=True)
class WordAlignment:
    """The best English evidence of one Korean word.

    Attributes:
        similarity: mean over the word's pieces of each one's best cosine with the body
            (-1 when the word has no piece).
        mutual: the best English piece's best Korean piece lies in the word.
        sentence_index: the body sentence holding the best piece (None without pieces).
        en_start: character offset of the English word in that sentence; ``en_end`` one past.
        en_text: the English word.
        reference: the word's best cosine with the reference sentences (0.0 when none given).
    """

    similarity: float
    mutual: bool
    sentence_index: int | None
    en_start: int
    en_end: int
    en_text: str
    reference: float = 0.0


_WORDCH = re.compile(r"[\w'’-]")


def _expand(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a piece's span to the whole word around it."""
    s, e = start, end
    while s > 0 and _WORDCH.match(text[s - 1]):
        s -= 1
    while e < len(text) and _WORDCH.match(text[e]):
        e += 1
    while s < e and not text[s].isalnum():
        s += 1
    while e > s and not text[e - 1].isalnum():
        e -= 1
    return (s, e) if e > s else (start, end)


def _rows(offsets: np.ndarray, span: tuple[int, int]) -> np.ndarray:
    if offsets.size == 0:
        return np.zeros(0, dtype=np.int64)
    s, e = span
    return np.flatnonzero((offsets[:, 0] < e) & (offsets[:, 1] > s))


def align_words(
    headline: Any,
    spans: Sequence[tuple[int, int]],
    body: Sequence[Any],
    *,
    reference: Sequence[Any] = (),
) -> list[WordAlignment]:
    """Align each word span of ``headline`` with its best English piece in ``body``.

    Args:
        headline: token embeddings of the Korean text (``offsets`` (n, 2) into
            its text, ``vectors`` (n, d) unit rows), as
            :meth:`~ko_en_align.Encoder.encode_tokens` returns.
        spans: character spans of the words to align, into the headline's text.
        body: token embeddings of the English sentences.
        reference: token embeddings of unrelated English text for ``reference``.

    Returns:
        One :class:`WordAlignment` per span, in order.
    """
    hv = np.asarray(headline.vectors, dtype=np.float32)
    parts = [np.asarray(t.vectors, dtype=np.float32) for t in body if len(t.offsets)]
    owners = np.concatenate(
        [np.full(len(t.offsets), j, dtype=np.int64) for j, t in enumerate(body) if len(t.offsets)]
        or [np.zeros(0, dtype=np.int64)]
    )
    local = np.concatenate(
        [np.arange(len(t.offsets)) for t in body if len(t.offsets)] or [np.zeros(0, dtype=np.int64)]
    )
    ev = (
        np.concatenate(parts)
        if parts
        else np.zeros((0, hv.shape[1] if hv.ndim == 2 else 1), np.float32)
    )
    sims = hv @ ev.T if len(hv) and len(ev) else np.zeros((len(hv), len(ev)), np.float32)
    best_ko = sims.argmax(axis=0) if sims.size else np.zeros(0, dtype=np.int64)
    ref_parts = [np.asarray(t.vectors, dtype=np.float32) for t in reference if len(t.offsets)]
    ref = hv @ np.concatenate(ref_parts).T if ref_parts and len(hv) else None
    out = []
    for span in spans:
        rows = _rows(np.asarray(headline.offsets), span)
        if len(rows) == 0 or sims.shape[1] == 0:
            out.append(WordAlignment(-1.0, False, None, 0, 0, "", 0.0))
            continue
        sub = sims[rows]
        per_piece = sub.max(axis=1)
        r = int(per_piece.argmax())
        c = int(sub[r].argmax())
        j = int(owners[c])
        piece = body[j].offsets[int(local[c])]
        s, e = _expand(body[j].text, int(piece[0]), int(piece[1]))
        refv = float(ref[rows].max()) if ref is not None else 0.0
        out.append(
            WordAlignment(
                float(sub[r, c]),
                bool(int(best_ko[c]) in set(rows.tolist())),
                j,
                s,
                e,
                body[j].text[s:e],
                refv,
            )
        )
    return out


def sentence_coverage(
    headline: Any, spans: Sequence[tuple[int, int]], body: Sequence[Any]
) -> np.ndarray:
    """How well each body sentence alone covers the words ``spans`` of ``headline``.

    For each sentence, the mean over the words of their :class:`WordAlignment`
    ``similarity`` within that sentence only (each piece's best cosine there,
    averaged over the word's pieces). A claim's facts are carried word by word
    by one sentence, so this ranks a claim's sentences beside the sentence
    embedding's cosine (``scoring.claim_coverage_probs``).

    Args:
        headline: token embeddings of the Korean claim (query role).
        spans: character spans of its content words.
        body: token embeddings of the English sentences (passage role).

    Returns:
        ``(len(body),)`` float64; zeros when there are no words or no pieces.

    >>> from types import SimpleNamespace as NS
    >>> ko = NS(text="미사일 발사", offsets=np.array([[0, 3], [4, 6]]), vectors=np.eye(3)[:2])
    >>> fired = NS(text="It fired a missile.", offsets=np.array([[0, 2], [3, 8], [11, 18]]),
    ...            vectors=np.array([[0, 0, 1.0], [0, 1.0, 0], [1.0, 0, 0]]))
    >>> rain = NS(text="It rained.", offsets=np.array([[0, 2], [3, 9]]),
    ...           vectors=np.array([[0, 0, 1.0], [0.6, 0.8, 0]]))
    >>> [round(float(v), 2) for v in sentence_coverage(ko, [(0, 3), (4, 6)], [fired, rain])]
    [1.0, 0.7]
    """
    out = np.zeros(len(body), dtype=np.float64)
    kept = [j for j, t in enumerate(body) if len(t.offsets)]
    if not spans or not kept:
        return out
    # what align_words(headline, spans, [sentence]) gives each sentence, in one product:
    # a word's similarity there is the best cosine of any of its pieces with any piece
    # of the sentence (-1 for a span without pieces)
    hv = np.asarray(headline.vectors, dtype=np.float32)
    ev = np.concatenate([np.asarray(body[j].vectors, dtype=np.float32) for j in kept])
    starts = np.cumsum([0] + [len(body[j].offsets) for j in kept[:-1]])
    best = np.maximum.reduceat(hv @ ev.T, starts, axis=1) if len(hv) else None
    offsets = np.asarray(headline.offsets)
    total = np.zeros(len(kept), dtype=np.float64)
    for span in spans:
        rows = _rows(offsets, span)
        total += best[rows].max(axis=0) if best is not None and len(rows) else -1.0
    out[kept] = total / len(spans)
    return out
