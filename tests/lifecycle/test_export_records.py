"""A report and an application exported as documents laid out like the book."""

from __future__ import annotations

import docx
from lifecycle_dates import ROOT

from taskbook.cli import main


def _cells(row) -> list[str]:
    """A row's cells as printed: a merged cell once."""
    unique = {id(cell._tc): cell for cell in row.cells}
    return [cell.text for cell in unique.values()]


def _tables(path):
    document = docx.Document(str(path))
    return document, [[_cells(row) for row in table.rows] for table in document.tables]


def test_report_document_follows_the_form(tmp_path, monkeypatch, capsys):
    """Title, facts, then 一 to 六 in order; the partly done item with its reason and remedy."""
    monkeypatch.chdir(ROOT)
    target = tmp_path / "report.docx"
    assert main(["export", "cities/xian/reports/2.md", "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"已导出 {target}（DOCX）。\n"
    document, tables = _tables(target)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "西安市细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究第 2 季度执行情况报告",
        "一、季度计划完成情况", "二、季度考核指标完成情况", "三、共享的数据、平台和成果", "四、统计报表",
        "五、工作进展", "主要进展", "存在的问题和建议", "支撑地方工作情况", "六、下季度工作计划"]
    assert tables[0][1] == ["任务编号", "DQGG202131", "季度", "2021年8月-2021年10月"]
    assert tables[0][3] == ["联系电话", "029-88301234", "电子信箱", "luojy@example.org.cn"]
    assert tables[1] == [
        ["序号", "计划事项", "完成情况", "未完成原因", "补救措施"],
        ["1", "开展 O3 生成敏感性分析", "完成", "", ""],
        ["2", "调研工业涂装、包装印刷等重点行业 VOCs 排放与治理情况。", "部分完成",
         "受疫情影响，包装印刷行业企业现场调研未能按期开展。",
         "第 3 季度补充开展包装印刷行业线上和现场调研，年底前提交完整的重点行业治理问题清单。"]]
    assert tables[3][2:] == [["经费来源", "累计到位（万元）", "累计支出（万元）"],
                             ["中央预算资金", "60", "48"], ["地方政府配套资金", "90", "76"],
                             ["其他资金", "0", "0"]]
    section = document.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)


def test_public_application_leaves_out_personal_values(tmp_path, monkeypatch):
    """The public profile of an application prints 二's items without the applicant's phone."""
    monkeypatch.chdir(ROOT)
    target = tmp_path / "application.docx"
    assert main(["export", "cities/beijing/acceptance/application-1.md", "--profile", "public",
                 "-o", str(target)]) == 0
    _, tables = _tables(target)
    text = "".join(cell for table in tables for row in table for cell in row)
    assert "010-84019876" not in text and "hanxd@example.org.cn" not in text
    assert [row[1] for row in tables[1][1:]] == [
        "北京市大气污染物排放清单、VOCs 和 NOx 重点行业治理问题清单、利用中央和地方大气污染防治专项资金项目清单。",
        "北京市 PM2.5 重污染和 O3 污染过程案例库，污染成因来源分析与效果评估简报。",
        "北京市 NOx 和 VOCs 减排综合技术方案、PM2.5 和 O3 污染协同防控综合解决方案。",
        "北京市 PM2.5 和 O3 污染协同防控“一市一策”驻点跟踪研究报告。"]
    assert len(tables[2]) == 1 + 7
    assert main(["export", "cities/beijing/acceptance/application-1.md", "-o", str(target)]) == 1
