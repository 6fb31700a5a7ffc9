"""Word-alignment evidence per encoder layer and role (issue 11): which layer separates a
swapped content word from the true words of an NTREX sentence, within its translation?

For 3 Korean sentences per NTREX document, every noun/predicate is aligned with the English
translation (label 1); the same sentence with one noun swapped for a noun of another sentence
gives the swapped word label 0. Prints AUROC of the alignment cosine, and of the cosine
relative to the median of the other words, per layer and role of the Korean side.

    python benchmarks/word_alignment_layers.py
"""

import json
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from summary_check import auroc  # noqa: E402

from ko_en_align import Encoder  # noqa: E402
from ko_en_align.wordalign import align_words  # noqa: E402
from ko_en_align.words import headline_words  # noqa: E402

rng = random.Random(1)
d = [
    json.loads(line)
    for line in open(
        Path(__file__).resolve().parents[2] / "shared/data/ntrex128_ko_en_news_docs.jsonl"
    )
]
pairs = []
for doc in d:
    for i in rng.sample(range(1, len(doc["ko_sentences"])), 3):
        pairs.append((doc["ko_sentences"][i], doc["en_sentences"][i]))
nouns = [
    w.text
    for ko, _ in pairs
    for w in headline_words(ko)
    if w.kind in ("noun", "predicate") and len(w.text) >= 2
]
items = []  # (ko_text, spans, labels, en)
for ko, en in pairs:
    ws = [w for w in headline_words(ko) if w.kind in ("noun", "predicate")]
    if not ws:
        continue
    w = rng.choice(ws)
    new = rng.choice([x for x in nouns if x not in ko])
    sw = ko[: w.start] + new + ko[w.end :]
    items.append((ko, [(x.start, x.end) for x in ws], [1] * len(ws), en))
    ws2 = [x for x in headline_words(sw) if x.kind in ("noun", "predicate")]
    items.append(
        (
            sw,
            [(x.start, x.end) for x in ws2],
            [0 if new in x.text or x.text == new else None for x in ws2],
            en,
        )
    )
enc = Encoder()
ens = list(dict.fromkeys(e for *_, e in items))
kos = list(dict.fromkeys(k for k, *_ in items))
for layer in (4, 6, 8, 10, 12):
    et = dict(zip(ens, enc.encode_tokens(ens, layer=layer), strict=True))
    for role in ("query", "passage"):
        kt = dict(zip(kos, enc.encode_tokens(kos, layer=layer, role=role), strict=True))
        ys, ss, rel = [], [], []
        for ko, spans, labels, en in items:
            al = align_words(kt[ko], spans, [et[en]])
            sims = [a.similarity for a in al]
            for k, (a, lab) in enumerate(zip(al, labels, strict=True)):
                if lab is None:
                    continue
                others = [s for j, s in enumerate(sims) if j != k]
                ys.append(lab)
                ss.append(a.similarity)
                rel.append(a.similarity - (np.median(others) if others else a.similarity))
        ys = np.array(ys)
        print(
            layer,
            role,
            len(ys),
            "auroc sim",
            round(auroc(ys, np.array(ss)), 4),
            "rel",
            round(auroc(ys, np.array(rel)), 4),
            flush=True,
        )
