"""MkDocs hook: render ``>>>`` doctest blocks in docstrings as code, not Markdown.

House style puts a ``>>>`` example in every docstring, often outside an
``Examples:`` section; as plain Markdown their outputs (``[('김현종', ...)]``)
read as reference links and strict builds fail. This preprocessor fences
each run of doctest lines (prompt, continuation and output, up to a blank
line) as a ``pycon`` code block before the other extensions see it.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension
from markdown.preprocessors import Preprocessor

_FENCE = re.compile(r"^\s*(```|~~~)")


class _DoctestFencer(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        in_fence = False
        in_doctest = False
        indent = ""
        for line in lines:
            if _FENCE.match(line) and not in_doctest:
                in_fence = not in_fence
                out.append(line)
                continue
            stripped = line.lstrip()
            if not in_fence and not in_doctest and stripped.startswith(">>>"):
                indent = line[: len(line) - len(stripped)]
                out.extend(["", f"{indent}```pycon"])
                in_doctest = True
            elif in_doctest and not line.strip():
                out.extend([f"{indent}```", ""])
                in_doctest = False
            out.append(line)
        if in_doctest:
            out.append(f"{indent}```")
        return out


class DoctestBlocks(Extension):
    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 - Markdown API name
        # before fenced_code (priority 25) so the new fences are picked up
        md.preprocessors.register(_DoctestFencer(md), "doctest_blocks", 30)


def on_config(config: Any) -> Any:
    config.markdown_extensions.append(DoctestBlocks())
    return config
