"""The encoder's own similarity of a Korean name and an English name (opt-in).

Many names are neither transcribed nor composed from known parts: 바닷가재 is
*lobster*, 나무늘보 *sloth*, 성탄전야 *Christmas Eve*. No romanisation, morpheme
table or Sino-Korean dictionary gets them, but a multilingual encoder has seen them. This module scores
``(Korean name, English name)`` pairs with it, as a separately callable route
beside the string routes of :func:`~ko_en_align.entities.entity_similarity`:

* the cosine of the two names, each encoded alone in the query role, is
  z-scored against the English name's cosines with 200 unrelated Korean names
  (``data/semantic_reference.txt``), so an English name that is close to
  everything (a hub: *Alpha*, *Dutch*) gains nothing;
* the z-score becomes a score on the string routes' scale,
  ``ceiling * sigmoid(a + b * z)``, and the combined score is
  ``max(entity_similarity, that)``. With the default ``ceiling`` (0.74, below
  the match threshold 0.75) the encoder ranks candidates but never declares a
  match by itself, so it cannot outvote a transliteration mismatch between two
  persons; a Korean personal name (김정훈) never takes this route at all, since
  personal names are romanised, not translated.

Nothing here is used by :func:`~ko_en_align.entities.match_entities` by default:
it costs one forward pass per distinct name (see docs/entities.md).

>>> from ko_en_align.entities.semantic import SemanticNameMatcher
>>> matcher = SemanticNameMatcher()
>>> lobster, lighthouse = matcher.similarities([("바닷가재", "lobster"), ("바닷가재", "Lighthouse")])
>>> lobster.score > lighthouse.score
True
"""

from __future__ import annotations

import html
import logging
import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from ko_en_align._lazy import lazy_default
from ko_en_align.entities.match import entity_similarity
from ko_en_align.entities.translate import morpheme_lexicon
from ko_en_align.entities.translit import (
    has_korean,
    looks_like_korean_name,
    plausible_given_name,
)

if TYPE_CHECKING:
    from ko_en_align.encoder import Encoder

logger = logging.getLogger(__name__)

__all__ = [
    "SEMANTIC_CEILING",
    "SEMANTIC_WEIGHTS",
    "NameSimilarity",
    "SemanticNameMatcher",
    "reference_names",
    "semantic_name_similarity",
]

#: ``(a, b)`` of ``sigmoid(a + b * z)``: the grid point with the best acc@1 among 50
#: of ``max(entity_similarity, SEMANTIC_CEILING * sigmoid(a + b * z))`` on the FIT half
#: of the Wikidata development file (2,917 entities; a in -2..0.5, b in 0.3..0.75):
#: fit 0.934. ``benchmarks/entity_accuracy.py`` reports the held-out half.
SEMANTIC_WEIGHTS = (0.5, 0.4)

#: The encoder route's highest score: just below the match threshold (0.75), so the
#: route ranks but never matches alone. With 1.0 instead, the NIKL held-out foreign
#: names gain other people's names at >= 0.75 (87 -> ~290 of 124,950 pairs) for +0.004
#: of Wikidata acc@1 (fit half 0.934 either way; benchmarks/entity_accuracy.py).
SEMANTIC_CEILING = 0.74


@dataclass(frozen=True)
class NameSimilarity:
    """How close a Korean name and an English name are, by string and by encoder.

    Attributes:
        ko: the Korean name.
        en: the English name.
        cosine: cosine of the two names' embeddings.
        z: that cosine, z-scored against the English name's cosines with the
            reference Korean names (0.0 when the route is off).
        encoder: the encoder route's score in ``[0, ceiling]`` (0.0 for a Korean
            personal name, which is only ever romanised).
        string: :func:`~ko_en_align.entities.entity_similarity` of the pair.
        score: ``max(string, encoder)``, in [0, 1].
    """

    ko: str
    en: str
    cosine: float
    z: float
    encoder: float
    string: float
    score: float

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict, JSON-ready."""
        return asdict(self)

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<td>{html.escape(str(v if isinstance(v, str) else round(v, 3)))}</td>"
            for v in asdict(self).values()
        )
        head = "".join(f"<th>{k}</th>" for k in asdict(self))
        return f"<table><tr>{head}</tr><tr>{cells}</tr></table>"


@lru_cache(maxsize=1)
def reference_names() -> tuple[str, ...]:
    """The unrelated Korean names behind the z-score (Wikidata fit half, CC0)."""
    text = (
        resources.files("ko_en_align.entities")
        .joinpath("data/semantic_reference.txt")
        .read_text("utf-8")
    )
    return tuple(
        s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("#")
    )


def _romanised_only(ko: str) -> bool:
    """A Korean personal name (김정훈): romanised, never translated (as in match.py)."""
    compact = "".join(ko.split())
    return (
        compact not in morpheme_lexicon()
        and looks_like_korean_name(compact)
        and plausible_given_name(compact)
    )


def _sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-x))
    return out


class SemanticNameMatcher:
    """Score Korean/English name pairs with an encoder, beside the string routes.

    Args:
        encoder: an :class:`~ko_en_align.encoder.Encoder`; ``None`` (default) uses
            the process-wide default model, loaded on first use.
        batch_size: names per forward pass.
        weights: ``(a, b)`` of ``sigmoid(a + b * z)``.
        ceiling: the encoder route's highest score (keep it below the match
            threshold 0.75 so that it never matches alone).

    >>> m = SemanticNameMatcher()
    >>> [round(s.score, 2) for s in m.similarities([("대한민국", "South Korea")])]
    [1.0]
    """

    def __init__(
        self,
        encoder: Encoder | None = None,
        *,
        batch_size: int = 64,
        weights: tuple[float, float] = SEMANTIC_WEIGHTS,
        ceiling: float = SEMANTIC_CEILING,
    ) -> None:
        if not 0.0 <= ceiling <= 1.0:
            msg = f"ceiling must be in [0, 1] (0.74 keeps the route below a match), got {ceiling!r}"
            raise ValueError(msg)
        if len(weights) != 2:
            msg = f"weights must be (a, b) of sigmoid(a + b * z), got {weights!r}"
            raise ValueError(msg)
        self._encoder = encoder
        self.batch_size = batch_size
        self.weights = (float(weights[0]), float(weights[1]))
        self.ceiling = float(ceiling)
        self._lock = threading.Lock()
        self._reference: np.ndarray | None = None

    @property
    def encoder(self) -> Encoder:
        """The encoder (the default model is loaded on first access)."""
        if self._encoder is None:
            from ko_en_align.encoder import default_encoder

            self._encoder = default_encoder()
        return self._encoder

    def __repr__(self) -> str:
        return (
            f"SemanticNameMatcher(weights={self.weights}, ceiling={self.ceiling}, "
            f"encoder={self._encoder!r})"
        )

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0))
        vecs = self.encoder.encode(list(texts), role="query", batch_size=self.batch_size)
        return np.asarray(vecs, dtype=np.float64)

    def _reference_vectors(self) -> np.ndarray:
        with self._lock:
            if self._reference is None:
                # one encoding of the reference names per encoder, shared by its matchers
                enc = self.encoder
                ref = _REFERENCE_VECTORS.get(enc)
                if ref is None:
                    ref = _REFERENCE_VECTORS[enc] = self._encode(reference_names())
                self._reference = ref
            return self._reference

    def _scores(
        self, ko_names: Sequence[str], en_names: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cosine, z and encoder-route score matrices, ``(len(ko_names), len(en_names))``."""
        for name in (*ko_names, *en_names):
            if not isinstance(name, str) or not name.strip():
                msg = (
                    f"names must be non-empty strings such as '바닷가재' or 'lobster', got {name!r}"
                )
                raise ValueError(msg)
        shape = (len(ko_names), len(en_names))
        if not ko_names or not en_names:
            return np.zeros(shape), np.zeros(shape), np.zeros(shape)
        ref = self._reference_vectors()
        ko_vec, en_vec = self._encode(ko_names), self._encode(en_names)
        cos = ko_vec @ en_vec.T
        ref_cos = ref @ en_vec.T  # each English name against the unrelated Korean names
        mean, std = ref_cos.mean(axis=0), np.maximum(ref_cos.std(axis=0), 1e-6)
        z = (cos - mean) / std
        a, b = self.weights
        enc = self.ceiling * _sigmoid(a + b * z)
        off = np.array([_romanised_only(k) or not has_korean(k) for k in ko_names])
        z[off], enc[off] = 0.0, 0.0
        return cos, z, enc

    def encoder_scores(self, ko_names: Sequence[str], en_names: Sequence[str]) -> np.ndarray:
        """The encoder route's scores of every Korean name against every English name.

        Each distinct name is encoded once, so scoring many pairs costs one forward
        pass per name, not per pair.

        Returns:
            ``(len(ko_names), len(en_names))`` float64 in ``[0, ceiling]``; rows of
            Korean personal names (and of text without Hangul) are 0.

        >>> m = SemanticNameMatcher()
        >>> s = m.encoder_scores(["바닷가재", "김정훈"], ["lobster", "Kim Jong-hoon"])
        >>> bool(s[0, 0] > s[0, 1]), float(s[1].max())
        (True, 0.0)
        """
        ko_unique, en_unique = list(dict.fromkeys(ko_names)), list(dict.fromkeys(en_names))
        enc = self._scores(ko_unique, en_unique)[2]
        ki = [ko_unique.index(k) for k in ko_names] if ko_unique else []
        ei = [en_unique.index(e) for e in en_names] if en_unique else []
        return enc[np.ix_(ki, ei)] if ki and ei else np.zeros((len(ko_names), len(en_names)))

    def similarities(self, pairs: Iterable[tuple[str, str]]) -> list[NameSimilarity]:
        """The string, encoder and combined scores of ``(korean, english)`` pairs.

        >>> m = SemanticNameMatcher()
        >>> s = m.similarities([("바닷가재", "lobster")])[0]
        >>> s.string < s.encoder == s.score
        True
        """
        pairs = list(pairs)
        ko_names = list(dict.fromkeys(k for k, _ in pairs))
        en_names = list(dict.fromkeys(e for _, e in pairs))
        cos, z, enc = self._scores(ko_names, en_names)
        ki = {k: i for i, k in enumerate(ko_names)}
        ei = {e: j for j, e in enumerate(en_names)}
        out = []
        for ko, en in pairs:
            i, j = ki[ko], ei[en]
            string = entity_similarity(ko, en)
            e = float(enc[i, j])
            out.append(
                NameSimilarity(
                    ko=ko,
                    en=en,
                    cosine=float(cos[i, j]),
                    z=float(z[i, j]),
                    encoder=e,
                    string=string,
                    score=max(string, e),
                )
            )
        return out


_default_matcher = lazy_default(SemanticNameMatcher)
_REFERENCE_VECTORS: weakref.WeakKeyDictionary[Encoder, np.ndarray] = weakref.WeakKeyDictionary()


def semantic_name_similarity(ko: str, en: str, *, encoder: Encoder | None = None) -> float:
    """``max(entity_similarity, encoder route)`` of one pair, in [0, 1].

    With ``encoder=None`` a process-wide :class:`SemanticNameMatcher` on the default
    model is used (created on first call); the reference names are encoded once
    per encoder.

    >>> semantic_name_similarity("성탄전야", "Christmas Eve") > semantic_name_similarity(
    ...     "성탄전야", "Chris Evert")
    True
    """
    matcher = _default_matcher() if encoder is None else SemanticNameMatcher(encoder)
    return matcher.similarities([(ko, en)])[0].score
