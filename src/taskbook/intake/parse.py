"""A Word task book (as :mod:`~taskbook.intake.source` values) → front matter and body.

The document is cut where the form's headings are (填写说明, 跟踪研究工作信息表, 一 … 九,
found by the model's titles, folded), and each part is read by what the model says it
holds: the cover's lines, the information table's labels, the body of 一 and 二, the
columns of 四, 五 and 七, the signatories of 六, the statement of each 经费证明. What the
printed book does not say is derived by the form's own rules: the city from 任务名称, its
number from 任务编号, the province from 六's “…生态环境厅（公章）”. 三 and 九 are the same
for every city and are not read. Nothing is written or validated here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from taskbook.diagnostics import Diagnostic
from taskbook.form import fold
from taskbook.form import model as m
from taskbook.intake import values
from taskbook.intake.body import section_markdown
from taskbook.intake.infotable import Reader, generic
from taskbook.intake.lists import ListReader
from taskbook.intake.match import Slot, match, words
from taskbook.intake.problems import Problems
from taskbook.intake.source import Block, Paragraph, Source, Table

_DATE = re.compile(r"^\s*(?:\d{4}|[〇○零一二三四五六七八九十]{4})?\s*年.*月.*日\s*$")
_PROVINCE = re.compile(r"\S+?(?:省|自治区)")
_PLACEHOLDER = re.compile(r"[Xx×＊*]{2}")


@dataclass(frozen=True)
class Imported:
    """What a Word document gave.

    Attributes:
        front: the front matter, in the schema's order (None where the document is blank).
        body: the Markdown body (一 and 二).
        diagnostics: what could not be read, located in the document.
        readable: False when nothing of a task book was found in it.
    """

    front: dict[str, Any]
    body: str
    diagnostics: tuple[Diagnostic, ...]
    readable: bool = True


@dataclass
class _Region:
    name: str  # "cover", "instructions", "table" or a section's numeral
    blocks: list[Block]


def kinds(schema: Mapping[str, Any]) -> dict[str, str]:
    """Every leaf pointer of the schema (list items as ``/0``) → its JSON type."""
    found: dict[str, str] = {}

    def walk(node: Mapping[str, Any], pointer: str) -> None:
        if "properties" in node:
            for name, child in node["properties"].items():
                walk(child, f"{pointer}/{name}")
        elif "items" in node:
            walk(node["items"], f"{pointer}/0")
        elif isinstance(node.get("type"), str):
            found[pointer] = node["type"]

    walk(schema, "")
    return found


def _store(front: dict[str, Any], pointer: str, value: Any) -> None:
    tokens = pointer.split("/")[1:]
    node: Any = front
    for position, token in enumerate(tokens):
        last = position == len(tokens) - 1
        following = tokens[position + 1] if not last else ""
        if isinstance(node, list):
            index = int(token)
            while len(node) <= index:
                node.append({})
            if last:
                node[index] = value
            else:
                node = node[index]
            continue
        if last:
            node[token] = value
        else:
            node = node.setdefault(token, [] if following.isdigit() else {})


def _get(front: Mapping[str, Any], pointer: str) -> Any:
    node: Any = front
    for token in pointer.split("/")[1:]:
        if isinstance(node, Mapping):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


class _Parser:
    def __init__(self, source: Source, form: m.Form, schema: Mapping[str, Any], file: str,
                 province: str | None) -> None:
        self.source = source
        self.form = form
        self.schema = schema
        self.kinds = kinds(schema)
        self.problems = Problems(file)
        self.front: dict[str, Any] = {}
        self.province_option = province
        self.own_export = source.producer == "taskbook"

    def store(self, pointer: str, value: Any) -> None:
        _store(self.front, pointer, value)

    # --- cutting the document -----------------------------------------------------------
    def regions(self) -> list[_Region]:
        regions = [_Region("cover", [])]
        sections = self.form.sections
        after = -1
        for block in self.source.blocks:
            if isinstance(block, Paragraph):
                text = block.text
                folded = fold(text)
                if folded and folded == fold(self.form.instructions_title) and after < 0:
                    regions.append(_Region("instructions", []))
                    continue
                if folded and folded == fold(self.form.table.title) and after < 0:
                    regions.append(_Region("table", []))
                    continue
                for position in range(after + 1, len(sections)):
                    section = sections[position]
                    heading, printed = fold(section.heading), fold(section.printed)
                    if folded and (folded in (heading, printed) or (
                            folded.startswith(heading) and folded[len(heading):][:1] == "(")):
                        regions.append(_Region(section.number, []))
                        after = position
                        break
                else:
                    regions[-1].blocks.append(block)
                continue
            regions[-1].blocks.append(block)
        return regions

    # --- the parts ----------------------------------------------------------------------
    def cover(self, blocks: list[Block]) -> dict[str, str]:
        """The cover's lines: label → value as typed."""
        found: dict[str, str] = {}
        for block in blocks:
            if not isinstance(block, Paragraph):
                continue
            found_line = re.match(r"\s*(.+?)\s*[:：]\s*(.*)", block.text, re.DOTALL)
            if found_line is None:
                continue
            head, rest = found_line.group(1), found_line.group(2)
            for line in self.form.cover.lines:
                if fold(head) == fold(line.label) and line.value is not None:
                    found[line.label] = rest.strip()
        return found

    def apply_cover(self, cover: dict[str, str]) -> None:
        for line in self.form.cover.lines:
            typed = cover.get(line.label, "")
            if not typed.strip() or line.value is None:
                continue
            if isinstance(line.value, m.Field):
                pairs = [(line.value.pointer, values.clean(typed))]
            elif [p.format for p in line.value.fields] == ["month", "month"]:
                # 跟踪研究起止年月: two months joined by a dash, as 四's periods are.
                start, _, end = values.period(typed).partition("/")
                pairs = list(zip((p.pointer for p in line.value.fields), (start, end),
                                 strict=True)) if end else []
            else:
                found = match(tuple(Slot(p.pointer) if isinstance(p, m.Field) else p
                                    for p in line.value.parts), typed)
                pairs = [(p.pointer, values.month(found[p.pointer]))
                         for p in line.value.fields] if found else []
            for pointer, value in pairs:
                if not value:
                    continue
                present = _get(self.front, pointer)
                if present is None:
                    self.store(pointer, value)
                elif fold(str(present)) != fold(str(value)):
                    self.problems.document(
                        "import-conflict",
                        f"封面的“{line.label}”写的是“{value}”，信息表中写的是“{present}”，"
                        f"已采用信息表中的写法。", pointer)

    def information(self, tables: list[Table]) -> Reader:
        reader = Reader(self.form.table, self.kinds, self.store, self.problems)
        for table in tables:
            reader.read(table)
        return reader

    def list_section(self, section: m.Section, blocks: list[Block]) -> None:
        content = section.content
        if isinstance(content, m.People):
            reader = ListReader(content.pointer, content.columns, self.kinds, self.problems,
                                tuple(group.label for group in content.groups), section.heading)
        else:
            assert isinstance(content, m.Table)
            reader = ListReader(content.pointer, content.columns, self.kinds, self.problems,
                                title=section.heading)
        ignored = {fold(note.text) for note in (section.note, *section.notes) if note is not None}
        ignored |= reader.groups
        for block in blocks:
            if isinstance(block, Table):
                reader.read(block)
            elif block.text.strip() and fold(block.text) not in ignored:
                self.unmapped(block, section)
        node = self._node(content.pointer)
        item = node.get("items", {}) if node else {}
        self.front[content.pointer.strip("/")] = reader.result(tuple(item.get("required", ())))

    def unmapped(self, paragraph: Paragraph, section: m.Section) -> None:
        self.problems.paragraph("import-unmapped", paragraph, "对应不到任务书的任何栏目，未导入。",
                                section=section.heading)

    def signatures(self, section: m.Section, blocks: list[Block]) -> dict[str, str]:
        """What 六 says of the province and the city's government."""
        content = section.content
        assert isinstance(content, m.Signatures)
        texts = [block.text for block in blocks if isinstance(block, Paragraph) and block.text.strip()]
        candidates = texts + [a + b for a, b in itertools.pairwise(texts)]
        names = dict(self.form.names)
        patterns = []
        for signatory in content.signatories:
            for text in (signatory.party, signatory.unit):
                for wording in ((text.general, text.municipal) if isinstance(text, m.ByVariant) else (text,)):
                    if isinstance(wording, str) and ("{province}" in wording or "{government}" in wording):
                        patterns.append(words(wording, **names))
        found: dict[str, str] = {}
        for pieces in patterns:
            for text in candidates:
                got = match(pieces, text)
                if got:
                    for key, value in got.items():
                        found.setdefault(key, re.sub(r"\s+", "", value))
        return found

    def certificates(self, section: m.Section, blocks: list[Block]) -> None:
        content = section.content
        assert isinstance(content, m.Certificate)
        pieces = tuple(Slot(p.pointer) if isinstance(p, m.Field) else p for p in content.statement.parts)
        hints = {p.pointer: p.hint.text for p in content.statement.fields if p.hint is not None}
        fixed = {fold(t) for t in (content.title, content.closing, content.date)}
        fixed |= {fold(n.text) for n in (section.note, *section.notes) if n is not None}
        items: list[dict[str, Any]] = []
        for block in blocks:
            if isinstance(block, Table):
                for row in block.rows:
                    for cell in row:
                        if cell.text.strip() and not cell.continued:
                            self.problems.cell("import-unmapped", block, cell,
                                               "经费证明中不应有表格，这一格未导入。")
                continue
            text = block.text.strip()
            folded = fold(text)
            if not folded or folded in fixed or folded.startswith(fold(content.seal)) or _DATE.match(text):
                continue
            got = match(pieces, text)
            if got is None:
                self.unmapped(block, section)
                continue
            item: dict[str, Any] = {}
            for part in content.statement.fields:
                typed = got[part.pointer]
                hint = hints.get(part.pointer, "")
                if hint and part.pointer != "source":
                    typed = typed.replace(hint, "").strip()
                value: Any = values.clean(typed)
                if value and hint and fold(value) == fold(hint):
                    self.problems.paragraph("import-choice", block,
                                            f"没有从“{hint}”中选定一项，未导入。",
                                            f"{content.pointer}/{len(items)}/{part.pointer}",
                                            section.heading)
                    value = ""
                if value and (part.format == "amount" or
                              self.kinds.get(f"{content.pointer}/0/{part.pointer}") in ("number", "integer")):
                    value = values.number(value, "万元")
                item[part.pointer] = value if value != "" else None
            items.append(item)
        self.front[content.pointer.strip("/")] = items

    def _node(self, pointer: str) -> Mapping[str, Any] | None:
        node: Any = self.schema
        for token in pointer.split("/")[1:]:
            node = (node.get("properties") or {}).get(token)
            if node is None:
                return None
        return node if isinstance(node, Mapping) else None

    # --- what the printed book does not say ----------------------------------------------
    def derive(self, signed: dict[str, str]) -> None:
        rules = self.form.rules
        name = _get(self.front, "/task/name")
        city = None
        if isinstance(name, str):
            got = match(words(rules.task_name), name)
            city = re.sub(r"\s+", "", got["city"]) if got and got.get("city") else None
        government = signed.get("government", "")
        if not city and government:
            suffixes = {self.form.government(c).removeprefix(c) for c in ("", *self.form.municipalities)}
            for suffix in sorted(suffixes):
                if government.endswith(suffix) and government != suffix:
                    city = government[: -len(suffix)]
                    break
        if city and _PLACEHOLDER.search(city):
            city = None
        identifier = _get(self.front, "/task/id")
        seq = None
        if isinstance(identifier, str):
            compact = re.sub(r"\s+", "", values.normal(identifier))
            self.store("/task/id", compact)
            found = re.fullmatch(re.escape(rules.task_id) + r"(\d{2})", compact)
            seq = int(found.group(1)) if found else None
        province = self.province(city, signed.get("province", ""))
        self.store("/city/name", city)
        self.store("/city/province", province)
        self.store("/city/seq", seq)
        if not city:
            self.problems.document("import-city", "无法从“任务名称”读出城市名称。", "/city/name")

    def province(self, city: str | None, signed: str) -> str | None:
        from_document = signed if _PROVINCE.fullmatch(signed) and not _PLACEHOLDER.search(signed) else ""
        if city and self.form.variant(city) == "municipal":
            from_document = city
        option = self.province_option
        if option and from_document and option != from_document:
            self.problems.document("import-conflict",
                                   f"签章页写的省份是“{from_document}”，--province 给的是“{option}”，"
                                   "已采用 --province。", "/city/province")
        chosen = option or from_document or None
        if not chosen:
            self.problems.document(
                "import-city", "无法确定省份：签章页“六、任务书签订各方签章”中没有写明省份。",
                "/city/province")
        return chosen

    # --- the whole document -------------------------------------------------------------
    def parse(self) -> Imported:
        regions = self.regions()
        tables = [b for r in regions if r.name in ("cover", "instructions", "table")
                  for b in r.blocks if isinstance(b, Table)]
        reader = self.information(tables)
        if reader.found == 0:
            self.problems.document("import-not-taskbook",
                                   f"文件中没有找到“{self.form.table.title}”的任何栏目。")
            return Imported({}, "", tuple(self.problems.found), readable=False)
        for region in regions:
            if region.name in ("table",):
                for block in region.blocks:
                    if isinstance(block, Paragraph) and block.text.strip():
                        self.problems.paragraph("import-unmapped", block,
                                                "信息表之外的文字，对应不到任务书的任何栏目，未导入。",
                                                section=self.form.table.title)
        self.apply_cover(self.cover(regions[0].blocks))
        body: list[str] = []
        signed: dict[str, str] = {}
        for region in regions:
            section = next((s for s in self.form.sections if s.number == region.name), None)
            if section is None:
                continue
            content = section.content
            if isinstance(content, m.Body):
                if body:
                    body.append("")
                body += section_markdown(section, region.blocks, self.own_export)
            elif isinstance(content, m.Table | m.People):
                self.list_section(section, region.blocks)
            elif isinstance(content, m.Signatures):
                signed = self.signatures(section, region.blocks)
            elif isinstance(content, m.Certificate):
                self.certificates(section, region.blocks)
        self.derive(signed)
        const = (self._node("/schema_version") or {}).get("const")
        if const is not None:
            self.front["schema_version"] = const
        front = shape(self.front, self.schema, self.form)
        text = "\n".join(body) + "\n" if body else ""
        return Imported(front, text, tuple(self.problems.found))


def shape(data: Mapping[str, Any], schema: Mapping[str, Any], form: m.Form) -> dict[str, Any]:
    """The values in the schema's order; every required key present (None when blank),
    an optional object left out when the document left it blank."""
    city = _get(data, "/city/name")
    municipal = isinstance(city, str) and form.variant(city) == "municipal"
    required = set(schema.get("required", ()))
    if not municipal:
        required |= set((schema.get("else") or {}).get("required", ()))
    shaped = _object(data, schema, required)
    return shaped if isinstance(shaped, dict) else {}


def _blank(value: Any) -> bool:
    if isinstance(value, Mapping):
        return all(_blank(item) for item in value.values())
    if isinstance(value, list):
        return not value
    return value is None


def _object(data: Any, node: Mapping[str, Any], required: set[str]) -> Any:
    if "properties" not in node:
        if "items" in node:
            items = data if isinstance(data, list) else []
            return [_object(item, node["items"], set(node["items"].get("required", ())))
                    for item in items] if data is not None else None
        return data
    given = data if isinstance(data, Mapping) else {}
    out: dict[str, Any] = {}
    for name, child in node["properties"].items():
        if name in given:
            value = _object(given[name], child, set(child.get("required", ())))
            if name not in required and _blank(value):
                continue
            out[name] = value
        elif name in required:
            out[name] = _object({} if "properties" in child else None, child,
                                set(child.get("required", ()))) if "properties" in child else None
    return out


def parse(source: Source, form: m.Form, schema: Mapping[str, Any], *, file: str = "",
          province: str | None = None) -> Imported:
    """Read a task book's values from a Word document.

    Args:
        source: the document, as read by :func:`taskbook.intake.reader.read`.
        form: the official form (:data:`taskbook.form.FORM`).
        schema: the task book's JSON Schema document.
        file: the document's name, for the diagnostics.
        province: the province, when the document does not name it (or to override it).

    Returns:
        The front matter and body, and the located problems; never raises for odd input.
    """
    return _Parser(source, form, schema, file, province).parse()


__all__ = ["Imported", "generic", "kinds", "parse", "shape"]
