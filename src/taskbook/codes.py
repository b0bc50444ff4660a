"""The registry of diagnostic codes: one place for each code's severity, summary and fix.

The site's 错误代码 page is generated from this table, and a test fails when a code
used anywhere has no entry here or no invalid fixture under ``tests/fixtures/invalid``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from taskbook.diagnostics import Diagnostic, Severity


@dataclass(frozen=True)
class Code:
    """What a diagnostic code means."""

    severity: Severity
    summary: str
    """Short Chinese name of the problem."""
    hint: str
    """Chinese sentence telling the user how to fix it."""
    group: str = "任务书"


_E: Severity = "error"
_W: Severity = "warning"

REGISTRY: dict[str, Code] = {
    # Reading the file.
    "file-unreadable": Code(_E, "无法读取文件", "请确认文件存在、是普通文本文件（不是文件夹、管道或设备）且有读取权限。", "文件"),
    "file-too-large": Code(_E, "文件过大", "任务书文件不应超过 1 MiB，请删去粘贴进来的大段无关内容或图片数据。", "文件"),
    "file-empty": Code(_E, "文件为空", "请用 `taskbook new` 生成任务书模板后再填写。", "文件"),
    "file-binary": Code(_E, "不是文本文件", "任务书须为 Markdown 文本文件，请勿上传 Word、PDF 或图片；请复制文字内容到 taskbook.md 中。", "文件"),
    "file-encoding": Code(_E, "文件不是 UTF-8 编码", "请将文件另存为 UTF-8 编码（记事本“另存为”时选择 UTF-8）。", "文件"),
    "file-control-character": Code(_E, "含有控制字符", "请删除这个看不见的控制字符（常从网页、PDF 或其他软件复制文字时带入）：在编辑器中删去该位置前后的字，再重新输入。", "文件"),
    "file-not-found": Code(_E, "没有找到任务书", "请指定任务书文件 cities/<城市拼音>/taskbook.md，或含有任务书的文件夹（如 cities）；符号链接须指向存在的普通文件，文件夹须可读取。", "文件"),
    "file-location": Code(_E, "文件位置不对", "每个城市的任务书应放在 cities/<城市拼音>/taskbook.md，文件夹名用小写拼音字母，如 cities/xian/taskbook.md。", "文件"),
    "file-outside-cities": Code(_W, "文件不在 cities 文件夹中", "提交前请把任务书移到仓库的 cities/<城市拼音>/taskbook.md，如 cities/xian/taskbook.md。", "文件"),
    # Front matter and YAML.
    "front-matter-missing": Code(_E, "缺少前言区", "文件第 1 行必须是三个减号 ---，其后是各字段，再以一行 --- 结束。", "YAML"),
    "front-matter-unclosed": Code(_E, "前言区未结束", "请在最后一个字段之后、正文“## 一、目标和任务”之前加一行 ---。", "YAML"),
    "front-matter-too-large": Code(_E, "前言区过大", "前言区（两行 --- 之间）只填写任务书的字段，通常只有几 KB：请删去误粘贴进来的大段内容，长的文字写在正文中。", "YAML"),
    "front-matter-not-mapping": Code(_E, "前言区不是“字段: 值”的形式", "前言区的每一行应为“英文字段名: 值”，如 `schema_version: 1`。", "YAML"),
    "yaml-syntax": Code(_E, "YAML 语法错误", "请检查该行的缩进（用空格对齐）、英文冒号后的空格，含冒号或井号的文字请加英文引号。", "YAML"),
    "yaml-tab": Code(_E, "使用了制表符（Tab）", "YAML 只能用空格缩进，请把该行开头的 Tab 换成空格。", "YAML"),
    "yaml-fullwidth-colon": Code(_E, "使用了中文冒号", "字段名后须用英文冒号加空格（: ），请把中文冒号“：”换成英文冒号。", "YAML"),
    "yaml-colon-space": Code(_E, "冒号后缺少空格", "字段名后的英文冒号后面须有一个空格，如 `degree: 博士`。", "YAML"),
    "yaml-duplicate-key": Code(_E, "字段重复", "同一层中每个字段只能出现一次，请删除或合并重复的字段。", "YAML"),
    "yaml-alias": Code(_E, "使用了 YAML 锚点或别名", "任务书不支持 & 锚点、* 别名和 << 合并，请把内容直接写出来。", "YAML"),
    "yaml-tag": Code(_E, "使用了 YAML 标签", "任务书不支持 ! 开头的类型标签，请删除标签，直接写值。", "YAML"),
    "value-needs-quotes": Code(_E, "值被 YAML 改变了类型", "该值没有加引号，YAML 会把它读成数字、日期或是/否；请用英文双引号括起来，如 \"050000\"。", "YAML"),
    # The JSON Schema contract.
    "field-missing": Code(_E, "缺少必填字段", "请补上该字段；`taskbook new` 生成的模板列出了全部字段。"),
    "field-empty": Code(_E, "待填写", "请填写该字段。"),
    "field-unknown": Code(_E, "未知字段", "请检查字段名拼写（英文小写、下划线连接），或删除该字段；全部字段见网站“字段说明”。"),
    "field-type": Code(_E, "值的类型不对", "请按字段说明填写：文本、数字或列表。"),
    "field-format": Code(_E, "格式不对", "请按提示的格式填写。"),
    "field-choice": Code(_E, "不在可选范围内", "请从列出的选项中选一个，原样填写。"),
    "field-fixed": Code(_E, "须为固定值", "该字段的值由任务书格式规定，请按提示填写。"),
    "field-range": Code(_E, "数值超出范围", "请填写规定范围内的数值。"),
    "field-count": Code(_E, "条目数量不对", "请按规定增删条目。"),
    # Rules of the form that JSON Schema cannot express.
    "staff-sum": Code(_E, "参加人数合计不符", "按职称、按学位分别统计的人数之和都应等于参加总人数。"),
    "summary-too-long": Code(_E, "研究内容超过 300 字", "“研究内容”限 300 字以内（空白不计），请精简；详细内容写在正文“主要研究内容和任务”中。"),
    "quarters-periods": Code(_E, "季度不对", "季度计划须依次为 2021-05/2021-07 至 2023-02/2023-04 共 8 个季度，每季度一项。"),
    "task-id-seq": Code(_E, "任务编号与城市序号不符", "任务编号为 DQGG2021 加两位城市序号，如城市序号 7 对应 DQGG202107。"),
    "task-name": Code(_E, "任务名称不对", "任务名称须为“<城市名>细颗粒物和臭氧污染协同防控综合解决方案研究”。"),
    "people-role-a": Code(_E, "A 角不对", "主要研究人员中须有且仅有一位 A 角，且就是工作组负责人（姓名与“工作组负责人”一致）。"),
    "people-role-b": Code(_E, "B 角多于一位", "B 角是 A 角授权的工作负责人，至多一位。"),
    "cooperation-unit": Code(_E, "合作单位不在工作组中", "合作协议中的单位须是牵头单位或工作组参与单位，名称须完全一致。"),
    "funder-kind": Code(_E, "出资单位不符合要求", "出资单位须为地方人民政府或生态环境局，请填写单位全称，如“石家庄市人民政府”。"),
    "id-number-checksum": Code(_E, "身份证号码校验位不对", "请核对身份证号码，18 位号码的最后一位校验码与前 17 位不符。"),
    "id-number-mismatch": Code(_E, "身份证号码与出生年月或性别不符", "请核对身份证号码、出生年月和性别三者是否一致。"),
    "body-heading-missing": Code(_E, "正文缺少规定的标题", "正文须按任务书格式包含全部规定标题，请补上所列标题（标题级别用 ## / ### / ####）。"),
    "body-placeholder": Code(_E, "留有模板提示", "请在该处写上本市的内容，并删去模板中带“删去本行”的提示文字（连同括号）。"),
    "body-too-complex": Code(_E, "正文结构过于复杂", "请检查所指的这一段：用空行把很长的段落分开，删去成串的标题行、[、<、* 等符号、多余的空行和层层嵌套的 > 引用；网站要在几秒内显示每份任务书。"),
    "body-topic-missing": Code(_E, "缺少必备研究内容", "“主要研究内容和任务”下须有五项必备内容，各用一个 #### 标题。"),
    "unsafe-html": Code(_E, "含有 HTML 代码", "任务书只用 Markdown 书写，请删除 <...> 形式的 HTML 标签；需要表格请用 Markdown 表格。"),
    "unsafe-link": Code(_E, "含有不安全的链接", "链接只能是 http(s) 网址或站内相对路径，请删除 javascript: 或 data: 链接。"),
    "unsafe-attribute": Code(_E, "含有不安全的属性", "请删除 {: ... } 中以 on 开头的事件属性。"),
    # Across files.
    "duplicate-seq": Code(_E, "城市序号重复", "每个城市的序号须唯一，请核对工作组清单中的城市序号。", "跨文件"),
    "duplicate-task-id": Code(_E, "任务编号重复", "每个任务编号只能属于一个城市，请核对城市序号。", "跨文件"),
    "duplicate-city": Code(_E, "城市重复", "每个城市只能有一份任务书，请合并或删除重复的任务书。", "跨文件"),
    "duplicate-slug": Code(_E, "城市文件夹名重复", "每个城市文件夹名（拼音）须唯一。", "跨文件"),
    # Joint audit: the parties file and the change record against the base branch.
    "parties-invalid": Code(_E, "审核各方文件有误", "请按审核指南改正 .github/parties.yml。", "审核"),
    "parties-city-missing": Code(_E, "城市没有审核方", "每个有任务书的城市都须在 .github/parties.yml 的 cities 下列出（城市名、文件夹名 slug、省份和审核人账号）。该文件由攻关项目管理办公室维护：新城市请先请其添加本市，合并后再提交任务书。", "审核"),
    "changes-missing": Code(_E, "缺少任务调整记录", "请在 changes 末尾追加一项，写明 date（日期）、summary（调整内容）和 reason（理由说明），如 `- {date: \"2022-03-01\", summary: 调整第 5 季度计划, reason: 观测设备延期到货}`。", "审核"),
    "changes-rewritten": Code(_E, "任务调整记录被改动", "任务调整记录只增不删：请恢复已有各项的原文，新的调整在末尾追加一项。", "审核"),
    "signing-removed": Code(_E, "签章记录被删除", "已补录的「六、签章」记录不能删除，请恢复；如签章信息有误，请修改并在 changes 末尾追加一项说明。", "审核"),

    # Importing a task book from Word (taskbook import): located in the Word file.
    "import-unreadable": Code(_E, "无法读取 Word 文件", "请确认文件是能在 Word 或 WPS 中正常打开的 Word 文档（.docx 或 .doc）；其他格式请先在 Word 中“另存为”.docx 再导入。", "导入"),
    "import-libreoffice": Code(_E, "导入 .doc 需要 LibreOffice", "请安装 LibreOffice（Debian/Ubuntu：sudo apt-get install libreoffice-writer），或在 Word 中把文件“另存为”.docx 后再导入。", "导入"),
    "import-not-taskbook": Code(_E, "不是任务书", "请确认导入的是按任务书格式填写的 Word 文件：其中须有“跟踪研究工作信息表”，各栏名称与任务书一致。", "导入"),
    "import-unmapped": Code(_W, "内容未导入", "若它是某项内容，请在导入的 taskbook.md 中补填到相应字段；若是栏目名称写错了，也可以在 Word 中改正后重新导入（加 --force）。", "导入"),
    "import-ambiguous": Code(_W, "栏目按表格顺序理解", "请核对导入的这一项；在 Word 中补上该栏所在分组的名称（如“工作组负责人”）后重新导入，就不会有这条提示。", "导入"),
    "import-choice": Code(_E, "选项未选定", "请只选一项：在方框中打勾（■、☑ 或 √），或删去不适用的选项，然后在 taskbook.md 中填写该字段（或改正 Word 文件后重新导入）。", "导入"),
    "import-city": Code(_E, "无法确定城市或省份", "任务名称须为“<城市名>细颗粒物和臭氧污染协同防控综合解决方案研究”；省份取自签章页的“某某省生态环境厅（公章）”，没有时请加 --province 指定，如 --province 陕西省。", "导入"),
    "import-conflict": Code(_W, "前后写法不一致", "请核对该字段：导入时采用了所说的一处，另一处的写法没有导入。", "导入"),

    # --- Lifecycle (issue 12): quarterly execution reports and acceptance, checked with their book.
    "record-location": Code(_E, "报告或验收文件的位置、名称不对", "季度执行情况报告为 cities/<城市>/reports/<季度>.md（季度 1–8），验收申请为 cities/<城市>/acceptance/application-<轮次>.md，验收结论为 cities/<城市>/acceptance/result-<轮次>.md。", "执行与验收"),
    "record-without-book": Code(_E, "报告或验收文件没有对应的任务书", "报告和验收文件须放在已有任务书（taskbook.md）的城市文件夹中。", "执行与验收"),
    "record-number": Code(_E, "季度或轮次与文件名不符", "前言区的 quarter（季度）或 round（轮次）须与文件名中的数字一致；另一季度的报告请用 `taskbook new-report` 生成。", "执行与验收"),
    "record-unsigned": Code(_E, "任务书尚未签章", "任务书签章（补录签章记录 signing）之后才能报送执行情况报告或申请验收，报送日期不能早于签订日期。", "执行与验收"),
    "report-items": Code(_E, "报告的事项与任务书不一致", "各事项须与任务书本季度的计划和考核指标逐项一致（按换行和“；”拆分），可用 `taskbook new-report` 重新生成；计划确需调整的，须先在任务书末尾追加任务调整记录（changes）并经审核合并（共同条款 3）。", "执行与验收"),
    "report-early": Code(_E, "季度尚未结束", "季度结束后才能报送该季度的执行情况报告，报送日期须晚于季度的最后一天。", "执行与验收"),
    "report-funds-spent": Code(_E, "经费支出多于到位", "每一来源的累计支出不能多于累计到位，请核对统计报表中的经费。", "执行与验收"),
    "report-funds-local": Code(_E, "地方配套资金多于经费证明", "地方政府配套资金累计到位不能多于任务书“八、经费证明”的合计，请核对；经费证明有变化的，须先调整任务书。", "执行与验收"),
    "report-cumulative": Code(_E, "累计数比上一季度少", "累计投入人月和各来源累计到位、累计支出的经费都是自 2021 年 5 月起的累计数，不能比上一份报告的少。", "执行与验收"),
    "acceptance-early": Code(_E, "工作尚未结束", "驻点跟踪研究工作结束（2023 年 4 月）之后才能申请验收（共同条款 6），申请日期须在 2023 年 5 月 1 日或之后。", "执行与验收"),
    "acceptance-items": Code(_E, "验收申请的事项与任务书不一致", "预期成果和考核指标须按任务书“二、预期成果及考核指标”逐项列出，顺序和文字与任务书一致，每项写明完成情况及证明材料。", "执行与验收"),
    "programme-invalid": Code(_E, "报送安排文件有误", "请按审核指南改正 .github/programme.yml（攻关项目管理办公室维护）：report_due_days 为季度结束后的报送天数，overdue_public 为 true 或 false，due 中的季度为 1–8、日期为“年-月-日”。", "执行与验收"),
    "acceptance-sequence": Code(_E, "验收申请和结论的先后不对", "每份验收结论须对应同一轮次的验收申请且日期不早于申请；上一轮结论为“不通过”或“需要复议”后才能再次申请，验收通过后不再申请。", "执行与验收"),
}


def make(
    code: str,
    file: str,
    line: int,
    column: int,
    pointer: str,
    message: str,
    hint: str | None = None,
) -> Diagnostic:
    """Build a diagnostic whose severity comes from the registry.

    Args:
        message: a Chinese sentence (ending in 。) naming the field and what is wrong.
        hint: how to fix it; the code's registered hint when omitted, nothing when "".
    """
    entry = REGISTRY[code]
    return Diagnostic(file, line, column, pointer, entry.severity, code,
                      message + (entry.hint if hint is None else hint))


PER_CODE = 200
"""Diagnostics of one code a file reports one by one; the rest are counted in one more."""


_SUMMARY = re.compile(r"从这里起还有 [0-9]+ 处同类问题（[^（）]+）未逐一列出，请一并改正。")


def summary(first: Diagnostic, more: int) -> Diagnostic:
    """The diagnostic standing for ``more`` of ``first``'s code, located where ``first`` is."""
    return make(first.code, first.file, first.line, first.column, first.pointer,
                f"从这里起还有 {more} 处同类问题（{REGISTRY[first.code].summary}）未逐一列出，请一并改正。", "")


T = TypeVar("T")


def capped(items: Iterable[T], build: Callable[[T], Diagnostic], per_code: int = PER_CODE) -> Iterator[Diagnostic]:
    """The diagnostics of ``items``, built one by one for the first ``per_code``; the rest
    are only counted, into one :func:`summary`. For checks that can find hundreds of
    thousands of things in a hostile file (a control character in every place), where
    building every diagnostic would cost seconds."""
    remaining = iter(items)
    for index, item in enumerate(remaining):
        diagnostic = build(item)
        if index < per_code:
            yield diagnostic
            continue
        yield summary(diagnostic, 1 + sum(1 for _ in remaining))
        return


def limit(diagnostics: Iterable[Diagnostic], per_code: int = PER_CODE) -> list[Diagnostic]:
    """At most ``per_code`` diagnostics of each code, then one saying how many more.

    A hostile or broken file (a megabyte of ``<b>`` lines) would otherwise print hundreds of
    thousands of lines; the summary stands where the first one left out would have. A
    summary made by :func:`capped` is kept as it is.
    """
    kept: list[Diagnostic] = []
    counts: dict[str, int] = {}
    first_left_out: dict[str, Diagnostic] = {}
    for diagnostic in diagnostics:
        if _SUMMARY.fullmatch(diagnostic.message):  # made by capped(): already counts the rest
            kept.append(diagnostic)
            continue
        seen = counts.get(diagnostic.code, 0)
        counts[diagnostic.code] = seen + 1
        if seen < per_code:
            kept.append(diagnostic)
        elif seen == per_code:
            first_left_out[diagnostic.code] = diagnostic
    kept += [summary(first, counts[code] - per_code) for code, first in first_left_out.items()]
    return kept
