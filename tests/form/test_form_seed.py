"""The form model against the official blank form (tests/data/seed.txt) and the schema."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from taskbook.form import FORM, fold
from taskbook.form import model as m
from taskbook.form.grid import lay_out
from taskbook.form.values import period

SEED = (Path(__file__).resolve().parents[1] / "data" / "seed.txt").read_text(encoding="utf-8")
# What the blank form writes where a book has its own values.
PLACEHOLDERS = {"city": "XX市", "government": "XX市人民政府", "province": "XX省（自治区）"}


def normal(text: str) -> str:
    """Compare wording, not typesetting: width, white space, page numbers and the form's
    several spellings of XX (XX, ××, xx) do not matter."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"—\d+—", "", text)
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[X×x]{2,}", "XX", text)


NORMAL_SEED = normal(SEED)


def general(text: m.Words) -> str:
    """A text of the model as the blank form writes it (the general variant, XX for the city)."""
    chosen = text.general if isinstance(text, m.ByVariant) else text
    return chosen.format(**PLACEHOLDERS, **dict(FORM.names))


def literal(template: m.Template) -> Iterator[str]:
    """The fixed words of a template, split where its fields go."""
    for part in template.parts:
        if isinstance(part, str) and part.strip():
            yield part


def wording() -> Iterator[tuple[str, str]]:
    """(where, text) for every label, title, note and fixed sentence of the model."""
    cover = FORM.cover
    yield "cover", cover.attachment
    yield "cover", "".join(cover.title)
    for line in cover.lines:
        yield "cover", line.label + "："
        if line.hint:
            yield "cover", line.hint.text
    yield "cover", cover.issuer
    yield "cover", cover.date
    yield "instructions", FORM.instructions_title
    for paragraph in FORM.instructions:
        yield "instructions", paragraph
    yield "table", FORM.table.title
    for row in FORM.table.rows:
        cells = (row.label, *row.header, *row.item) if isinstance(row, m.Repeat) else row
        for cell in cells:
            content = cell.content
            if isinstance(content, m.Label):
                yield "table", content.text
                if content.note:
                    yield "table", content.note.text
            elif isinstance(content, m.Field) and content.hint:
                yield "table", content.hint.text
            elif isinstance(content, m.Template):
                yield from (("table", part) for part in literal(content))
    for section in FORM.sections:
        yield section.heading, section.heading
        for note in (section.note, *section.notes):
            if note is not None:
                yield section.heading, note.text
        yield from ((section.heading, text) for text in section_wording(section.content))
    for text in FORM.rules.periods:
        yield "四", period(text)
    yield "task", FORM.rules.task_name.format(**PLACEHOLDERS)
    yield "task", FORM.rules.task_id + "XX"


def section_wording(content: m.SectionContent) -> Iterator[str]:
    """The wording inside one section."""
    if isinstance(content, m.Body):
        for part in content.parts:
            if isinstance(part, m.Heading):
                yield part.title
                if part.note:
                    yield part.note.text
                continue
            yield part.title
            yield from (note.text for note in part.notes)
            yield from (topic.title for topic in part.topics)
            yield from (general(item) for item in part.defaults)
    elif isinstance(content, m.Duties):
        yield general(content.intro)
        for party in content.parties:
            yield general(party.heading)
            for duty in party.duties:
                yield general(f"{duty.unit}：{duty.text}" if duty.unit else duty.text)
    elif isinstance(content, m.Table | m.People):
        yield from (column.label.printed for column in content.columns)
        if isinstance(content, m.People):
            yield from (group.label.printed for group in content.groups)
    elif isinstance(content, m.Signatures):
        for signatory in content.signatories:
            if "general" in signatory.variants:
                yield general(signatory.party)
                if isinstance(signatory.unit, m.Template):
                    yield from literal(signatory.unit)
                else:
                    yield general(signatory.unit)
            yield from signatory.lines
        yield content.date
        if content.note is not None:
            yield content.note.municipal
    elif isinstance(content, m.Certificate):
        yield content.title
        yield from literal(content.statement)
        yield from (f.hint.text for f in content.statement.fields if f.hint)
        yield from (content.closing, content.seal, content.date)
    elif isinstance(content, m.Terms):
        yield from (general(item) for item in content.items)


@pytest.mark.parametrize(("where", "text"), list(wording()), ids=lambda v: v[:24])
def test_every_wording_of_the_model_is_the_seeds(where, text):
    """Each label, title, note and fixed sentence of the form model is written in the blank form."""
    assert normal(text) in NORMAL_SEED, f"{where}: {text}"


def test_sections_are_the_forms_nine_in_order():
    """一 to 九 with the seed's exact titles, in the seed's order."""
    headings = [s.heading for s in FORM.sections]
    assert headings == [
        "一、目标和任务", "二、预期成果及考核指标", "三、各方的主要职责和承诺", "四、季度计划及季度目标",
        "五、主要研究人员", "六、任务书签订各方签章", "七、工作组负责单位与协作单位合作协议", "八、经费证明",
        "九、共同条款"]
    positions = [NORMAL_SEED.index(normal(h)) for h in headings]
    assert positions == sorted(positions)


def test_every_note_says_what_it_is():
    """Notes that print and instructions that never print, as the issue lists them."""
    notes = {note.text: note.kind for s in FORM.sections for note in (s.note, *s.notes) if note}
    assert notes["（包括主要技术指标、主要经济或应用指标、人才队伍建设、数据共享及其他应考核的指标。各项考核指标应尽可能量化。）"] == "label"
    assert notes["（数据、成果的数量和质量须满足攻关项目管理办公室的要求。）"] == "fixed"
    assert notes["（可多页）"] == "instruction"
    assert notes["（可自行加行）"] == "instruction"
    certificate = FORM.section("八").content
    assert isinstance(certificate, m.Certificate)
    assert [f.hint.kind for f in certificate.statement.fields if f.hint] == ["instruction", "instruction"]


def test_schema_titles_are_the_forms_labels(context):
    """Every field the information table binds has the label beside it as its schema title,
    and every list section and column is titled as the form titles it."""
    checked = 0
    for row in FORM.table.rows:
        if isinstance(row, m.Repeat):  # the column header labels the item's cells
            pairs = [(h.content.text, c.content) for h, c in zip(row.header, row.item, strict=True)
                     if isinstance(h.content, m.Label)]
            base = f"{row.pointer}/0"
        else:
            pairs, label = [], None
            for cell in row:
                if isinstance(cell.content, m.Label):
                    label = cell.content.text
                else:
                    pairs.append((label, cell.content))
            base = ""
        for label, content in pairs:
            if isinstance(content, m.Field) and content.format not in ("index", "duration"):
                pointer = f"{base}/{content.pointer}" if base else content.pointer
                assert context.schema.title(pointer) == label, pointer
                checked += 1
    bound = sum(isinstance(cell.content, m.Field) and cell.content.format not in ("index", "duration")
                for row in FORM.table.rows
                for cell in (row.item if isinstance(row, m.Repeat) else row))
    assert checked == bound > 0
    for section in FORM.sections:
        content = section.content
        if isinstance(content, m.Table | m.People):
            assert context.schema.title(content.pointer) == section.heading
            for column in content.columns:
                if column.field.pointer:
                    assert context.schema.title(f"{content.pointer}/0/{column.field.pointer}") == \
                        column.label.text
        elif isinstance(content, m.Certificate):
            assert context.schema.title(content.pointer) == section.heading
        elif isinstance(content, m.Signatures):
            assert context.schema.title(f"/{content.record}") == section.heading


def test_schema_outline_is_the_models(context):
    """The schema's x-outline (for other tools) lists exactly the model's body headings."""
    outline = [
        {"heading": s.heading, "children": [
            {"heading": p.title, **({"topics": [t.title for t in p.topics]} if p.topics else {})}
            for p in s.content.written]}
        for s in FORM.body_sections()]
    assert context.schema.outline() == outline


def test_choices_are_the_schemas(context):
    """The 学位 boxes list the schema's choices in the form's order."""
    degree = next(cell.content for row in FORM.table.rows if not isinstance(row, m.Repeat)
                  for cell in row if isinstance(cell.content, m.Field)
                  and cell.content.pointer == "/leader/degree")
    assert degree.choices == tuple(context.schema.subschema("/leader/degree")["enum"])


def test_every_row_of_the_information_table_fills_its_width():
    """The grid lays out (each row's cells add up to the table's width) with lists of any length."""
    for count in (0, 1, 8):
        grid = lay_out(FORM.table, lambda pointer, n=count: n)
        assert round(sum(grid.widths), 2) == FORM.table.width
        repeats = [row for row in FORM.table.rows if isinstance(row, m.Repeat)]
        plain = len(FORM.table.rows) - len(repeats)
        assert grid.height == plain + sum(1 + max(count, row.minimum) for row in repeats)


def test_fold_ignores_typing_differences():
    """Width, spaces, quotes, subscripts, numbering and a trailing colon do not matter."""
    assert fold("## 二、 预期成果及考核指标") != fold("预期成果及考核指标")
    assert fold("二、预期成果及考核指标") == fold("预期成果及考核指标")
    assert fold("O₃ 防控“一市一策”解决方案") == fold("O3防控一市一策解决方案")
    assert fold("考核指标：") == fold("考核指标")
