"""Reports and acceptance records: the form model, new-report, statuses and quarter states."""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path

from lifecycle_dates import ROOT, TODAY

from taskbook.cli import main
from taskbook.context import Context
from taskbook.form import model as m
from taskbook.form.records import RECORD_FORMS
from taskbook.lifecycle import items, progress
from taskbook.lifecycle.programme import DEFAULT, Programme
from taskbook.loader import read


def _fields(form):
    rows = [*form.info.rows]
    for section in form.sections:
        if isinstance(section.content, m.InfoTable):
            rows += section.content.rows
    for row in rows:
        for before, cell in itertools.pairwise(row):
            if isinstance(cell.content, m.Field) and isinstance(before.content, m.Label) \
                    and not cell.content.pointer.startswith("/book"):
                yield before.content.text, cell.content.pointer


def test_form_labels_are_the_schema_titles():
    """Every value of a record form is labelled with its field's title in the record schema."""
    context = Context.load()
    for kind, form in RECORD_FORMS.items():
        schema = context.records.of(kind)
        for label, pointer in _fields(form):
            assert schema.subschema(pointer) is not None, pointer
            parent = pointer.rsplit("/", 1)[0]
            assert label in (schema.title(pointer), schema.title(parent)), (label, pointer)
        for section in form.sections:
            if isinstance(section.content, m.Table):
                assert schema.title(section.content.pointer) == section.title


def test_split_at_line_breaks_and_semicolons():
    """A cell's items split at “；” and line breaks; joined items split the same way."""
    assert items.split("组建工作组；收集资料；\n开展分析。") == ["组建工作组", "收集资料", "开展分析。"]
    assert items.joined(["组建工作组；收集资料", "开展分析。"]) == ["组建工作组", "收集资料", "开展分析。"]


def test_new_report_prefills_the_quarter_and_never_overwrites(tmp_path, monkeypatch, capsys):
    """new-report lists the quarter's items, next quarter's plan, and refuses to overwrite."""
    (tmp_path / "cities").mkdir()
    (tmp_path / "cities" / "xian").mkdir()
    (tmp_path / "cities" / "xian" / "taskbook.md").write_bytes(
        (ROOT / "cities" / "xian" / "taskbook.md").read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["new-report", "xian", "5"]) == 0
    target = Path("cities/xian/reports/5.md")
    record = read(target).book
    assert [i["item"] for i in record.data["plan"]] == [
        "开展 2022 年夏季 O3 污染过程跟踪，评估错峰生产和 VOCs 治理措施效果。"]
    assert [i["item"] for i in record.data["indicators"]] == [
        "提交 O3 污染过程案例库（2022 年夏季）", "共享 VOCs 组分观测数据。"]
    assert record.data["next_plan"] == "开展关中地区减排情景模拟，编制 NOx 和 VOCs 减排综合技术方案。"
    assert record.data["quarter"] == 5 and record.data["date"] is None
    before = target.read_bytes()
    assert main(["new-report", "xian", "5"]) == 1
    assert target.read_bytes() == before
    assert "cities/xian/reports/5.md 已存在，未作改动。" in capsys.readouterr().err


def test_statuses_follow_the_records(bundled):
    """北京市 is 已验收 (its result passed), 西安市 执行中, the unsigned books have no stage."""
    assert {slug: progress.stage(bundled.records.get(slug)) for slug in
            ("beijing", "xian", "jinan", "shijiazhuang")} == {
        "beijing": "accepted", "xian": "executing", "jinan": None, "shijiazhuang": None}


def test_quarter_states_on_a_date(bundled):
    """On 2022-05-20 西安市's quarter 4 ended 2022-04-30, due 2022-05-15: overdue; 5 not ended."""
    xian = next(b for b in bundled.books if b.slug == "xian")
    states = progress.quarters(xian, bundled.records["xian"], datetime.date(2022, 5, 20), DEFAULT)
    assert [s.state for s in states] == ["reported"] * 3 + ["overdue"] + ["not-ended"] * 4
    late = Programme(15, False, {4: datetime.date(2022, 5, 31)})
    assert progress.quarters(xian, bundled.records["xian"], datetime.date(2022, 5, 20), late)[3].state == "due"
    assert [s.due.isoformat() for s in states[:2]] == ["2021-08-15", "2021-11-15"]


def test_today_option_and_environment(monkeypatch, capsys):
    """validate --today and TASKBOOK_TODAY judge the reports by the given day."""
    monkeypatch.chdir(ROOT)
    assert main(["validate", "cities/xian/reports/3.md", "--today", "2022-01-20"]) == 1
    out = capsys.readouterr().out
    assert "cities/xian/reports/3.md:4:10: error: 第 3 季度（2021-11/2022-01）到 2022-01-31 才结束" in out
    monkeypatch.setenv("TASKBOOK_TODAY", TODAY.isoformat())
    assert main(["validate", "cities/xian/reports/3.md"]) == 0
    assert main(["validate", "--today", "2022-13-01"]) == 2
    assert "日期“2022-13-01”不对" in capsys.readouterr().err


def test_new_application_lists_section_two_item_by_item(tmp_path, monkeypatch):
    """new-application lists 二 as the book does; filled in, it validates; never overwrites."""
    import shutil

    shutil.copytree(ROOT / "cities" / "xian", tmp_path / "cities" / "xian")
    monkeypatch.chdir(tmp_path)
    assert main(["new-application", "xian"]) == 0
    target = Path("cities/xian/acceptance/application-1.md")
    text = target.read_text(encoding="utf-8")
    context = Context.load()
    book = (ROOT / "cities" / "xian" / "taskbook.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    found = items.outcomes(book, context.reader, context.form)
    record = read(target).book
    assert [i["item"] for i in record.data["results"]] == found[items.RESULTS]
    assert [i["item"] for i in record.data["indicators"]] == [*found["约束性指标"], *found["可预期指标"]]
    filled = (text.replace("evidence:", "evidence: 已完成，见共享平台。").replace("date:", 'date: "2023-05-20"')
              .replace("  name:", "  name: 罗佳怡").replace("  phone:", "  phone: 029-88301234")
              .replace("  email:", "  email: luojy@example.org.cn")
              .replace("（请写明总体完成情况。删去本行。）", "全部完成。")
              .replace("（请写明成果应用情况。删去本行。）", "已应用。"))
    target.write_text(filled, encoding="utf-8")
    assert main(["validate", "cities", "--today", "2023-07-01"]) == 0
    assert main(["new-application", "xian"]) == 1
