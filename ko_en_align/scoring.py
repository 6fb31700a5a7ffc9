"""Hybrid sentence scores: embeddings plus entity, number, length and hub evidence.

Pure NumPy on top of the entity and number layers (no torch): the encoder's
cosines come in as arrays, so everything here can be tested with made-up
similarities.

e5 cosines are compressed (unrelated pairs ~0.77-0.80, matches ~0.82+), so
raw cosines are first standardised against the body's own distribution
(z-score within the body) and then combined, in z units, with:

* ``hub``: how similar a sentence is to the rest of its body (generic
  sentences such as sign-offs are near everything); subtracted.
* ``entity``: names of the Korean text found in the sentence
  (:func:`~ko_en_align.entities.entity_similarity` above 0.5, each divided
  by the number of body sentences that mention it, summed).
* ``number``: numbers of the Korean text found in the sentence
  (:func:`~ko_en_align.numbers.compare_numbers`, summed).
* ``length``: ``|log(len_ko / len_en) - mu|``: a translation of a Korean
  sentence has a predictable length.

>>> import numpy as np
>>> s = hybrid_scores("김현종 방미", ["Kim Hyun-chong arrived in Washington.", "It rained."],
...                   np.array([0.80, 0.80]))
>>> int(np.argmax(s))
0
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ko_en_align.entities import Entity, english_candidates, entity_similarity, extract_entities
from ko_en_align.numbers import NumberMention, compare_numbers, extract_numbers

logger = logging.getLogger(__name__)

__all__ = ["Evidence", "HybridWeights", "body_zscores", "hybrid_scores", "sentence_evidence"]

#: Entity similarity at which a name counts as found (the entity layer's default).
MATCH_THRESHOLD = 0.75

#: Entity kinds that count as names (numbers are handled by the number layer).
NAME_KINDS = frozenset({"person", "place", "country", "organization", "other"})


@dataclass(frozen=True)
class HybridWeights:
    """Weights of :func:`hybrid_scores` (all in units of body z-scores).

    The defaults were chosen by a small grid search on the NTREX-128 news
    documents (every Korean sentence as a query over its document's English
    sentences), checked with two-fold leave-documents-out cross-validation
    (fit on one half of the documents, measure on the other, both ways; see
    ``benchmarks/pairing_accuracy.py --cv``). ``length_mu`` is the mean of
    ``log(len_ko / len_en)`` over translation pairs there (-0.615, sd 0.23).
    """

    hub: float = 0.2
    entity: float = 2.0
    number: float = 0.5
    length: float = 1.0
    length_mu: float = -0.615
    #: a headline that is not a full sentence and has at most this many
    #: characters is telegraphic: no length prior (it is not a translation of
    #: its carrier sentence) but the carrier/quote penalties below
    length_min_chars: int = 26
    #: penalties, for telegraphic headlines only (see length_min_chars), of lines under 8 words
    #: (sign-offs such as "Kim Hyesung, Arirang News.", hand-overs) and of
    #: direct quotes, which rarely carry a headline; set by hand on the seed
    #: bulletin (no telegraphic-headline data with gold carriers exists here;
    #: NTREX queries are full sentences and never use them)
    carrier: float = 2.0
    quote: float = 2.0
    #: weight of the query-role body cosine when the caller passes it
    symmetric: float = 1.0


DEFAULT_WEIGHTS = HybridWeights()


@dataclass(frozen=True)
class Evidence:
    """Entity and number evidence of one Korean text against English sentences.

    Attributes:
        entities: the Korean names (numbers excluded), in text order.
        entity_scores: ``(len(entities), len(sentences))`` best similarity of
            each name to any candidate span of each sentence.
        numbers: the Korean numbers.
        number_scores: ``(len(numbers), len(sentences))`` best
            :func:`compare_numbers` score per sentence.
        number_units: per number, True when some sentence has a number in the
            same unit (so a missing match is a conflict, not an omission).
    """

    entities: tuple[Entity, ...]
    entity_scores: np.ndarray
    numbers: tuple[NumberMention, ...]
    number_scores: np.ndarray
    number_units: tuple[bool, ...]


def sentence_evidence(korean: str, sentences: Sequence[str]) -> Evidence:
    """Entity and number evidence of ``korean`` in each English sentence.

    >>> ev = sentence_evidence("김현종 방미", ["Kim Hyun-chong arrived.", "It rained."])
    >>> [e.text for e in ev.entities], ev.entity_scores.argmax(axis=1).tolist()
    (['김현종'], [0])
    """
    ents = tuple(e for e in extract_entities(korean) if e.kind in NAME_KINDS)
    cands = [english_candidates(s) for s in sentences]
    e_scores = np.zeros((len(ents), len(sentences)), dtype=np.float64)
    for a, ent in enumerate(ents):
        for j, spans in enumerate(cands):
            best = 0.0
            for span in spans:
                v = entity_similarity(ent, span.text)
                if v > best:
                    best = v
                    if v >= 1.0:
                        break
            e_scores[a, j] = best
    nums = extract_numbers(korean, lang="ko")
    en_nums = [extract_numbers(s, lang="en") for s in sentences]
    n_scores = np.zeros((len(nums), len(sentences)), dtype=np.float64)
    for a, m in enumerate(nums):
        for j, ms in enumerate(en_nums):
            n_scores[a, j] = max((compare_numbers(m, x) for x in ms), default=0.0)
    units = tuple(
        bool(m.unit) and any(x.unit == m.unit for ms in en_nums for x in ms) for m in nums
    )
    return Evidence(ents, e_scores, tuple(nums), n_scores, units)


def body_zscores(values: np.ndarray) -> np.ndarray:
    """Standardise scores against the body's own distribution (z-scores).

    >>> body_zscores(np.array([0.78, 0.79, 0.85])).round(2).tolist()
    [-0.86, -0.54, 1.4]
    """
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0:
        return v
    sd = float(v.std())
    return (v - v.mean()) / sd if sd > 1e-9 else np.zeros_like(v)


_SENTENCE_END = ("다", "요", "까", "죠", "음", "함", "임", ".", "?", "!")


def _direct_quote(sentence: str) -> bool:
    """A line of direct speech: opens and closes with a quote mark."""
    t = sentence.strip()
    return (
        len(t) > 2
        and t.startswith(_QUOTES)
        and t.rstrip(".,").endswith(('"', "”", "'", "’", "」", "』"))
    )


def _is_full_sentence(korean: str) -> bool:
    """True for a translated full sentence (its English is a translation with a
    predictable length); telegraphic headlines end with a noun or a quote and
    get no length prior (their carrier sentence is much longer)."""
    t = korean.strip().rstrip("\"'”’」』)")
    return t.endswith(_SENTENCE_END)


_QUOTES = ('"', "“", "'", "‘", "「", "『")


def hybrid_scores(
    headline: str,
    sentences: Sequence[str],
    sims: np.ndarray,
    *,
    sims_symmetric: np.ndarray | None = None,
    body_vecs: np.ndarray | None = None,
    evidence: Evidence | None = None,
    weights: HybridWeights = DEFAULT_WEIGHTS,
) -> np.ndarray:
    """Score each English sentence as the carrier of a Korean headline, in [0, 1].

    Args:
        headline: the Korean text (headline or sentence).
        sentences: the English body sentences.
        sims: cosine of the headline (query role) with each sentence (passage role).
        sims_symmetric: optional cosine of the headline with each sentence
            encoded in the query role too; added with ``weights.symmetric``
            (it makes the comparison symmetric and was worth +1 point of P@1).
        body_vecs: optional passage embeddings of the body (rows
            L2-normalised) for the hub penalty.
        evidence: precomputed :func:`sentence_evidence` (computed when None).
        weights: the combination weights.

    Returns:
        Scores in body order, ``sigmoid`` of the combined z-score.

    >>> s = hybrid_scores("13세 소녀", ["A 13-year-old girl won.", "A 46-year-old man lost."],
    ...                   np.array([0.82, 0.82]))
    >>> bool(s[0] > s[1])
    True
    """
    sims = np.asarray(sims, dtype=np.float64)
    n = len(sentences)
    if sims.shape != (n,):
        msg = f"sims must have shape ({n},) to match sentences, got {sims.shape}"
        raise ValueError(msg)
    if n == 0:
        return sims
    w = weights
    c = sims.copy()
    if sims_symmetric is not None:
        c = c + w.symmetric * np.asarray(sims_symmetric, dtype=np.float64)
    s = body_zscores(c)
    if body_vecs is not None and w.hub and n > 2:
        # mean cosine to every body sentence, as B @ mean(B): O(n), no n x n matrix
        # (a 10,000-sentence body would need 800 MB for it)
        hub = body_vecs @ body_vecs.mean(axis=0)
        s = s - w.hub * body_zscores(hub)
    ev = evidence if evidence is not None else sentence_evidence(headline, sentences)
    if ev.entity_scores.size:
        # a name found in many sentences (the story's country) says little
        # about which one carries the headline: divide by its document frequency
        df = np.maximum((ev.entity_scores >= MATCH_THRESHOLD).sum(axis=1, keepdims=True), 1)
        s = s + w.entity * (np.clip(ev.entity_scores - 0.5, 0.0, None) / df).sum(axis=0)
    if ev.number_scores.size:
        s = s + w.number * ev.number_scores.sum(axis=0)
    telegraphic = not _is_full_sentence(headline) and len(headline.strip()) <= w.length_min_chars
    if w.length and not telegraphic:
        lk = max(len(headline.strip()), 1)
        le = np.array([max(len(t), 1) for t in sentences], dtype=np.float64)
        s = s - w.length * np.abs(np.log(lk / le) - w.length_mu)
    if telegraphic:
        if w.carrier:
            # a short line that names someone or something of the headline is
            # an English headline, not a sign-off: keep it
            named = (
                ev.entity_scores.max(axis=0) >= MATCH_THRESHOLD
                if ev.entity_scores.size
                else np.zeros(n, bool)
            )
            short = np.array([len(t.split()) < 8 for t in sentences]) & ~named
            s = s - w.carrier * short.astype(np.float64)
        if w.quote:
            s = s - w.quote * np.array([_direct_quote(t) for t in sentences], dtype=np.float64)
    out: np.ndarray = 1.0 / (1.0 + np.exp(-s))
    return out
