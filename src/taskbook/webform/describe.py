"""The browser form's description: the form model and the schema, as JSON the page reads.

Nothing here is a copy of a label: the information table's groups and labels, the sections'
titles, the notes and the lists come from :data:`taskbook.form.FORM`; each field's kind,
choices, format hint and privacy from the schema. Like the other renderers, this one only
decides *how* the form shows: a group of the table becomes a fieldset, a list grows, an
instruction note becomes a hint (never content), a fixed value is shown, not typed.

Nodes (``kind``):

``fieldset``  a group of the information table (``legend``, ``children``);
``field``     one value (see :func:`field`);
``template``  running text with fields inside (参加人数): ``label``, ``parts``;
``list``      a list of items: ``pointer``, ``legend``, ``columns`` (fields relative to the
              item), ``periods`` for a list fixed to the form's quarters, ``statement`` for
              a list whose items are a sentence with fields (八、经费证明);
``body``      a section written in the Markdown body: its parts and mandatory topics;
``shared``    a section the same for every city (三, 六, 九): nothing to fill in;
``changes``   任务调整记录, for a book that is already approved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from taskbook.context import Context
from taskbook.form import fingerprint, values
from taskbook.form import model as m
from taskbook.schema import Schema

SLUG_LABEL = "城市文件夹名（拼音）"
"""The label of the one value that is not in the front matter: the folder of the book."""
_QUOTE_ADVICE = re.compile(r"[，,]?\s*[（(]?请加英文(?:双)?引号[）)]?")


def _hint(node: Mapping[str, Any]) -> str:
    """The schema's format hint without its advice on YAML quoting (the form quotes)."""
    hint = str(node.get("x-hint") or "")
    return _QUOTE_ADVICE.sub("", hint).replace('"', "")


def _required(schema: Schema, pointer: str) -> bool:
    parent, _, key = pointer.rpartition("/")
    node = schema.subschema(parent) if parent else schema.document
    return bool(node) and key in (node or {}).get("required", ())


def _control(node: Mapping[str, Any], field: m.Field | None, pointer: str, table: bool) -> str:
    if "const" in node:
        return "fixed"
    if field is not None and field.format == "duration":
        return "computed"
    if "enum" in node:
        return "choice"
    kind = node.get("type")
    if kind in ("integer", "number"):
        return str(kind)
    if kind == "string" and "pattern" not in node and (pointer.count("/") == 1 or table):
        return "textarea"
    return "text"


def field(schema: Schema, pointer: str, label: str, model: m.Field | None = None, *,
          relative: str | None = None, textarea: bool = False) -> dict[str, Any]:
    """One value of the form.

    Args:
        schema: the run's schema.
        pointer: the absolute pointer (an item of a list as ``/list/0/key``).
        label: the label the form prints beside the value.
        model: the form model's field (its format, unit and instruction).
        relative: for an item of a list, the pointer within the item.
        textarea: the value is running text (a table's wide column).
    """
    node = schema.subschema(pointer) or {}
    control = _control(node, model, pointer, textarea)
    described: dict[str, Any] = {
        "kind": "field",
        "pointer": relative if relative is not None else pointer,
        "label": label,
        "path": schema.label_path(pointer),
        "control": control,
        "required": _required(schema, pointer),
        "private": schema.is_private(pointer),
    }
    notes = [model.hint.text] if model is not None and model.hint is not None else []
    if node.get("description") and not notes:
        notes.append(str(node["description"]))
    if notes:
        described["hint"] = "".join(notes)
    if _hint(node):
        described["format"] = _hint(node)
    if "enum" in node:
        described["choices"] = list(node["enum"])
    if "const" in node:
        described["value"] = node["const"]
        described["shown"] = values.month(node["const"]) if model and model.format == "month" \
            else values.plain(node["const"])
    if control == "computed":
        parent = schema.subschema(pointer) or {}
        fixed = {key: child["const"] for key, child in parent.get("properties", {}).items()
                 if "const" in child}
        described["shown"] = values.duration(fixed)
    if model is not None and model.unit:
        described["unit"] = model.unit
    if model is not None and model.format == "boxes":
        described["boxes"] = True
    return described


def _label_text(content: m.Content) -> str | None:
    return content.printed if isinstance(content, m.Label) else None


def _template(schema: Schema, template: m.Template, label: str, base: str = "") -> dict[str, Any]:
    parts: list[Any] = []
    for part in template.parts:
        if isinstance(part, str):
            parts.append(part)
        else:
            pointer = f"{base}/0/{part.pointer}" if base else part.pointer
            parts.append(field(schema, pointer, schema.title(pointer), part,
                               relative=part.pointer if base else None))
    return {"kind": "template", "label": label, "parts": parts}


def _row_nodes(schema: Schema, row: m.Row, pending: list[str]) -> Iterator[dict[str, Any]]:
    """The values of one row, each with the label printed before it."""
    for cell in row:
        content = cell.content
        if isinstance(content, m.Label):
            pending.append(content.printed)
        elif isinstance(content, m.Field):
            label = pending.pop() if pending else schema.title(content.pointer)
            yield field(schema, content.pointer, label, content)
        elif isinstance(content, m.Template):
            yield _template(schema, content, pending.pop() if pending else "")


def _repeat(schema: Schema, repeat: m.Repeat) -> dict[str, Any]:
    columns = []
    for head, cell in zip(repeat.header, repeat.item, strict=True):
        content = cell.content
        if isinstance(content, m.Field) and content.format != "index":
            label = _label_text(head.content) or content.pointer
            columns.append(field(schema, f"{repeat.pointer}/0/{content.pointer}", label, content,
                                 relative=content.pointer))
    return {"kind": "list", "pointer": repeat.pointer, "legend": _label_text(repeat.label.content),
            "item": schema.title(f"{repeat.pointer}/0"), "columns": columns}


def info_table(schema: Schema, table: m.InfoTable) -> dict[str, Any]:
    """跟踪研究工作信息表: groups of the table as fieldsets, in the form's order."""
    root: dict[str, Any] = {"kind": "fieldset", "legend": table.title, "children": []}
    open_groups: list[tuple[dict[str, Any], int]] = [(root, 1 << 30)]
    for number, row in enumerate(table.rows):
        while open_groups[-1][1] < number:
            open_groups.pop()
        if isinstance(row, m.Repeat):
            open_groups[-1][0]["children"].append(_repeat(schema, row))
            continue
        cells = list(row)
        # Leading labels followed by another label head a group spanning their rows.
        while len(cells) > 1 and isinstance(cells[0].content, m.Label) \
                and isinstance(cells[1].content, m.Label):
            group = {"kind": "fieldset", "legend": cells[0].content.printed, "children": []}
            open_groups[-1][0]["children"].append(group)
            open_groups.append((group, number + cells[0].rows - 1))
            cells.pop(0)
        pending: list[str] = []
        open_groups[-1][0]["children"].extend(_row_nodes(schema, tuple(cells), pending))
    return root


def _note(note: m.Note | None) -> str | None:
    return note.text if note is not None else None


def _section(schema: Schema, form: m.Form, section: m.Section) -> dict[str, Any]:
    content = section.content
    described: dict[str, Any] = {"number": section.number, "heading": section.printed}
    if section.note is not None and section.note.kind == "instruction":
        described["hint"] = section.note.text
    described["fixed"] = [note.text for note in section.notes if note.kind == "fixed"]
    described["hints"] = [note.text for note in section.notes if note.kind == "instruction"]
    if isinstance(content, m.Body):
        parts: list[dict[str, Any]] = []
        heading: m.Heading | None = None
        for part in content.parts:
            if isinstance(part, m.Heading):
                heading = part
                continue
            parts.append({
                "title": part.title,
                "hint": "".join(n.text for n in part.notes if n.kind == "instruction") or None,
                "topics": [topic.title for topic in part.topics],
                "before": (heading.title + (heading.note.text if heading.note else "")) if heading else None,
            })
            heading = None
        return {"kind": "body", **described, "parts": parts}
    if isinstance(content, (m.Table, m.People)):
        columns = []
        periods = None
        named = [column for column in content.columns if column.field.format != "index"]
        for column in named:
            described_column = field(schema, f"{content.pointer}/0/{column.field.pointer}",
                                     column.label.printed, column.field,
                                     relative=column.field.pointer,
                                     # A table's columns after the one naming the row hold text.
                                     textarea=isinstance(content, m.Table) and column is not named[0])
            if column.field.format == "period":
                periods = [{"value": p, "shown": values.period(p)} for p in form.rules.periods]
                described_column["control"] = "period"
            columns.append(described_column)
        described.update({"kind": "list", "pointer": content.pointer,
                          "item": schema.title(f"{content.pointer}/0"), "columns": columns})
        if periods is not None:
            described["periods"] = periods
        if isinstance(content, m.People):
            described["groups"] = [{"label": group.label.printed, "roles": list(group.roles)}
                                   for group in content.groups]
        return described
    if isinstance(content, m.Certificate):
        statement = _template(schema, content.statement, content.title, content.pointer)
        return {"kind": "list", **described, "pointer": content.pointer,
                "item": schema.title(f"{content.pointer}/0"),
                "columns": [p for p in statement["parts"] if isinstance(p, dict)],
                "statement": statement["parts"]}
    return {"kind": "shared", **described}


def _changes(schema: Schema) -> dict[str, Any]:
    node = schema.subschema("/changes") or {}
    item = node.get("items", {})
    columns = [field(schema, f"/changes/0/{key}", str(child.get("title", key)), relative=key,
                     textarea=key != "date")
               for key, child in item.get("properties", {}).items()]
    return {"kind": "changes", "pointer": "/changes", "heading": str(node.get("title", "")),
            "hint": str(node.get("description", "")), "item": str(item.get("title", "")),
            "columns": columns}


def _city(schema: Schema) -> dict[str, Any]:
    node = schema.subschema("/city") or {}
    children = [field(schema, f"/city/{key}", str(child.get("title", key)))
                for key, child in node.get("properties", {}).items()]
    children.append({"kind": "field", "pointer": "#slug", "label": SLUG_LABEL, "path": SLUG_LABEL,
                     "control": "text", "required": True, "private": False,
                     "format": "城市名的小写拼音字母，如 xian、shijiazhuang；任务书保存为 cities/<文件夹名>/taskbook.md"})
    return {"kind": "fieldset", "legend": str(node.get("title", "")), "children": children}


def _private(schema: Schema) -> list[str]:
    return ["/" + "/".join(path) for path in schema.private_paths]


def describe(context: Context) -> dict[str, Any]:
    """The whole form as the page draws it (JSON-ready)."""
    form, schema = context.form, context.schema
    sections = [_section(schema, form, section) for section in form.sections]
    return {
        "version": fingerprint(form)[:16] + schema.fingerprint()[:16],
        "title": form.title,
        "municipalities": list(form.municipalities),
        "periods": list(form.rules.periods),
        "private": _private(schema),
        "city": _city(schema),
        "table": info_table(schema, form.table),
        "sections": sections,
        "changes": _changes(schema),
    }
