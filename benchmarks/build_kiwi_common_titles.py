"""Build ``ko_en_align/entities/data/kiwi_common_titles.txt``: the entries of Kiwi's own
proper-noun dictionary that are common nouns.

    python benchmarks/build_kiwi_common_titles.py

Kiwi (``kiwipiepy_model``'s ``default.dict``) adds 113,000 Wikipedia and Namuwiki article
titles to its model, all tagged NNP. Many titles are common nouns: 활화산 (active
volcano), 법과학 (forensic science), 목초지 (pasture), 전기의자 (electric chair), 사설망
(private network). Tagged NNP, they became names in ``extract_entities``, and a name
that the English cannot match costs a true headline the most in the summary check.

A title is listed (and left out when :func:`ko_en_align.entities.extract.get_kiwi`
loads the dictionary) when:

1. it is all Hangul;
2. Kiwi *without* that dictionary reads it, alone, as known common-noun morphemes
   (NNG, XSN, XPN, NNB, NR; no proper noun, no unknown word): 활화산 = 활화산/NNG,
   법과학 = 법/NNG + 과학/NNG;
3. it is not a plausible Korean personal name (surname + given-name syllables:
   예정화 = 예정 + 화 is read as nouns, but it is an actress's name, and stays), not in
   the package's gazetteer, and does not end in an institution word (연구원,
   위원회, 사령부, ...: 건강보험정책연구원 is made of common nouns and is a name).

No project data chose the rule; its effect was measured afterwards with
``benchmarks/entity_extraction.py`` (KLUE NER news, NTREX unmatched names).
"""

from __future__ import annotations

from pathlib import Path

from ko_en_align.entities.extract import (
    _ORG_SUFFIXES,
    kiwi_default_dictionary,
    plausible_korean_name,
)
from ko_en_align.entities.gazetteer import lookup

OUT = Path(__file__).resolve().parents[1] / "ko_en_align/entities/data/kiwi_common_titles.txt"

#: Endings of institution names made of common nouns (건강보험정책연구원, 국악방송,
#: 항공작전사령부, 안전성평가연구소): Korean naming practice, beside extract's own
#: organisation suffixes.
INSTITUTION_ENDINGS = (
    *_ORG_SUFFIXES,
    *"원 회 소 관 단 사 국".split(),
    *"방송 사령부 학교 센터 공원 병원 연구소 박물관".split(),
)
COMMON_TAGS = frozenset({"NNG", "XSN", "XPN", "NNB", "NR"})
OOV_IDS = frozenset({2, 3})  # Kiwi's ids of a word outside its dictionary

HEADER = """\
# Entries of Kiwi's proper-noun dictionary (kiwipiepy_model default.dict: Wikipedia and
# Namuwiki titles) that are common nouns; get_kiwi loads that dictionary without them.
# Built by benchmarks/build_kiwi_common_titles.py (see its docstring for the rule).
"""


def build() -> list[str]:
    from kiwipiepy import Kiwi

    src = kiwi_default_dictionary()
    if src is None:
        msg = "kiwipiepy_model's default.dict was not found"
        raise SystemExit(msg)
    titles = []
    for line in src.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) < 2 or fields[1] != "NNP":
            continue
        if all("가" <= c <= "힣" for c in fields[0]):
            titles.append(fields[0])
    core = Kiwi(load_multi_dict=False, load_default_dict=False)
    out = []
    for word, toks in zip(titles, core.tokenize(titles), strict=True):
        if not toks or "".join(t.form for t in toks) != word:
            continue
        if not all(t.tag in COMMON_TAGS and t.id not in OOV_IDS for t in toks):
            continue
        if plausible_korean_name(word) or lookup(word) is not None:
            continue
        if len(word) >= 4 and word.endswith(INSTITUTION_ENDINGS):
            continue
        out.append(word)
    print(f"{len(titles)} Hangul titles, {len(out)} read as common nouns")
    return sorted(set(out))


def main() -> None:
    words = build()
    OUT.write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(words)} words); e.g. {words[:: max(1, len(words) // 12)]}")


if __name__ == "__main__":
    main()
