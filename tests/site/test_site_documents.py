"""The site's documents: cache keys, the cache, and PDFs in batches of one LibreOffice a core."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from taskbook.context import Context
from taskbook.site import documents

CONTEXT = Context.load()

FAKE = """#!/bin/sh
# A stand-in for soffice: records its arguments, writes a.pdf for each a.docx.
echo "$@" >> "{log}"
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; shift 2;;
    *.docx) mkdir -p "$out"; name=$(basename "$1" .docx); printf '%%PDF-fake %s' "$name" > "$out/$name.pdf"; shift;;
    *) shift;;
  esac
done
"""


def fake_soffice(folder: Path) -> tuple[str, Path]:
    """A fake LibreOffice that logs each start (one line a process)."""
    log = folder / "soffice.log"
    program = folder / "soffice"
    program.write_text(FAKE.replace("{log}", str(log)), encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return str(program), log


def test_cache_keys_name_what_changes_the_output(books):
    """The .docx key changes with the book and the profile; the PDF key with the converter."""
    book = books[0]
    key = documents.cache_key(book, CONTEXT, "public", "code")
    assert key == documents.cache_key(book, CONTEXT, "public", "code")
    assert key != documents.cache_key(book, CONTEXT, "internal", "code")
    assert key != documents.cache_key(books[1], CONTEXT, "public", "code")
    assert key != documents.cache_key(book, CONTEXT, "public", "other code")
    assert documents.pdf_key(key, "LibreOffice 7.4") != documents.pdf_key(key, "LibreOffice 7.5")


def test_pdfs_are_made_in_batches_one_libreoffice_a_core_and_cached(books, tmp_path):
    """Missing PDFs are converted by at most ``jobs`` LibreOffice processes, each taking many
    files; a second build reads every document from the cache and starts none."""
    soffice, log = fake_soffice(tmp_path)
    many = [b for _ in range(3) for b in books]  # nine books, as three cities thrice
    made = documents.Documents(CONTEXT, tmp_path / "cache", soffice=soffice, jobs=2)
    built = made.build(books, "public")
    assert [sorted(item.documents) for item in built] == [["docx", "pdf"]] * 3
    starts = [line for line in log.read_text(encoding="utf-8").splitlines() if "--convert-to" in line]
    assert len(starts) == 2
    assert sorted(line.count(".docx") for line in starts) == [1, 2]
    assert built[0].documents["pdf"].startswith(b"%PDF-fake")
    os.remove(log)
    again = documents.Documents(CONTEXT, tmp_path / "cache", soffice=soffice, jobs=2).build(many, "public")
    assert not log.exists() or "--convert-to" not in log.read_text(encoding="utf-8")
    assert [item.documents for item in again[:3]] == [item.documents for item in built]


def test_a_pdf_libreoffice_could_not_make_is_left_out(books, tmp_path, caplog):
    """Without a PDF from LibreOffice, the city keeps its .docx and the build goes on."""
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    program.chmod(0o755)
    built = documents.Documents(CONTEXT, None, soffice=str(program), jobs=1).build(books[:1], "public")
    assert list(built[0].documents) == ["docx"]
    assert "的任务书 PDF 未能生成，页面只提供 Word 文件。" in caplog.text
