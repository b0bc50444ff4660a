"""Time the checker on the worst shapes of input, each filled up to the 1 MiB cap.

Run it with ``benchmarks/run-hostile`` (not part of the tests: timings need a quiet
machine). Every shape is the example book (``cities/shijiazhuang``) with one kind of
hostile or clumsy content added until the file is 1 MiB (the front matter until its own
cap of 256 KiB): the shapes that made the loader,
the YAML layer, the contract, the body's Markdown or the locating of findings take
seconds or minutes before issue 9. Each is checked in one process (best of three, start-up
not counted) and printed with its diagnostics' codes; the budget is under one second each.
Exit status: 0 all within budget, 1 not.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from taskbook.checker import check_bytes
from taskbook.context import Context
from taskbook.loader import MAX_BYTES, MAX_FRONT_MATTER

ROOT = Path(__file__).resolve().parents[1]
BASE = (ROOT / "cities" / "shijiazhuang" / "taskbook.md").read_text(encoding="utf-8")
BUDGET_SECONDS = 1.0
_END = BASE.index("\n---\n") + 5
FRONT, BODY = BASE[:_END], BASE[_END:]


def fill(text: str, unit: str, before: str = "", after: str = "") -> str:
    """``text`` with ``before``, as many ``unit`` as fit and ``after`` appended: 1 MiB."""
    room = MAX_BYTES - len((text + before + after).encode("utf-8"))
    return text + before + unit * (room // len(unit.encode("utf-8"))) + after


def in_front(unit: str, key: str = "indicators: >-\n") -> str:
    """The example with ``unit`` repeated inside its front matter, after ``key``, up to the
    front matter's own cap (256 KiB; beyond it the book is refused unread)."""
    head, tail = FRONT.split(key, 1)
    room = MAX_FRONT_MATTER - len(FRONT.encode("utf-8"))
    return head + key + unit * (room // len(unit.encode("utf-8"))) + tail + BODY


def unknown_keys() -> str:
    """The example with as many distinct unknown keys as its front matter's cap allows."""
    room = MAX_FRONT_MATTER - len(FRONT.encode("utf-8"))
    keys, size, index = [], 0, 0
    while size + 12 < room:
        keys.append(f"k{index}: 1\n")
        size += len(keys[-1])
        index += 1
    head, tail = FRONT.split("schema_version: 1\n", 1)
    return head + "schema_version: 1\n" + "".join(keys) + tail + BODY


SHAPES: dict[str, Callable[[], str]] = {
    "ordinary text (body x N)": lambda: fill(BASE, BODY),
    "one heading, 1 MiB of spaces": lambda: fill(BASE, " ", "\n#", "x\n"),
    "blank lines in the body": lambda: fill(BASE, "\n"),
    "blank lines in front matter": lambda: in_front("\n", "city:\n"),
    "unknown keys": lambda: unknown_keys(),
    "<b> lines": lambda: fill(BASE, "<b>\n"),
    "<b> in one paragraph": lambda: fill(BASE, "x <b>\n"),
    "raw tags, one a paragraph": lambda: fill(BASE, "x<b>y</b>\n\n"),
    "heading lines, no blank": lambda: fill(BASE, "## a\n"),
    "unmatched [": lambda: fill(BASE, "["),
    "nested >": lambda: fill(BASE, ">"),
    "fenced blocks": lambda: fill(BASE, "```\na\n```\n"),
    "attribute lists with on…": lambda: fill(BASE, "x{: onclick=a}\n\n"),
    "javascript: links": lambda: fill(BASE, "[a](javascript:x)\n\n"),
    "entities": lambda: fill(BASE, "&amp;"),
    "table rows": lambda: fill(BASE, "| x | y |\n", "\n| a | b |\n|---|---|\n"),
    "setext headings": lambda: fill(BASE, "a\n-\n"),
    "skeleton prompts": lambda: fill(BASE, "（请填写。删去本行。）\n"),
    "control characters in body": lambda: fill(BASE, "\x1b"),
    "U+2028 in body": lambda: fill(BASE, "\u2028"),
    "tab-indented lines (YAML)": lambda: in_front("\tx: 1\n", "city:\n"),
    "full-width colons (YAML)": lambda: in_front("  name：x\n", "city:\n"),
    "glued colons (YAML)": lambda: in_front("  degree:博士\n", "leader:\n"),
    "deep flow nesting (YAML)": lambda: in_front("[" * 100_000 + "]" * 100_000 + "\n", "schema_version: "),
    "huge integer (YAML)": lambda: in_front("9", "person_months: "),
    "front matter over its cap": lambda: fill(FRONT[:-4], "k: 1\n", "", "---\n" + BODY),
    "folded lines (YAML)": lambda: in_front("  中文 a\n   b\n", "indicators: >-\n"),
    "U+2028 in a value (YAML)": lambda: in_front("\u2028", "  name: 王"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each shape (best is kept)")
    parser.add_argument("shapes", nargs="*", help="only these shapes (substrings of their names)")
    args = parser.parse_args(argv)
    context = Context.load()
    _ = context.reader, context.schema.fast
    print(f"每种输入填满到 {MAX_BYTES // 1024} KiB，单进程检查（不含启动），取 {args.repeat} 次中最好的；"
          f"预算每种 < {BUDGET_SECONDS} s。CPU 核数 {os.cpu_count()}，开始时系统负载 {os.getloadavg()[0]:.2f}。")
    slow = []
    for name, make in SHAPES.items():
        if args.shapes and not any(part in name for part in args.shapes):
            continue
        raw = make().encode("utf-8")[:MAX_BYTES]
        best = float("inf")
        for _ in range(args.repeat):
            gc.collect()
            start = time.perf_counter()
            result = check_bytes(raw, "cities/fixture/taskbook.md", context)
            best = min(best, time.perf_counter() - start)
        if result.failure is not None:
            print(f"{name}: {result.failure}")
            slow.append(name)
            continue
        codes = Counter(d.code for d in result.diagnostics)
        shown = "、".join(f"{code}×{count}" if count > 1 else code for code, count in codes.most_common(3)) or "无"
        verdict = "达标" if best < BUDGET_SECONDS else "未达标"
        print(f"  {name:30s} {len(raw) / 1024:7.0f} KiB  {best:6.3f} s  {verdict}  诊断：{shown}")
        if best >= BUDGET_SECONDS:
            slow.append(name)
    if slow:
        print("超出预算：" + "、".join(slow))
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
