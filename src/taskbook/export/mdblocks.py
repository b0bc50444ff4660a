"""A small Markdown-to-blocks converter for the task book's body.

The body is contributed, untrusted text. Only the structure a task book needs is
understood: ATX headings, paragraphs, ordered and unordered lists (nested by indent),
block quotes, fenced code, pipe tables, and inline bold, italic, code and links. Anything
else, raw HTML included, stays literal text: nothing is interpreted, executed or fetched,
and a link keeps only its text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from taskbook.export.blocks import Block, Heading, Paragraph, Run, Table

_HEADING = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*(?:[ \t]#+)?[ \t]*$")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_QUOTE = re.compile(r"^[ ]{0,3}>[ ]?(.*)$")
_RULE = re.compile(r"^[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-{1,}:?[ \t]*(\|[ \t]*:?-{1,}:?[ \t]*)*\|?[ \t]*$")
_INLINE = re.compile(
    r"\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|!?\[(?P<link_text>[^\]]*)\]\((?P<target>(?:[^()]|\([^()]*\))*)\)"
    r"|<(?P<autolink>(?:https?|mailto):[^<>\s]+)>"
    r"|(?P<strong>\*\*|__)"
    r"|(?P<em>\*|_)"
)
_BULLET = "•"


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def join_lines(lines: list[str]) -> str:
    """Join soft-wrapped lines: no space between Chinese characters, one between words."""
    text = ""
    for line in (part.strip() for part in lines):
        if not line:
            continue
        if text and not (_is_wide(text[-1]) or _is_wide(line[0])):
            text += " "
        text += line
    return text


def inline(text: str) -> tuple[Run, ...]:
    """Split inline Markdown into runs; markers without a partner stay literal."""
    runs: list[Run] = []
    bold = italic = False
    buffer = ""
    position = 0

    def flush() -> None:
        nonlocal buffer
        if buffer:
            runs.append(Run(buffer, bold, italic))
            buffer = ""

    for match in _INLINE.finditer(text):
        buffer += text[position:match.start()]
        position = match.end()
        marker = match.group("strong") or match.group("em")
        if match.group("escaped"):
            buffer += match.group("escaped")
        elif match.group("code"):
            buffer += match.group("code_text")
        elif match.group("link_text") is not None:
            buffer += match.group("link_text")
        elif match.group("autolink"):
            buffer += match.group("autolink")
        elif marker:
            state = bold if match.group("strong") else italic
            # Underscores inside words (snake_case, file_names) are not emphasis.
            intraword = marker[0] == "_" and _word(text, match.start() - 1) and _word(text, position)
            if intraword or (not state and marker not in text[position:]):
                buffer += marker
                continue
            flush()
            if match.group("strong"):
                bold = not bold
            else:
                italic = not italic
    buffer += text[position:]
    flush()
    return tuple(_merge_runs(runs))


def _word(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isalnum()


def _merge_runs(runs: list[Run]) -> Iterator[Run]:
    previous: Run | None = None
    for run in runs:
        if previous is not None and (previous.bold, previous.italic) == (run.bold, run.italic):
            previous = Run(previous.text + run.text, run.bold, run.italic)
            continue
        if previous is not None:
            yield previous
        previous = run
    if previous is not None:
        yield previous


def plain(text: str) -> str:
    """Return inline Markdown as plain text (for headings and table cells)."""
    return "".join(run.text for run in inline(text))


def _cells(line: str) -> list[str]:
    line = line.strip()
    line = line.removeprefix("|")
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [plain(cell.strip()) for cell in re.split(r"(?<!\\)\|", line)]


def _table(lines: list[str], width: int) -> Table:
    header = _cells(lines[0])
    count = len(header)
    rows = [header]
    for line in lines[2:]:
        cells = _cells(line)[:count]
        rows.append(cells + [""] * (count - len(cells)))
    widths = [width // count] * count
    widths[-1] += width - sum(widths)
    return Table(tuple(widths), tuple(tuple(row) for row in rows), (), 1)


def convert(markdown: str, *, table_width: int, heading_offset: int = 1) -> list[Block]:
    """Convert a Markdown body into blocks.

    Args:
        markdown: the body text.
        table_width: the text width in twips, shared out among a pipe table's columns.
        heading_offset: ``##`` becomes level ``2 - heading_offset`` (the body's ``##``
            headings are the form's sections, level 1); levels are kept within 1..3.

    Returns:
        Headings, paragraphs and tables, in order.
    """
    blocks: list[Block] = []
    lines = markdown.replace("\r\n", "\n").split("\n")
    paragraph: list[str] = []
    item: tuple[str, int, list[str]] | None = None  # (prefix, level, lines)

    def end_paragraph() -> None:
        nonlocal paragraph, item
        if paragraph:
            blocks.append(Paragraph(inline(join_lines(paragraph))))
            paragraph = []
        if item is not None:
            prefix, level, parts = item
            runs = (Run(prefix + " "), *inline(join_lines(parts)))
            blocks.append(Paragraph(tuple(_merge_runs(list(runs))), indent=False, level=level + 1))
            item = None

    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence:
            end_paragraph()
            closing = fence.group(1)[0] * len(fence.group(1))
            index += 1
            while index < len(lines) and not lines[index].strip().startswith(closing):
                blocks.append(Paragraph((Run(lines[index].rstrip() or " "),), "left", False))
                index += 1
            index += 1
            continue
        if not line.strip():
            end_paragraph()
        elif (heading := _HEADING.match(line)) is not None:
            end_paragraph()
            level = min(3, max(1, len(heading.group(1)) - heading_offset))
            blocks.append(Heading(plain(heading.group(2)), level))
        elif _RULE.match(line) and not paragraph and item is None:
            pass  # a thematic break has no place in the printed form
        elif (
            "|" in line and index + 1 < len(lines) and not paragraph
            and _TABLE_SEPARATOR.match(lines[index + 1]) and "-" in lines[index + 1]
        ):
            end_paragraph()
            table_lines = [line, lines[index + 1]]
            index += 2
            while index < len(lines) and lines[index].strip() and "|" in lines[index]:
                table_lines.append(lines[index])
                index += 1
            blocks.append(_table(table_lines, table_width))
            continue
        elif (list_item := _ITEM.match(line)) is not None and not _RULE.match(line):
            end_paragraph()
            indent = len(list_item.group(1).expandtabs(4))
            marker = list_item.group(2)
            prefix = f"{marker[:-1]}." if marker[-1] in ".)" else _BULLET
            item = (prefix, min(indent // 2, 3), [list_item.group(3)])
        elif (quote := _QUOTE.match(line)) is not None:
            if item is not None:
                end_paragraph()
            paragraph.append(quote.group(1))
        elif item is not None:
            item[2].append(line)
        else:
            paragraph.append(line)
        index += 1
    end_paragraph()
    return blocks

