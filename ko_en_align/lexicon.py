"""A Korean→English word-translation table learned from parallel sentences (IBM Model 1).

The summary check asks, for each content word of a headline, whether the English
body says it. Token alignment from the encoder (:mod:`ko_en_align.wordalign`)
answers well for frequent words and poorly for news terms the small default model
barely knows (상원 "Senate", 총격 "shooting", 용의자 "suspect"). A translation table
learned from real parallel news answers those directly: 상원 → senate.

:meth:`Lexicon.from_pairs` learns the table with IBM Model 1 (Brown et al. 1993)
in both directions over Kiwi content morphemes and stemmed English content words;
a pair's score is the geometric mean of the two directions' translation
probabilities, so a word seen next to a common English word by chance (Model 1's
"garbage collection") does not get it. :meth:`Lexicon.lookup` finds the best
translation of a Korean lemma among given English sentences.

The packaged table (``data/lexicon.tsv``, :func:`default_lexicon`) is learned from
every sentence pair of ``../shared/data`` (NTREX-128, KPC news, FLORES-200,
Tatoeba; CC BY-SA 4.0 / 3.0 and CC BY 2.0 FR, see the file's header) and the fit
halves of its loanword list and Wikidata labels, by ``benchmarks/build_lexicon.py``.
The summary-check and pairing benchmarks fit and measure with a table learned
from the *other* half of the documents, so their figures are held out. Bring your
own parallel data with :meth:`Lexicon.from_pairs`.

>>> lex = Lexicon.from_pairs(
...     [("상원이 법안을 통과시켰다", "The Senate passed the bill."),
...      ("상원 표결", "A Senate vote."),
...      ("하원이 법안을 거부했다", "The House rejected the bill.")]
... )
>>> hit = lex.lookup("상원", ["Lawmakers in the Senate voted on Tuesday."])
>>> hit.en_text, hit.sentence_index
('Senate', 0)
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "Lexicon",
    "LexiconHit",
    "default_lexicon",
    "english_terms",
    "korean_terms",
    "sino_korean_dictionary",
]

DEFAULT_PATH = Path(__file__).parent / "data" / "lexicon.tsv"
SINO_KOREAN_PATH = Path(__file__).parent / "data" / "sino_korean.tsv"

#: English function words (no content to check): articles, pronouns, auxiliaries,
#: prepositions, conjunctions, and the reporting verb "say"; written from English
#: grammar, not fitted to any data set.
STOPWORDS = frozenset(
    """a an the this that these those it its he she they them their his her him we us our
    you your i me my be is are was were been being am do does did done have has had having
    will would shall should can could may might must of in on at to for from by with
    without about into onto over under after before between through during against
    among and or but nor so yet if then than as not no also just only very more most
    there here which who whom whose what when where why how all any some each every
    said say says saying told according up down out off""".split()
)

#: Kiwi tags of content morphemes (as in :mod:`ko_en_align.words`).
_KO_TAGS = frozenset({"NNG", "NNP", "XR", "VV", "VA", "SL", "SH"})
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
#: Model 1 iterations. Not tuned: Model 1's EM climbs to its one optimum, and 5-10
#: iterations are the usual choice (Brown et al. 1993; Och & Ney 2003).
ITERATIONS = 8
#: Pairs kept per Korean lemma, and the smallest score kept: size bounds, not tuned
#: (a Korean news word has a handful of English renderings). Low scores still help a
#: little: on held-out NTREX sentences the share of known lemmas whose English is
#: found is 0.466 counting scores >= 0.02, 0.432 from 0.05 (``tests/test_lexicon.py``'s
#: loop over 200 pairs).
KEEP = 8
MIN_SCORE = 0.02
#: The score from which a translation counts as present in :attr:`Lexicon.present`
#: (the lowest of 0.02 / 0.05 / 0.1 at which a held-out NTREX word's English is found
#: over 20 times more often in its own translation than in another document's: 41%
#: against 1.8% at 0.1, 18x at 0.02; ``tests/test_lexicon.py``'s loop over 200 pairs).
PRESENT_SCORE = 0.1
#: The English key of a lemma's :attr:`Lexicon.present` line in the TSV.
_PRESENT_KEY = "="
#: The English key of a lemma's :attr:`Lexicon.frequency` line in the TSV; the line
#: of the lemma :data:`_PAIRS_LEMMA` gives :attr:`Lexicon.pairs`.
_FREQUENCY_KEY = "#"
_PAIRS_LEMMA = "*"


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light English stem: lower case, possessive and regular inflections cut,
    then a final e, repeated until nothing changes (so that ``stem(stem(w)) ==
    stem(w)`` and charge, charged, charges all meet at one key).

    Not a full stemmer: it only needs to map the forms news uses to one key
    (shootings, shooting → shoot; talks → talk; passed → pass).

    >>> [stem(w) for w in ("Shootings", "talks", "passed", "Japan's", "policies")]
    ['shoot', 'talk', 'pass', 'japan', 'policy']
    >>> {stem(w) for w in ("charge", "charged", "charges", "charging")}
    {'charg'}
    """
    w = word.lower().replace("'s", "").rstrip("'")
    while True:
        nxt = _stem_once(w)
        if nxt == w:
            return w
        w = nxt


def _stem_once(w: str) -> str:
    for suffix, repl in (
        ("ies", "y"),
        ("ings", ""),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith("ss"):
                continue
            if suffix == "es" and not w.endswith(("ses", "xes", "ches", "shes", "zes")):
                continue
            return w[: len(w) - len(suffix)] + repl
    if w.endswith("e") and len(w) > 3:
        return w[:-1]
    return w


def english_terms(sentence: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) of the English content words of a sentence.

    >>> [t for t, _, _ in english_terms("The Senate passed the bill on Tuesday.")]
    ['senat', 'pass', 'bill', 'tuesday']
    """
    return list(_terms(sentence))


@lru_cache(maxsize=4096)
def _terms(sentence: str) -> tuple[tuple[str, int, int], ...]:
    # cached: every word of a headline (and every claim) scans the same body sentences
    return tuple(
        (stem(m.group()), m.start(), m.end())
        for m in _EN_WORD.finditer(sentence)
        if m.group().lower() not in STOPWORDS
    )


def korean_terms(text: str) -> list[str]:
    """Kiwi lemmas of the Korean content morphemes of a text.

    >>> korean_terms("상원이 법안을 통과시켰다")
    ['상원', '법안', '통과']
    """
    from ko_en_align.entities.extract import get_kiwi

    return [t.form for t in get_kiwi().tokenize(text) if t.tag in _KO_TAGS]


@dataclass(frozen=True)
class LexiconHit:
    """The best translation of a Korean lemma found in some English sentences.

    ``score`` is the table's score of the pair (0 when nothing was found, then the
    span fields are None/-1); ``known`` says whether the lemma is in the table at all;
    ``present`` is :attr:`Lexicon.present` of the lemma.
    """

    score: float
    known: bool
    present: float = 0.0
    sentence_index: int | None = None
    en_text: str | None = None
    en_start: int = -1
    en_end: int = -1


class Lexicon:
    """A Korean lemma → {English stem: score} table.

    Args:
        table: the scores, as built by :meth:`from_pairs` or read by :meth:`load`
            (English words are reduced to their :func:`stem`).
        present: per Korean lemma, the share of its training pairs whose English
            holds one of its translations (scored >= :data:`PRESENT_SCORE`), shrunk
            towards 0 for rare lemmas: how often a translator keeps the word (in the
            packaged table 경찰 "police" 0.80, 정부 "government" 0.76, 자신 "oneself"
            0.30, 사이 "between" 0.23). A missing word that translators usually keep is
            stronger evidence of an error.
        frequency: per Korean lemma (every lemma of the training pairs, in the table
            or not), the number of pairs whose Korean holds it; ``pairs`` is the
            number of training pairs. Together they give :meth:`rarity`.
    """

    def __init__(
        self,
        table: dict[str, dict[str, float]],
        *,
        present: dict[str, float] | None = None,
        frequency: dict[str, int] | None = None,
        pairs: int = 0,
    ) -> None:
        # English keys are stems: a hand-made table may give words (senate, charged)
        self.table = {k: {stem(e): sc for e, sc in row.items()} for k, row in table.items()}
        self.present = present or {}
        self.frequency = frequency or {}
        self.pairs = pairs

    def __len__(self) -> int:
        return len(self.table)

    def __contains__(self, lemma: object) -> bool:
        return lemma in self.table

    def __repr__(self) -> str:
        return f"Lexicon({len(self.table)} Korean lemmas)"

    def rarity(self, lemma: str) -> float:
        """``log((pairs + 1) / (frequency + 1))`` of a lemma in the training pairs: 0
        for a table without frequencies (hand-made), highest for a lemma never seen.

        >>> lex = Lexicon({}, frequency={"미국": 99}, pairs=999)
        >>> round(lex.rarity("미국"), 2), round(lex.rarity("라이트하이저"), 2)
        (2.3, 6.91)
        """
        if not self.pairs:
            return 0.0
        return math.log((self.pairs + 1) / (self.frequency.get(lemma, 0) + 1))

    def translations(self, lemma: str) -> dict[str, float]:
        """The English stems of a Korean lemma with their scores (empty if unknown)."""
        return dict(self.table.get(lemma, {}))

    def lookup(
        self, lemma: str, sentences: Sequence[str], *, only: Iterable[int] | None = None
    ) -> LexiconHit:
        """The best-scored translation of ``lemma`` in ``sentences`` (or those in ``only``)."""
        entry = self.table.get(lemma)
        if not entry:
            return LexiconHit(0.0, False)
        best = LexiconHit(0.0, True, present=self.present.get(lemma, 0.0))
        for j in sorted(only) if only is not None else range(len(sentences)):
            for term, s, e in _terms(sentences[j]):
                sc = entry.get(term, 0.0)
                if sc > best.score:
                    best = replace(best, score=sc, sentence_index=j, en_text=sentences[j][s:e])
                    best = replace(best, en_start=s, en_end=e)
        return best

    def coverage(self, korean: str, sentences: Sequence[str]) -> np.ndarray:
        """Per sentence, how much of ``korean`` it translates: the mean over the
        text's content lemmas that the table knows of the best score of a
        translation found in the sentence (0 where none is known).

        >>> lex = Lexicon({"상원": {"senate": 0.8}, "표결": {"vote": 0.6}})
        >>> lex.coverage("상원 표결", ["The Senate will vote.", "The House met."]).tolist()
        [0.7, 0.0]
        """
        import numpy as np

        lemmas = [k for k in dict.fromkeys(korean_terms(korean)) if k in self.table]
        out = np.zeros(len(sentences), dtype=np.float64)
        if not lemmas:
            return out
        for j, sentence in enumerate(sentences):
            terms = {t for t, _, _ in _terms(sentence)}
            out[j] = sum(
                max((sc for e, sc in self.table[k].items() if e in terms), default=0.0)
                for k in lemmas
            ) / len(lemmas)
        return out

    # -------------------------------------------------------------- learning
    @classmethod
    def from_pairs(
        cls,
        pairs: Iterable[tuple[str, str]],
        *,
        iterations: int = ITERATIONS,
        min_count: int = 1,
    ) -> Lexicon:
        """Learn the table from (Korean, English) sentence pairs with IBM Model 1.

        Args:
            pairs: translations of each other, one sentence (or headline) each.
            iterations: EM iterations of each direction.
            min_count: Korean lemmas seen in fewer pairs are left out.
        """
        data = []
        for ko, en in pairs:
            k = korean_terms(ko)
            e = [t for t, _, _ in english_terms(en)]
            if k and e:
                data.append((k, e))
        if not data:
            msg = "Lexicon.from_pairs: no pair has content words on both sides"
            raise ValueError(msg)
        fwd = _model1(data, iterations)  # P(english | korean)
        bwd = _model1([(e, k) for k, e in data], iterations)  # P(korean | english)
        counts = Counter(w for k, _ in data for w in set(k))
        table: dict[str, dict[str, float]] = {}
        kept_in: Counter[str] = Counter()
        for lemma, row in fwd.items():
            if lemma is None or counts[lemma] < min_count:
                continue
            scores = {
                e: math.sqrt(p * bwd.get(e, {}).get(lemma, 0.0))
                for e, p in row.items()
                if e is not None
            }
            kept = sorted(((s, e) for e, s in scores.items() if s >= MIN_SCORE), reverse=True)[
                :KEEP
            ]
            if kept:
                table[lemma] = {e: round(s, 4) for s, e in kept}
        for k, e in data:
            es = set(e)
            for lemma in set(k):
                entry = table.get(lemma, {})
                kept_in[lemma] += any(entry.get(x, 0.0) >= PRESENT_SCORE for x in es)
        # shrunk towards 0: one pair in one says little (n / (n + 1))
        present = {k: round(kept_in[k] / (counts[k] + 1), 4) for k in table}
        return cls(table, present=present, frequency=dict(counts), pairs=len(data))

    # ------------------------------------------------------------------- I/O
    def save(self, path: str | Path, *, header: str = "") -> None:
        """Write the table as TSV: ``korean<TAB>english<TAB>score``, ``#`` lines a header."""
        lines = [f"# {h}" if h else "#" for h in header.splitlines()] if header else []
        lines.append(f"# a line whose English is {_PRESENT_KEY!r} gives Lexicon.present")
        lines.append(
            f"# a line whose English is {_FREQUENCY_KEY!r} gives Lexicon.frequency "
            f"(lemma {_PAIRS_LEMMA!r}: Lexicon.pairs)"
        )
        if self.pairs:
            lines.append(f"{_PAIRS_LEMMA}\t{_FREQUENCY_KEY}\t{self.pairs}")
        for k in sorted(self.table):
            if k in self.present:
                lines.append(f"{k}\t{_PRESENT_KEY}\t{self.present[k]}")
            for e, s in sorted(self.table[k].items(), key=lambda x: -x[1]):
                lines.append(f"{k}\t{e}\t{s}")
        for k in sorted(self.frequency):
            lines.append(f"{k}\t{_FREQUENCY_KEY}\t{self.frequency[k]}")
        Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Lexicon:
        """Read a table written by :meth:`save` (or by hand: ``korean, english, score``)."""
        table: dict[str, dict[str, float]] = defaultdict(dict)
        present: dict[str, float] = {}
        frequency: dict[str, int] = {}
        pairs = 0
        p = Path(path)
        if not p.is_file():
            msg = f"lexicon file not found: {p}"
            raise FileNotFoundError(msg)
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                msg = (
                    f"{p}:{n}: expected 3 tab-separated fields (korean, english, score), "
                    f"got {len(parts)}"
                )
                raise ValueError(msg)
            try:
                score = float(parts[2])
            except ValueError:
                msg = f"{p}:{n}: score {parts[2]!r} is not a number"
                raise ValueError(msg) from None
            if parts[1] == _PRESENT_KEY:
                present[parts[0]] = score
            elif parts[1] == _FREQUENCY_KEY and parts[0] == _PAIRS_LEMMA:
                pairs = int(score)
            elif parts[1] == _FREQUENCY_KEY:
                frequency[parts[0]] = int(score)
            else:
                table[parts[0]][parts[1]] = score  # stemmed by the constructor
        return cls(dict(table), present=present, frequency=frequency, pairs=pairs)


def _model1(
    data: list[tuple[list[str], list[str]]], iterations: int
) -> dict[str | None, dict[str | None, float]]:
    """IBM Model 1 t(target | source), with a NULL source word (None)."""
    targets = {e for _, es in data for e in es}
    uniform = 1.0 / max(len(targets), 1)
    t: dict[str | None, dict[str | None, float]] = defaultdict(dict)
    for src, tgt in data:
        for f in [None, *src]:
            row = t[f]
            for e in tgt:
                row[e] = uniform
    for _ in range(iterations):
        count: dict[str | None, dict[str | None, float]] = defaultdict(lambda: defaultdict(float))
        total: dict[str | None, float] = defaultdict(float)
        for src, tgt in data:
            fs = [None, *src]
            for e in tgt:
                z = sum(t[f][e] for f in fs)
                for f in fs:
                    c = t[f][e] / z
                    count[f][e] += c
                    total[f] += c
        t = defaultdict(dict)
        for f, row in count.items():
            tot = total[f]
            t[f] = {e: c / tot for e, c in row.items()}
    return t


@lru_cache(maxsize=4)
def _load_cached(path: str) -> Lexicon:
    return Lexicon.load(path)


def default_lexicon() -> Lexicon:
    """The packaged table (``data/lexicon.tsv``), loaded once."""
    return _load_cached(str(DEFAULT_PATH))


def sino_korean_dictionary() -> Lexicon:
    """Sino-Korean words -> English from CC-CEDICT (``data/sino_korean.tsv``), loaded once.

    Built by ``benchmarks/build_sino_dictionary.py``: each CC-CEDICT entry read with
    the Korean readings of its characters (輸出 -> 수출 -> export), kept when Kiwi reads
    the reading as one noun or root. Homophones share a reading, so a score is the share
    of the reading's entries that give the English word. No data of this project
    taught it, so it reaches words the learned table (:func:`default_lexicon`) never saw.

    >>> d = sino_korean_dictionary()
    >>> hit = d.lookup("운하", ["Egypt reopened the Suez Canal on Friday."])
    >>> hit.en_text, hit.score
    ('Canal', 1.0)
    """
    return _load_cached(str(SINO_KOREAN_PATH))
