"""The PDF made by LibreOffice: page count, page numbers, sections on their pages, text, fonts.

LibreOffice, poppler-utils and fonts-noto-cjk are installed wherever the tests run (CI
installs them in .ci/run): these tests fail, never skip, without them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
from export_helpers import CONTEXT, book, pdf_bytes

from taskbook.book import from_front
from taskbook.export import ExportError
from taskbook.export.docx import render_bytes
from taskbook.export.pdf import convert
from taskbook.form import FORM

HEADINGS = [FORM.instructions_title, FORM.table.title, *(s.printed for s in FORM.sections)]
# The page each heading starts on in the 西安市 test book (the cover is page 1).
SECTION_PAGES = dict(zip(HEADINGS, (2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 14), strict=True))


def _pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "book.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout
    pages = text.split("\f")
    if not pages[-1].strip():
        pages.pop()  # pdftotext ends every page, the last one too, with a form feed
    return [re.sub(r"\s+", "", page) for page in pages]


@pytest.fixture(scope="module")
def xian_pages(tmp_path_factory) -> list[str]:
    """The 西安市 book's PDF (internal), one whitespace-free string a page."""
    return _pages(pdf_bytes("xian", "internal"), tmp_path_factory.mktemp("pdf"))


def test_page_count(xian_pages, tmp_path):
    """The 西安市 book prints on 14 pages; the public 北京市 book on 13."""
    assert len(xian_pages) == 14
    assert len(_pages(pdf_bytes("beijing", "public"), tmp_path)) == 13


def test_page_numbers_start_at_one_after_the_cover(xian_pages):
    """The cover has no number; the page after it is "— 1 —", and so on."""
    assert "—" not in xian_pages[0]
    assert xian_pages[0].startswith("附件3")
    for number, page in enumerate(xian_pages[1:], start=1):
        assert page.endswith(f"—{number}—"), number


def test_each_section_starts_its_page(xian_pages):
    """Each section heading opens the page the layout puts it on."""
    for section, page in SECTION_PAGES.items():
        assert xian_pages[page - 1].startswith(re.sub(r"\s+", "", section)), section


def test_funding_certificates_text(xian_pages):
    """Pages 12 and 13 are the two funders' certificates, with amount and source, no hint."""
    assert ("西安市人民政府为细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究提供260万元资金，"
            "资金来源为地方财政资金。") in xian_pages[11]
    assert xian_pages[12].startswith("证明")
    assert ("西安市生态环境局为细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究提供42.5万元资金，"
            "资金来源为企业自有资金。") in xian_pages[12]
    assert "单位全称" not in "".join(xian_pages)


def test_cover_and_information_table_text(xian_pages):
    """The cover names the task and period; the information table carries the values."""
    assert "任务编号：DQGG202107" in xian_pages[0]
    assert "跟踪研究起止年月：2021年5月-2023年4月" in xian_pages[0]
    assert "陕西省环境科学研究院测试所" in xian_pages[2]
    assert "029-85012345" in xian_pages[2]


def test_longest_numbers_never_wrap_in_the_information_table(tmp_path):
    """Phone, fax, mobile, postcode and ID number at the longest the schema allows stay on one
    line of their cell (read from the PDF's layout text)."""
    phone = "0311-86012345-123456"  # 0 + 3 digits, 8 digits, a 6-digit extension: 20 characters
    front = json.loads(json.dumps(book("xian").front))
    contact = front["lead_unit"]["contact"]
    contact["phone"], contact["fax"], contact["mobile"] = phone, phone.replace("45-", "46-"), "13912345678"
    front["leader"]["phone"] = phone.replace("45-", "47-")
    front["province_contact"]["fax"] = phone.replace("45-", "48-")
    front["city_contact"]["fax"] = phone.replace("45-", "49-")
    front["lead_unit"]["postcode"] = "710061"
    front["leader"]["id_number"] = "61011319800421072X"
    longest = from_front(book("xian").path, front, book("xian").body)
    path = tmp_path / "longest.pdf"
    path.write_bytes(convert(render_bytes(longest, CONTEXT, "internal")))
    text = subprocess.run(["pdftotext", "-layout", "-f", "3", "-l", "4", str(path), "-"],
                          capture_output=True, check=True, text=True).stdout
    values = [phone, phone.replace("45-", "46-"), phone.replace("45-", "47-"), phone.replace("45-", "48-"),
              phone.replace("45-", "49-"), "13912345678", "710061", "61011319800421072X",
              front["province_contact"]["mobile"], front["city_contact"]["mobile"]]
    lines = text.split("\n")
    assert [v for v in values if not any(v in line for line in lines)] == []


def test_chinese_fonts_are_embedded(tmp_path):
    """宋体 and 黑体 are rendered with Noto Serif CJK and Noto Sans CJK (CJK glyphs present)."""
    path = tmp_path / "book.pdf"
    path.write_bytes(pdf_bytes("xian", "internal"))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True,
                           text=True).stdout
    assert "NotoSerifCJK" in fonts
    assert "NotoSansCJK" in fonts


def _fake_soffice(folder, script: str) -> None:
    path = folder / "soffice"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)


def test_conversion_that_hangs_is_stopped_with_a_chinese_message(tmp_path, monkeypatch):
    """A LibreOffice that does not finish within the timeout is ended and reported."""
    _fake_soffice(tmp_path, "sleep 30")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(ExportError, match=r"LibreOffice 转换 PDF 超过 0\.5 秒仍未完成，已终止"):
        convert(b"not a document", timeout=0.5)


def test_conversion_without_output_is_reported(tmp_path, monkeypatch):
    """A LibreOffice that fails without a PDF gives its exit status and last error line."""
    _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(ExportError, match=r"LibreOffice 未能生成 PDF（退出码 1）：Error: source file could not be loaded"):
        convert(b"not a document")
