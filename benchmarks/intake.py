"""Benchmark ``taskbook import`` of a 15-page task book (.docx): budget under 1 s.

Run it with ``benchmarks/run-import`` (not part of the tests). It makes the book: the
bundled ``cities/xian`` with its body, quarters and people lengthened until the exported
document has at least ``--pages`` pages (counted on the PDF when LibreOffice is there),
exports it (internal profile), then times in one run:

(a) reading and parsing the .docx alone (python-docx and the form model);
(b) the whole import as the command runs it, in-process: read, parse, write
    ``cities/<slug>/taskbook.md`` atomically, validate it;
(c) ``taskbook import`` as a subprocess (Python's start-up and imports included), with
    ``--slug`` and without it (the city's pinyin: pypinyin's dictionaries load once);

each the best and the median of ``--repeat`` runs, and checks that the imported front
matter is the book's. Exit status: 0 when (b) is within budget, 1 when not.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 1.0


def _book_text(factor: int) -> str:
    """xian's book with its body repeated ``factor`` times under its topics and more people."""
    import yaml

    text = (ROOT / "cities" / "xian" / "taskbook.md").read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    data = yaml.safe_load(head.removeprefix("---\n"))
    people = data["people"]
    extra = [copy.deepcopy(person) for _ in range(factor) for person in people[2:]]
    for number, person in enumerate(extra):
        person["name"] = f"{person['name']}{number}"
    data["people"] = people + extra
    data["quarters"] = [{**q, "plan": q["plan"] * factor, "indicators": q["indicators"] * factor}
                        for q in data["quarters"]]
    paragraphs = [line for line in body.split("\n") if line and not line.startswith(("#", "1.", "2.", "3.", "4."))]
    longer = body
    for paragraph in paragraphs:
        longer = longer.replace(paragraph + "\n", (paragraph + "\n\n") * factor, 1)
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---\n{longer}"


def _pages(docx: bytes) -> int | None:
    from taskbook.export import pdf

    if pdf.find_soffice() is None:
        return None
    if shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(["pdfinfo", "-"], input=pdf.convert(docx), capture_output=True, check=True)
    pages = [line for line in info.stdout.decode().splitlines() if line.startswith("Pages:")]
    return int(pages[0].split()[1]) if pages else None


def _times(run, repeat: int) -> tuple[float, float]:
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        found.append(time.perf_counter() - start)
    return min(found), statistics.median(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()

    from taskbook.checker import check_paths
    from taskbook.context import Context
    from taskbook.export.docx import render_bytes
    from taskbook.intake.parse import parse
    from taskbook.intake.reader import read
    from taskbook.intake.service import import_book

    context = Context.load()
    work = Path(tempfile.mkdtemp(prefix="taskbook-import-bench-"))
    try:
        factor, pages, docx = 1, None, b""
        for factor in range(1, 12):
            book_file = work / "source" / "cities" / "xian" / "taskbook.md"
            book_file.parent.mkdir(parents=True, exist_ok=True)
            book_file.write_text(_book_text(factor), encoding="utf-8")
            report = check_paths([book_file], context=context, keep_books=True, jobs=1)
            assert report.errors == 0, report.diagnostics
            docx = render_bytes(report.books[0], context, "internal")
            pages = _pages(docx)
            if pages is None or pages >= options.pages:
                break
        source = work / "xian.docx"
        source.write_bytes(docx)
        print(f"book: cities/xian lengthened ×{factor}: {len(docx) // 1024} KiB .docx, "
              f"{pages if pages is not None else '? (no LibreOffice to count)'} pages")

        parse_best, parse_median = _times(
            lambda: parse(read(docx), context.form, context.schema.document), options.repeat)
        repo = work / "repo"
        (repo / "cities").mkdir(parents=True)
        os.chdir(repo)

        def whole() -> None:
            result = import_book(source, slug_option="xian", force=True, context=context)
            assert result.report.errors == 0, result.report.diagnostics

        whole_best, whole_median = _times(whole, options.repeat)
        imported = check_paths([repo / "cities/xian/taskbook.md"], context=context, keep_books=True, jobs=1)
        original = report.books[0].front
        unprinted = ("city", "signing", "changes")  # city.code, and the records after the form
        assert {k: v for k, v in imported.books[0].front.items() if k not in unprinted} == {
            k: v for k, v in original.items() if k not in unprinted}, "the import differs from the book"

        command = [str(Path(sys.executable).parent / "taskbook"), "import", str(source), "--force"]
        cli_best, cli_median = _times(
            lambda: subprocess.run([*command, "--slug", "xian"], check=True, capture_output=True), options.repeat)
        pinyin_best, pinyin_median = _times(
            lambda: subprocess.run(command, check=True, capture_output=True), options.repeat)

        print(f"(a) read + parse the .docx, in-process:        best {parse_best:.3f} s, median {parse_median:.3f} s")
        print(f"(b) import (read, parse, write, validate):     best {whole_best:.3f} s, median {whole_median:.3f} s"
              f"  (budget {BUDGET:.1f} s)")
        print(f"(c) taskbook import --slug xian, subprocess:   best {cli_best:.3f} s, median {cli_median:.3f} s")
        print(f"    taskbook import (slug from pinyin):        best {pinyin_best:.3f} s, median {pinyin_median:.3f} s")
        print(f"load: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} CPUs")
        ok = whole_median < BUDGET
        print("within budget" if ok else "OVER BUDGET")
        return 0 if ok else 1
    finally:
        os.chdir(ROOT)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
