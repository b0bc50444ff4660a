"""The joint centre's summary: opened with openpyxl and python-docx, values asserted exactly."""

from __future__ import annotations

import io

import docx
import openpyxl
from lifecycle_dates import ROOT, TODAY

from taskbook.cli import main
from taskbook.lifecycle.programme import DEFAULT
from taskbook.lifecycle.summary import COLUMNS, compile_summary, to_docx, to_xlsx

TITLE = "细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究第 2 季度执行情况汇总"


def summary(bundled, quarter: int = 2, **options):
    """The summary of the bundled records on the fixtures' date."""
    return compile_summary(bundled.books, bundled.records, quarter, TODAY, DEFAULT, **options)


def test_xlsx_has_a_sheet_a_province_and_a_total(bundled):
    """One sheet per province with signed books, then 合计; rows and sums as reported."""
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(summary(bundled))))
    assert book.sheetnames == ["北京市", "陕西省", "合计"]
    total = book["合计"]
    values = [[cell.value for cell in row] for row in total.iter_rows()]
    assert values[0][0] == TITLE
    assert values[1][0] == "季度：2021年8月-2021年10月；汇总日期：2023-07-01；经费为截至季度末的累计数（万元）"
    assert tuple(values[2]) == COLUMNS
    assert values[3] == [1, "北京市", "北京市", "已报送", "2021-11-12", "2/2", "2/2", None, 12, 60, 1, 3,
                         80, 70, 100, 84, 10, 8]
    assert values[4] == [2, "陕西省", "西安市", "已报送", "2021-11-15", "1/2", "2/2", None, 10, 44, 1, 2,
                         60, 48, 90, 76, 0, 0]
    assert values[5] == [None, None, "合计", "已报送 2/2", None, None, None, 0, 22, 104, 2, 5,
                         140, 118, 190, 160, 10, 8]
    assert [[c.value for c in row][2] for row in book["陕西省"].iter_rows(min_row=4)] == ["西安市", "陕西省"]


def test_overdue_and_deliverables(bundled):
    """Quarter 5: 西安市 is overdue (or 未报送 where overdue is not shown); 北京市 shared two items."""
    made = summary(bundled, 5)
    assert [(r.city, r.state, r.overdue) for r in made.rows] == [
        ("北京市", "已报送", False), ("西安市", "逾期未报", True)]
    assert made.rows[0].deliverables == (
        "VOCs 组分观测数据集（2022 年夏季）（数据，攻关联合中心共享平台 / 北京市 / 观测数据）",
        "O3 污染过程案例库（平台，北京市生态环境局大气环境管理平台）")
    assert summary(bundled, 5, show_overdue=False).rows[1].state == "未报送"
    assert [r.city for r in summary(bundled, 5, province="陕西省").rows] == ["西安市"]


def test_docx_is_laid_out_like_the_book(bundled):
    """A4, the book's fonts and spacing; the title names the quarter; the tables hold the rows."""
    document = docx.Document(io.BytesIO(to_docx(summary(bundled))))
    section = document.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:3] == [TITLE, "季度：2021年8月-2021年10月。汇总日期：2023-07-01。驻点人数、专报和简报为本季度数，"
                              "人月和经费为截至季度末的累计数，经费单位为万元。", "一、各城市报送情况"]
    assert paragraphs[3:] == ["二、经费（按来源）", "三、共享的数据、平台和成果", "本季度没有新共享的数据、平台和成果。",
                              "四、逾期未报", "无。"]
    cities, funds = ([[c.text for c in row.cells] for row in t.rows] for t in document.tables)
    assert cities == [
        ["序号", "城市", "报送情况", "计划完成", "考核指标完成", "驻点人数", "累计人月", "专报/简报"],
        ["1", "北京市", "已报送", "2/2", "2/2", "12", "60", "1/3"],
        ["2", "西安市", "已报送", "1/2", "2/2", "10", "44", "1/2"],
        ["", "合计", "已报送 2/2", "", "", "22", "104", "2/5"]]
    assert funds == [["经费来源", "累计到位（万元）", "累计支出（万元）"], ["中央预算资金", "140", "118"],
                     ["地方政府配套资金", "190", "160"], ["其他资金", "10", "8"], ["合计", "340", "286"]]
    styles = document.styles.element.xml
    assert 'w:eastAsia="宋体"' in styles and 'w:eastAsia="黑体"' in styles
    assert 'w:line="500" w:lineRule="exact"' in styles
    assert "PAGE" in section.footer.paragraphs[0]._p.xml


def test_summary_command_writes_atomically_and_never_overwrites(tmp_path, monkeypatch, capsys):
    """summary writes into exports/ by default and refuses an existing file without --force."""
    import shutil

    shutil.copytree(ROOT / "cities", tmp_path / "cities")
    shutil.copytree(ROOT / ".github", tmp_path / ".github")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TASKBOOK_TODAY", TODAY.isoformat())
    assert main(["summary", "--quarter", "2"]) == 0
    assert "已写出 exports/summary-2.xlsx（第 2 季度，2 个城市，XLSX）。" in capsys.readouterr().out
    assert main(["summary", "-q", "2"]) == 1
    assert "exports/summary-2.xlsx 已存在，未覆盖" in capsys.readouterr().err
    assert main(["summary", "-q", "2", "--province", "陕西省", "--to", "docx"]) == 0
    assert (tmp_path / "exports" / "summary-2-陕西省.docx").is_file()
    assert main(["summary", "-q", "2", "--province", "湖北省"]) == 2


def test_a_city_without_report_counts_nothing(bundled):
    """An overdue city's row has no figures, in the workbook and in the document."""
    made = summary(bundled, 8)
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(made)))["陕西省"]
    assert [c.value for c in sheet[4]] == [1, "陕西省", "西安市", "逾期未报", None, None, None, None,
                                          *([None] * 10)]
    document = docx.Document(io.BytesIO(to_docx(made)))
    assert [c.text for c in document.tables[0].rows[2].cells] == [
        "2", "西安市", "逾期未报", "—", "—", "—", "—", "—"]
    assert [p.text for p in document.paragraphs][-1] == "西安市。"
