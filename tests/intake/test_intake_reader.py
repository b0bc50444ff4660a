"""The .docx reader on its own: found through the package's relationships, and hostile
packages refused as unreadable (never a traceback, never gigabytes unpacked)."""

from __future__ import annotations

import io
import zipfile

import pytest

from taskbook.intake import reader
from taskbook.intake.source import Cell, Paragraph, Span, Table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="{target}"/>{more}</Relationships>')
CORE = ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties")


def package(parts: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def document(body: str) -> str:
    return f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'


def test_main_part_styles_numbering_and_author_come_from_relationships():
    """Parts under other names than Word's own are found through the _rels parts."""
    styles = (f'<w:styles xmlns:w="{W}"><w:style w:styleId="H1"><w:name w:val="heading 1"/></w:style>'
              f'<w:style w:styleId="Strong"><w:rPr><w:b/></w:rPr></w:style></w:styles>')
    numbering = (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
                 f'<w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>'
                 f'<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    body = ('<w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:t>一、目标和任务</w:t></w:r></w:p>'
            '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr></w:pPr>'
            '<w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>重点</w:t></w:r>'
            '<w:r><w:rPr><w:strike/></w:rPr><w:t>删去的</w:t></w:r><w:r><w:t>任务</w:t></w:r></w:p>'
            '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr>'
            '<w:p><w:r><w:t>姓名</w:t></w:r></w:p></w:tc></w:tr>'
            '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>')
    doc_rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="a" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
                'Target="parts/s.xml"/>'
                '<Relationship Id="b" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
                'Target="/content/parts/n.xml"/>'
                '<Relationship Id="c" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
                'Target="https://example.org/" TargetMode="External"/></Relationships>')
    data = package({
        "_rels/.rels": RELS.format(target="/content/main.xml",
                                   more=f'<Relationship Id="rId2" Type="{CORE}" Target="meta/core.xml"/>'),
        "content/main.xml": document(body),
        "content/_rels/main.xml.rels": doc_rels,
        "content/parts/s.xml": styles,
        "content/parts/n.xml": numbering,
        "meta/core.xml": ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                          'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                          "<dc:creator>taskbook</dc:creator></cp:coreProperties>"),
    })
    source = reader.read(data)
    assert source.producer == "taskbook"
    assert source.blocks == (
        Paragraph((Span("一、目标和任务"),), 1, heading=1),
        Paragraph((Span("重点", bold=True), Span("任务")), 2, listed="bullet", list_id="5"),
        Table(((Cell("姓名", 0, 0, 2, 0),), (Cell("", 1, 0, 2, 0),)), 1, 2),
    )


@pytest.mark.parametrize(("reason", "parts"), [
    ("word/document.xml 的内容不是完好的 XML：syntax error: line 1, column 0",
     {"word/document.xml": "这不是 XML"}),
    ("正文中没有 w:body", {"word/document.xml": f'<w:document xmlns:w="{W}"/>'}),
    ("没有 Word 正文（word/document.xml）", {"word/other.xml": document("")}),
    ("word/document.xml 的内容不是完好的 XML：limit on input amplification factor (from DTD and "
     "entities) breached: line 1, column 562", {"word/document.xml": (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>')}),
    ("word/document.xml 的内容不是完好的 XML：undefined entity &x;: line 1, column 181",
     {"word/document.xml": (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')}),
])
def test_broken_packages_are_unreadable(reason, parts):
    """Each says why (in the import's message, after the file's name)."""
    with pytest.raises(reader.UnreadableDocument) as caught:
        reader.read(package(parts))
    assert str(caught.value) == reason


def test_a_part_that_unpacks_past_the_cap_is_refused(monkeypatch):
    """A part is never unpacked past the cap, whatever size the zip declares."""
    monkeypatch.setattr(reader, "PART_LIMIT", 1024 * 1024)
    big = document("<w:p><w:r><w:t>" + "甲" * 400_000 + "</w:t></w:r></w:p>")
    with pytest.raises(reader.UnreadableDocument) as caught:
        reader.read(package({"word/document.xml": big}))
    assert str(caught.value) == "word/document.xml 解压后超过 1 MiB"
    data = bytearray(package({"word/document.xml": big}))
    # A zip that declares a small size: unpacking stops there, and the check finds the lie.
    for header, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(header)
        data[at + offset:at + offset + 4] = (100).to_bytes(4, "little")
    with pytest.raises(reader.UnreadableDocument) as caught:
        reader.read(bytes(data))
    assert str(caught.value) == "不是完好的 zip 压缩包：Bad CRC-32 for file 'word/document.xml'"


def test_not_a_zip_is_unreadable():
    with pytest.raises(reader.UnreadableDocument) as caught:
        reader.read(b"PK\x03\x04 broken")
    assert str(caught.value) == "不是完好的 zip 压缩包：File is not a zip file"
