"""Does the English body support everything a Korean headline says?

:class:`SummaryChecker` splits the headline into claims
(:func:`~ko_en_align.segment.split_claims`), finds each claim's evidence
sentences, matches every named entity and number of the headline to the body,
and combines five features into one calibrated ``score`` in [0, 1]:

* ``relevance``: the best cosine of the headline with any body sentence;
* ``margin``: that best cosine as a z-score against the body's own cosines
  (e5 cosines are compressed, so the body is its own reference);
* ``entities``: the weakest entity match (1.0 when the headline names nobody);
  a name the body never mentions is the commonest headline error;
* ``numbers``: the weakest number match (1.0 when there are no numbers);
* ``claims``: the weakest claim's margin.

The logistic weights (:data:`WEIGHTS`) were fitted on corrupted headlines
built from the NTREX-128 documents (``benchmarks/summary_check.py``, two-fold
leave-documents-out cross-validation). ``supported`` is ``score >= threshold``
(:data:`DEFAULT_THRESHOLD`).

>>> from ko_en_align import check_summary
>>> body = ["Kim Hyun-chong arrived in Washington to discuss Japan's export curbs.",
...         "He will ask for U.S. mediation.", "It rained in Seoul."]
>>> r = check_summary('김현종 방미 "日 수출규제 美 중재 논의"', body)
>>> [(e.text, e.en_text) for e in r.entities]
[('김현종', 'Kim Hyun-chong'), ('日', 'Japan'), ('美', 'Washington')]
"""

from __future__ import annotations

import html
import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ko_en_align._lazy import lazy_default
from ko_en_align.bulletin import coerce_headline, coerce_sentences
from ko_en_align.scoring import (
    MATCH_THRESHOLD,
    Evidence,
    HybridWeights,
    hybrid_scores,
    sentence_evidence,
)

if TYPE_CHECKING:
    from ko_en_align.encoder import Encoder

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_THRESHOLD",
    "WEIGHTS",
    "ClaimCheck",
    "SummaryCheck",
    "SummaryChecker",
    "check_summary",
]

Verdict = Literal["supported", "weak", "unsupported"]

FEATURES = ("relevance", "margin", "entities", "numbers")

#: The score is a product of three logistic factors, each fitted on its own
#: corruption by ``benchmarks/summary_check.py --fit`` (all 41 NTREX documents;
#: the script also reports two-fold leave-documents-out CV AUROCs):
#: relevance (real vs another story's headline) on ``relevance`` and ``margin``;
#: entities (real vs one name swapped) on ``entities``; numbers (real vs one
#: number changed) on ``numbers``. Six free parameters in all.
WEIGHTS: dict[str, tuple[float, ...]] = {
    "relevance": (-64.32, 83.2, -0.87),
    "entities": (-5.52, 8.17),
    "numbers": (-2.1, 4.0),
}

#: ``supported`` is ``score >= DEFAULT_THRESHOLD``; 0.5 is the logistic's
#: even-odds point.
DEFAULT_THRESHOLD = 0.5

#: A claim is ``weak`` when its support is within this distance below the threshold.
WEAK_BAND = 0.25

#: Matching score below which a headline number counts as unsupported.
NUMBER_MATCH = 0.5


_FACTORS = (
    (WEIGHTS["relevance"], ("relevance", "margin")),
    (WEIGHTS["entities"], ("entities",)),
    (WEIGHTS["numbers"], ("numbers",)),
)


# a direct quote is fine evidence for a claim (it only rarely carries a whole headline)
_EVIDENCE_WEIGHTS = HybridWeights(quote=0.0)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(x, 50.0), -50.0)))


@dataclass(frozen=True)
class EntityCheck:
    """One headline entity and its English match (or none).

    Attributes:
        text: the Korean name as written.
        kind: ``person``, ``place``, ``country``, ``organization`` or ``other``.
        en_text: the best English mention, None when none scores above zero.
        sentence_index: body sentence holding it.
        score: match score in [0, 1].
        supported: ``score >= 0.75``.
    """

    text: str
    kind: str
    en_text: str | None
    sentence_index: int | None
    score: float
    supported: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class NumberCheck:
    """One headline number and its English counterpart (or none).

    Attributes:
        text: the Korean mention (13세, 500억 달러).
        value: its normalised value; ``unit``: canonical unit.
        en_text: the matching English mention, None when none matches.
        sentence_index: body sentence holding it.
        score: :func:`~ko_en_align.numbers.compare_numbers` of the pair.
        conflict: the body has a number in the same unit but a different value.
        supported: ``score >= 0.5``.
    """

    text: str
    value: float
    unit: str
    en_text: str | None
    sentence_index: int | None
    score: float
    conflict: bool
    supported: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ClaimCheck:
    """One claim of the headline with its best evidence.

    Attributes:
        text: the claim (``headline[start:end]``).
        start: offset in the caller's headline; ``end``: one past its end.
        evidence: up to two ``(sentence index, sentence, score)``, best first.
        support: support score in [0, 1].
        verdict: ``supported``, ``weak`` or ``unsupported``.
        culprits: the claim's entities or numbers the body does not support.
    """

    text: str
    start: int
    end: int
    evidence: tuple[tuple[int, str, float], ...]
    support: float
    verdict: Verdict
    culprits: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "evidence": [{"index": i, "sentence": s, "score": sc} for i, s, sc in self.evidence],
            "support": self.support,
            "verdict": self.verdict,
            "culprits": list(self.culprits),
        }


@dataclass(frozen=True)
class SummaryCheck:
    """How well an English body supports a Korean headline.

    Attributes:
        headline: the headline as the caller passed it (claim offsets index it).
        score: calibrated support in [0, 1] (higher = better supported).
        supported: ``score >= threshold`` and no claim unsupported.
        claims: one :class:`ClaimCheck` per claim.
        entities: every named entity of the headline with its English match.
        numbers: every number of the headline with its English counterpart.
        threshold: the threshold used.
        culprits: what makes it unsupported, named (claims, entities, numbers).
        features: the feature values behind ``score``.
    """

    headline: str
    score: float
    supported: bool
    claims: tuple[ClaimCheck, ...]
    entities: tuple[EntityCheck, ...]
    numbers: tuple[NumberCheck, ...]
    threshold: float
    culprits: tuple[str, ...]
    features: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-ready)."""
        return {
            "headline": self.headline,
            "score": self.score,
            "supported": self.supported,
            "threshold": self.threshold,
            "culprits": list(self.culprits),
            "claims": [c.to_dict() for c in self.claims],
            "entities": [e.to_dict() for e in self.entities],
            "numbers": [n.to_dict() for n in self.numbers],
            "features": dict(self.features),
        }

    def _repr_html_(self) -> str:
        esc = html.escape
        mark = "✓ supported" if self.supported else "✗ unsupported"
        colour = {"supported": "#1a7f37", "weak": "#9a6700", "unsupported": "#cf222e"}
        rows = "".join(
            f"<tr><td>{esc(c.text)}</td><td style='color:{colour[c.verdict]}'>{c.verdict}</td>"
            f"<td>{c.support:.2f}</td><td>"
            + "<br>".join(f"[{i}] {esc(s)} <small>({sc:.2f})</small>" for i, s, sc in c.evidence)
            + "</td></tr>"
            for c in self.claims
        )
        ents = ", ".join(
            f"{esc(e.text)} → {esc(e.en_text) if e.supported and e.en_text else '<b>no mention</b>'}"
            for e in self.entities
        )
        nums = ", ".join(
            f"{esc(n.text)} → {esc(n.en_text) if n.supported and n.en_text else '<b>' + ('conflict' if n.conflict else 'no match') + '</b>'}"
            for n in self.numbers
        )
        culprits = (
            f"<div>culprits: <b>{esc(', '.join(self.culprits))}</b></div>" if self.culprits else ""
        )
        return (
            f"<div><b>{esc(self.headline)}</b> — {mark} (score {self.score:.2f}, threshold {self.threshold:.2f})"
            f"{culprits}<table><thead><tr><th>claim</th><th>verdict</th><th>support</th><th>evidence</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>"
            f"<div>entities: {ents or '—'}</div><div>numbers: {nums or '—'}</div></div>"
        )


def _latin(text: str) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in text) and not any(
        "\uac00" <= ch <= "\ud7a3" for ch in text
    )


_GLOSS = re.compile(r"\s*\(([A-Za-z][A-Za-z .'&-]*)\)")


def _entity_checks(
    headline: str, ev: Evidence, sentences: Sequence[str]
) -> tuple[EntityCheck, ...]:
    from ko_en_align.entities import english_candidates, entity_similarity

    out = []
    lowered = [s.lower() for s in sentences]
    for a, ent in enumerate(ev.entities):
        row = ev.entity_scores[a]
        j = int(np.argmax(row)) if row.size else None
        score = float(row[j]) if j is not None else 0.0
        en_text = None
        gloss = _GLOSS.match(headline, ent.end) if ent.end <= len(headline) else None
        literal = ent.text if _latin(ent.text) else gloss.group(1) if gloss else None
        if literal is not None and score < 1.0:
            # a Latin name in the headline (Trump, ATM) or a gloss after a
            # Hangul one (캐버노(Kavanaugh)) is looked up literally, word by word
            words = [
                w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", literal.lower()) if len(w) > 2
            ] or [literal.lower()]
            hits = [(sum(w in s for w in words) / len(words), i) for i, s in enumerate(lowered)]
            frac, hit = max(hits, default=(0.0, 0))
            if frac > score:
                j, score, en_text = hit, frac, literal
        if en_text is None and j is not None and score > 0.0:
            spans = english_candidates(sentences[j])
            en_text = (
                max(spans, key=lambda sp: entity_similarity(ent, sp.text)).text if spans else None
            )
        out.append(
            EntityCheck(
                ent.text,
                ent.kind,
                en_text,
                j if score > 0 else None,
                round(score, 4),
                score >= MATCH_THRESHOLD,
            )
        )
    return tuple(out)


def _number_checks(ev: Evidence, sentences: Sequence[str]) -> tuple[NumberCheck, ...]:
    from ko_en_align.numbers import compare_numbers, extract_numbers

    out = []
    for a, m in enumerate(ev.numbers):
        row = ev.number_scores[a]
        j = int(np.argmax(row)) if row.size else None
        score = float(row[j]) if j is not None else 0.0
        en_text = None
        if j is not None and score >= NUMBER_MATCH:
            en_text = max(
                extract_numbers(sentences[j], lang="en"), key=lambda x: compare_numbers(m, x)
            ).text
        ok = score >= NUMBER_MATCH
        out.append(
            NumberCheck(
                m.text,
                m.value,
                m.unit,
                en_text,
                j if ok else None,
                round(score, 4),
                (not ok) and ev.number_units[a],
                ok,
            )
        )
    return tuple(out)


def _number_feature(numbers: Sequence[NumberCheck]) -> float:
    """Mean match score of the numbers written with digits (1.0 when none):
    spelled-out ones (한 번, 두 배) are often idiomatic and not in the English."""
    scores = [n.score for n in numbers if any(ch.isdigit() for ch in n.text)]
    return float(np.mean(scores)) if scores else 1.0


def _margin(cos: np.ndarray) -> float:
    sd = float(cos.std())
    return float((cos.max() - cos.mean()) / sd) if sd > 1e-9 else 0.0


class SummaryChecker:
    """Check Korean headlines against English bodies, reusing one encoder.

    Args:
        encoder: an :class:`~ko_en_align.Encoder`; ``None`` uses the embedded
            default model (loaded on first use).
        threshold: ``supported`` cut-off on ``score`` (default 0.5).
        batch_size: texts per forward pass.

    >>> checker = SummaryChecker()
    >>> r = checker.check("김현종 방미", ["Yoo will meet Robert Lighthizer.", "Kim Hyun-chong arrived in Washington."])
    >>> r.entities[0].en_text, r.entities[0].sentence_index
    ('Kim Hyun-chong', 1)
    """

    def __init__(
        self,
        encoder: Encoder | None = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        batch_size: int = 64,
    ) -> None:
        if not isinstance(threshold, (int, float)) or not 0.0 <= threshold <= 1.0:
            msg = f"threshold must be a number in [0, 1], got {threshold!r}"
            raise ValueError(msg)
        self._encoder = encoder
        self.threshold = float(threshold)
        self.batch_size = batch_size

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            from ko_en_align.encoder import default_encoder

            self._encoder = default_encoder()
        return self._encoder

    def __repr__(self) -> str:
        return f"SummaryChecker(threshold={self.threshold}, encoder={self._encoder!r})"

    def check(self, headline: str, sentences: Sequence[str] | str) -> SummaryCheck:
        """Check one headline against its English body (a list or one text)."""
        return self.check_many([(headline, sentences)])[0]

    def check_many(self, pairs: Iterable[tuple[str, Sequence[str] | str]]) -> list[SummaryCheck]:
        """Check many ``(headline, sentences)`` pairs, encoding them in batches."""
        from ko_en_align.segment import split_claims

        items = []
        originals = []
        for headline, sentences in pairs:
            h = coerce_headline(headline)
            body = coerce_sentences(sentences)
            items.append((h, body, split_claims(h)))
            # claim offsets are reported into the caller's text, as split_claims does
            originals.append((headline, split_claims(headline) if headline != h else None))
        queries = list(dict.fromkeys([t for h, _, cl in items for t in (h, *(c.text for c in cl))]))
        passages = list(dict.fromkeys([s for _, body, _ in items for s in body]))
        qv = self.encoder.encode(queries, role="query", batch_size=self.batch_size)
        pv = self.encoder.encode(passages, role="passage", batch_size=self.batch_size)
        qi = {t: i for i, t in enumerate(queries)}
        pi = {t: i for i, t in enumerate(passages)}
        out = []
        for (h, body, claims), (original, original_claims) in zip(items, originals, strict=True):
            bv = pv[[pi[s] for s in body]].astype(np.float64)
            result = self._check(
                h, body, claims, lambda t, bv=bv: bv @ qv[qi[t]].astype(np.float64), bv
            )
            if original_claims is not None and len(original_claims) == len(result.claims):
                remapped = tuple(
                    replace(c, text=o.text, start=o.start, end=o.end)
                    for c, o in zip(result.claims, original_claims, strict=True)
                )
                result = replace(result, headline=original, claims=remapped)
            out.append(result)
        return out

    # ----------------------------------------------------------- internals
    def _check(
        self, headline: str, body: tuple[str, ...], claims: Any, cos_of: Any, bv: np.ndarray
    ) -> SummaryCheck:
        ev = sentence_evidence(headline, body)
        entities = _entity_checks(headline, ev, body)
        numbers = _number_checks(ev, body)
        cos = cos_of(headline)
        claim_checks = []
        claim_margins = []
        for c in claims:
            ccos = cos_of(c.text)
            cev = sentence_evidence(c.text, body)
            ranks = hybrid_scores(
                c.text, body, ccos, body_vecs=bv, evidence=cev, weights=_EVIDENCE_WEIGHTS
            )
            order = np.argsort(-ranks, kind="stable")[:2]
            evidence = tuple((int(j), body[int(j)], round(float(ranks[j]), 4)) for j in order)
            c_ents = [e for e in entities if c.start <= _find(headline, e.text) < c.end]
            c_nums = [n for n in numbers if c.start <= _find(headline, n.text) < c.end]
            m = _margin(ccos)
            claim_margins.append(m)
            feats = {
                "relevance": float(ccos.max()),
                "margin": m,
                "entities": min((e.score for e in c_ents), default=1.0),
                "numbers": _number_feature(c_nums),
            }
            support = self._logistic(feats)
            culprits = tuple(
                [e.text for e in c_ents if not e.supported]
                + [n.text for n in c_nums if not n.supported]
            )
            verdict: Verdict = (
                "supported"
                if support >= self.threshold and not culprits
                else "weak"
                if support >= self.threshold - WEAK_BAND and not culprits
                else "unsupported"
            )
            claim_checks.append(
                ClaimCheck(c.text, c.start, c.end, evidence, round(support, 4), verdict, culprits)
            )
        features = {
            "relevance": float(cos.max()),
            "margin": _margin(cos),
            "entities": min((e.score for e in entities), default=1.0),
            "numbers": _number_feature(numbers),
            "claims": min(claim_margins, default=_margin(cos)),
        }
        score = self._logistic(features)
        culprits = tuple(
            dict.fromkeys(
                [e.text for e in entities if not e.supported]
                + [n.text for n in numbers if not n.supported]
                + [c.text for c in claim_checks if c.verdict == "unsupported" and not c.culprits]
            )
        )
        supported = score >= self.threshold and not any(
            c.verdict == "unsupported" for c in claim_checks
        )
        if not supported and not culprits:
            culprits = (headline,)
        return SummaryCheck(
            headline,
            round(score, 4),
            supported,
            tuple(claim_checks),
            entities,
            numbers,
            self.threshold,
            culprits if not supported else (),
            features,
        )

    @staticmethod
    def _logistic(feats: dict[str, float]) -> float:
        return float(
            np.prod(
                [
                    _sigmoid(w[0] + sum(c * feats[f] for c, f in zip(w[1:], names, strict=True)))
                    for w, names in _FACTORS
                ]
            )
        )


def _find(headline: str, text: str) -> int:
    i = headline.find(text)
    return i if i >= 0 else -1


_default = lazy_default(SummaryChecker)


def check_summary(headline: str, sentences: Sequence[str] | str) -> SummaryCheck:
    """Check whether ``sentences`` (the English body) support ``headline``.

    Uses a process-wide :class:`SummaryChecker` with the embedded default model.

    >>> r = check_summary("김현종 방미", ["Kim Hyun-chong arrived in Washington.", "It rained."])
    >>> r.claims[0].evidence[0][0], r.entities[0].en_text
    (0, 'Kim Hyun-chong')
    """
    return _default().check(headline, sentences)
