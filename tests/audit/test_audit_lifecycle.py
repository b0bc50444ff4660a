"""After signing: the kinds and approvals of reports and acceptance records (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

from audit_books import PARTIES
from audit_pulls import approve, audit, statuses

from taskbook.audit import kinds
from taskbook.audit.approval import APPROVED, WAITING, Review, decide
from taskbook.audit.kinds import ChangedFile, classify
from taskbook.audit.parties import parse

BASE_PARTIES = parse(PARTIES.encode())[0]
ROOT = Path(__file__).resolve().parents[2]
XIAN_REPORT = "cities/xian/reports/2.md"
XIAN_APPLICATION = "cities/xian/acceptance/application-1.md"
XIAN_RESULT = "cities/xian/acceptance/result-1.md"
HEAD = "h" * 40


def classified(*paths: str, status: str = "added"):
    """Classify files added by one pull request."""
    return classify([ChangedFile(p, status) for p in paths], BASE_PARTIES, {}, {})


def test_report_needs_province_and_centre_and_asks_the_city():
    """A report needs the province and the joint centre; the city is asked, not waited for."""
    result = classified(XIAN_REPORT)
    assert result.items == (kinds.Item(XIAN_REPORT, kinds.REPORT, "西安市",
                                       ("province:陕西省", "centre"), informed=("city:西安市",)),)
    assert (result.required, result.informed) == (("province:陕西省", "centre"), ("city:西安市",))


def test_municipal_report_has_the_office_for_the_province():
    """北京 has no province party: the office stands in for it."""
    assert classified("cities/beijing/reports/1.md").required == ("centre", "office")


def test_application_needs_the_city_first():
    """An application needs the city (first), the province, the joint centre and the office."""
    result = classified(XIAN_APPLICATION)
    assert result.required == ("city:西安市", "province:陕西省", "centre", "office")
    assert result.first == "city:西安市"


def test_result_needs_office_and_province_and_an_office_author():
    """A result needs the office and the province and must be written by the office."""
    result = classified(XIAN_RESULT)
    assert (result.required, result.authors) == (("province:陕西省", "office"), ("office",))


def test_removing_a_report_also_needs_the_office():
    """A record removed needs the office besides its own parties."""
    assert classified(XIAN_REPORT, status="removed").required == ("province:陕西省", "centre", "office")


def test_approval_before_the_city_does_not_count():
    """The province approving before the city waits, and counts once it approves again."""
    required = ("city:西安市", "province:陕西省")
    early = [Review("shaanxi-qian", "APPROVED", HEAD), Review("xian-chen", "APPROVED", HEAD)]
    verdict = decide(BASE_PARTIES, required, early, HEAD, "wg", first="city:西安市")
    assert [(p.key, p.state, p.early) for p in verdict.parties] == [
        ("city:西安市", APPROVED, False), ("province:陕西省", WAITING, True)]
    again = [*early, Review("shaanxi-qian", "APPROVED", HEAD)]
    assert decide(BASE_PARTIES, required, again, HEAD, "wg", first="city:西安市").status == "success"


def test_informed_party_never_blocks():
    """The city's request for changes on a report is reported but does not fail it."""
    reviews = [Review("xian-chen", "CHANGES_REQUESTED", HEAD), Review("shaanxi-qian", "APPROVED", HEAD),
               Review("centre-wu", "APPROVED", HEAD)]
    verdict = decide(BASE_PARTIES, ("province:陕西省", "centre"), reviews, HEAD, "wg",
                     informed=("city:西安市",))
    assert verdict.status == "success"
    assert [(p.key, p.state) for p in verdict.informed] == [("city:西安市", "changes_requested")]


def _application(round: int = 1) -> str:
    """A valid acceptance application of the bundled 西安市 book, item by item as it lists 二."""
    from taskbook.context import Context
    from taskbook.lifecycle.items import INDICATORS, RESULTS, outcomes

    context = Context.load()
    body = (ROOT / "cities" / "xian" / "taskbook.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    found = outcomes(body, context.reader, context.form)
    lines = ["---", "schema_version: 1", f"round: {round}", 'date: "2023-05-20"',
             "applicant: {name: 罗佳怡, phone: 029-88301234, email: luojy@example.org.cn}", "results:"]
    lines += [f"  - {{item: {json.dumps(i, ensure_ascii=False)}, evidence: 已完成。}}" for i in found[RESULTS]]
    lines.append("indicators:")
    lines += [f"  - {{item: {json.dumps(i, ensure_ascii=False)}, evidence: 已完成。}}"
              for part in INDICATORS for i in found[part]]
    return "\n".join([*lines, "---", "", "## 总体完成情况", "", "全部完成。", "", "## 成果应用情况", "",
                      "已应用。", ""])


RESULT = ('---\nschema_version: 1\nround: 1\ndate: "2023-06-30"\nconclusion: 通过\n'
          "remarks: 同意通过验收。\n---\n")


def _city(fake) -> None:
    """西安市's signed book and its reports stand at the head (and on the base)."""
    for path in ["cities/xian/taskbook.md", *(f"cities/xian/reports/{n}.md" for n in (1, 2, 3))]:
        fake.put(fake.head_sha, path, (ROOT / path).read_text(encoding="utf-8"))


def _record(fake, path: str, source: str | None = None, text: str | None = None) -> None:
    _city(fake)
    fake.change(path, "added")
    fake.put(fake.head_sha, path, text if text is not None else (ROOT / source).read_text(encoding="utf-8"))


def test_report_approved_by_the_city_alone_is_pending(fake, client):
    """On GitHub: the city's approval alone leaves a report waiting for province and centre."""
    _record(fake, XIAN_REPORT, "cities/xian/reports/2.md")
    approve(fake, "xian-chen")
    audit(fake, client)
    assert statuses(fake) == [("pending", "已批准 0/2，待：陕西省生态环境厅、国家大气污染防治攻关联合中心")]
    assert "| 西安市人民政府 | ✅ 已批准（知悉，不影响审核结果） | `xian-chen` |" in fake.comments[0].body


def test_report_approved_by_province_and_centre_succeeds(fake, client):
    """On GitHub: the province and the joint centre approving a report is enough."""
    _record(fake, XIAN_REPORT, "cities/xian/reports/2.md")
    approve(fake, "shaanxi-qian", "centre-wu")
    audit(fake, client)
    assert statuses(fake) == [("success", "已批准 2/2")]
    assert "| 季度执行情况报告 | 西安市 |" in fake.comments[0].body


def test_result_from_a_work_group_fails(fake, client):
    """On GitHub: an acceptance result opened by the work group fails whatever the approvals."""
    fake.put(fake.head_sha, XIAN_APPLICATION, _application())
    _record(fake, XIAN_RESULT, text=RESULT)
    approve(fake, "shaanxi-qian", "office-li")
    audit(fake, client)
    [(state, description)] = statuses(fake)
    assert state == "failure"
    assert description.startswith("未通过：验收结论只能由大气重污染成因与治理攻关项目管理办公室的成员提交，"
                                  "本拉取请求的作者 xian-workgroup-example 不是")


def test_result_from_the_office_is_judged_on_approvals(fake, client):
    """On GitHub: the office's own result is not refused; its author's approval does not count."""
    fake.author = "office-li"
    fake.head_author = fake.head_committer = "office-li"
    fake.put(fake.head_sha, XIAN_APPLICATION, _application())
    _record(fake, XIAN_RESULT, text=RESULT)
    approve(fake, "shaanxi-qian", "office-li")
    audit(fake, client)
    assert statuses(fake) == [("pending", "已批准 1/2，待：大气重污染成因与治理攻关项目管理办公室")]


def test_application_approved_by_the_province_before_the_city_waits(fake, client):
    """On GitHub: the province's approval before the city's does not count until repeated."""
    _record(fake, XIAN_APPLICATION, text=_application())
    approve(fake, "shaanxi-qian", "xian-chen", "centre-wu", "office-li")
    audit(fake, client)
    assert statuses(fake)[-1] == ("pending", "已批准 3/4，待：陕西省生态环境厅")
    assert "（在城市同意之前的批准不计入，请在城市批准后重新批准）" in fake.comments[0].body
    approve(fake, "shaanxi-qian")
    audit(fake, client)
    assert statuses(fake)[-1] == ("success", "已批准 4/4")


def test_records_are_checked_against_the_book_at_the_head(fake, client):
    """On GitHub: a report whose plan item differs from the book's fails with the validator's words."""
    text = (ROOT / XIAN_REPORT).read_text(encoding="utf-8").replace(
        "开展 O3 生成敏感性分析", "开展 O3 敏感性分析", 1)
    _record(fake, XIAN_REPORT, text=text)
    approve(fake, "shaanxi-qian", "centre-wu")
    result = audit(fake, client)
    assert statuses(fake) == [("failure", "校验未通过：1 个错误，已批准 2/2")]
    assert [(d.file, d.code, d.pointer) for d in result.diagnostics] == [
        (XIAN_REPORT, "report-items", "/plan/0/item")]
