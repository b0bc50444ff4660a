"""The book's Markdown body ↔ the form's text areas, one under each heading of the form.

The form fixes the headings of 一 and 二 (``##``), their parts (``###``) and the mandatory
research topics (``####``); the work group writes the text under each. :func:`split` finds
those headings in a body as the validator does (the site's own Markdown reader, headings
compared after :func:`taskbook.form.fold`), and gives every other line to the block above
it, so nothing of an opened book is lost: a heading the form does not know stays in the text
of the block it is in, and a ``####`` under 主要研究内容和任务 that is not a mandatory topic is
one of the city's own topics. :func:`compose` writes the blocks back in the form's order.

The model is plain JSON for the page::

    {"lead": "...",
     "sections": [{"key": "一", "heading": "一、目标和任务", "text": "...",
                   "parts": [{"key": "研究目标", "heading": "研究目标", "text": "...",
                              "topics": [{"key": "O3污染成因综合分析" or null,
                                          "heading": "O3 污染成因综合分析", "text": "..."}]}]}]}

``topics`` is present only for a part with mandatory topics; a topic's ``key`` is the
mandatory topic it is, or null for one of the city's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from taskbook.bodytext import Heading
from taskbook.context import Context
from taskbook.form import fold
from taskbook.form.model import Body
from taskbook.skeleton import DROP

_PROMPT = re.compile(rf"（[^（）\n]*{DROP}。?）")
"""A prompt of ``taskbook new``'s skeleton; the form shows the form's notes as hints instead."""
_ATX = re.compile(r"^\s{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


@dataclass(frozen=True)
class Block:
    """Where one block of the composed body stands: its id and its lines (1-based, within
    the body, the heading's line included)."""

    id: str
    first: int
    last: int


def _match(headings: Sequence[Heading], level: int, title: str, keys: dict[Heading, str]) -> Heading | None:
    wanted = fold(title)
    return next((h for h in headings if h.level == level and wanted in keys[h]), None)


def _below(headings: Sequence[Heading], start: Heading, level: int) -> list[Heading]:
    """The headings after ``start`` until the next one of ``level`` or higher."""
    index = headings.index(start)
    found = []
    for heading in headings[index + 1:]:
        if heading.level <= level:
            break
        found.append(heading)
    return found


def _written(line: str) -> str:
    """A heading's text as written on its line (markers removed)."""
    match = _ATX.match(line)
    return match.group(2).strip() if match else line.strip()


def _text(lines: Sequence[str]) -> str:
    kept = [line for line in lines if not _PROMPT.fullmatch(line.strip())]
    return "\n".join(kept).strip("\n")


def split(body: str, context: Context) -> dict[str, Any]:
    """The body as the form's blocks (see the module's docstring)."""
    lines = body.replace("\r\n", "\n").split("\n")
    headings = list(context.reader.read(body, 1).headings)
    keys = {heading: fold(heading.text) for heading in headings}
    starts: dict[int, tuple[str, Any]] = {}  # line → (id, where its text goes)
    model: dict[str, Any] = {"lead": "", "sections": []}
    for number, section in enumerate(context.form.body_sections()):
        assert isinstance(section.content, Body)
        found = _match(headings, 2, section.heading, keys)
        entry: dict[str, Any] = {"key": section.number, "heading": section.heading, "text": "",
                                 "parts": []}
        model["sections"].append(entry)
        within = _below(headings, found, 2) if found else []
        if found:
            entry["heading"] = _written(lines[found.line - 1])
            starts[found.line] = (f"s{number}", entry)
        for index, part in enumerate(section.content.written):
            sub = _match(within, 3, part.title, keys)
            item: dict[str, Any] = {"key": part.title, "heading": part.title, "text": ""}
            entry["parts"].append(item)
            if sub:
                item["heading"] = _written(lines[sub.line - 1])
                starts[sub.line] = (f"s{number}p{index}", item)
            if not part.topics:
                continue
            topics: list[dict[str, Any]] = []
            item["topics"] = topics
            mandatory = {fold(topic.title): topic.title for topic in part.topics}
            for heading in (h for h in (_below(within, sub, 3) if sub else []) if h.level == 4):
                key = next((title for folded, title in mandatory.items() if folded in keys[heading]), None)
                if key is not None and any(t["key"] == key for t in topics):
                    continue  # a second heading of the same topic stays in the text above
                topic = {"key": key, "heading": _written(lines[heading.line - 1]), "text": ""}
                starts[heading.line] = ("", topic)
                topics.append(topic)
            for topic_title in (t.title for t in part.topics):
                if not any(t["key"] == topic_title for t in topics):
                    topics.append({"key": topic_title, "heading": topic_title, "text": ""})
    first = min(starts, default=len(lines) + 1)
    model["lead"] = _text(lines[:first - 1])
    ordered = sorted(starts)
    for position, line in enumerate(ordered):
        end = ordered[position + 1] - 1 if position + 1 < len(ordered) else len(lines)
        begin = line + 1  # the line after the heading (1-based)
        if line < len(lines) and _SETEXT.match(lines[line]) and not _ATX.match(lines[line - 1]):
            begin = line + 2  # after the underline of a setext heading
        starts[line][1]["text"] = _text(lines[begin - 1:end])
    return model


def compose(model: dict[str, Any]) -> tuple[str, list[Block]]:
    """The body's Markdown from the blocks, and where each block stands in it."""
    out: list[str] = []
    blocks: list[Block] = []

    def block(block_id: str, heading: str | None, text: str) -> None:
        first = len(out) + 1
        if heading is not None:
            out.extend([heading, ""])
        if text.strip():
            out.extend([*text.strip("\n").split("\n"), ""])
        blocks.append(Block(block_id, first, max(first, len(out))))

    out.append("")
    if str(model.get("lead") or "").strip():
        block("lead", None, str(model["lead"]))
    for number, section in enumerate(model.get("sections") or []):
        block(f"s{number}", f"## {section['heading']}", str(section.get("text") or ""))
        for index, part in enumerate(section.get("parts") or []):
            block(f"s{number}p{index}", f"### {part['heading']}", str(part.get("text") or ""))
            for topic_number, topic in enumerate(part.get("topics") or []):
                block(f"s{number}p{index}t{topic_number}", f"#### {topic['heading']}",
                      str(topic.get("text") or ""))
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n", blocks
