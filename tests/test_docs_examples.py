"""The examples in the docs pages run as written, with the real default model.

Every fenced block of ``docs/*.md`` holding ``>>>`` lines is a doctest; the
blocks of one page share their names, in page order, as a reader's session
would. ``python -m doctest docs/x.md`` cannot check them: it reads a block's
closing fence as part of the expected output.
"""

from __future__ import annotations

import doctest
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```[a-z]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
PAGES = sorted(p for p in (ROOT / "docs").glob("*.md") if ">>> " in p.read_text("utf-8"))


def test_the_pages_with_examples_are_found():
    assert {p.name for p in PAGES} >= {"summary.md", "pairing.md", "entities.md"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_docs_examples_run_as_written(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples open seeds/... as a reader in the repo root would
    text = page.read_text("utf-8")
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict[str, object] = {}
    out = io.StringIO()
    examples = 0
    for k, m in enumerate(BLOCK.finditer(text)):
        block = m.group(1)
        if ">>> " not in block:
            continue
        line = text[: m.start()].count("\n") + 1
        test = parser.get_doctest(block, globs, f"{page.name} block {k}", str(page), line)
        examples += len(test.examples)
        runner.run(test, out=out.write, clear_globs=False)
        globs = test.globs  # a DocTest runs on a copy: carry the names to the next block
    assert examples > 0
    failed = runner.summarize(verbose=False).failed
    assert failed == 0, out.getvalue()[-6000:]


def test_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's "In Python" block runs, and says what it prints for the seed."""
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## In Python", 1)[1]
    code = BLOCK.search(section)
    assert code is not None
    names: dict[str, object] = {}
    exec(compile(code.group(1), "README.md", "exec"), names)  # noqa: S102 - our own README
    assert names["result"].best.index == 5  # type: ignore[attr-defined]
    assert "# ('中',)" in code.group(1)
    assert names["kea"].check_summary(  # type: ignore[attr-defined]
        '김현종 방미 "日 수출규제 中 중재 논의"',
        names["bulletin"].sentences,  # type: ignore[attr-defined]
    ).culprits == ("中",)
