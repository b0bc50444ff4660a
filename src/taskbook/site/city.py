"""One city's page, a renderer of the form model: cover, information table, 一 to 九.

Titles, labels, columns, notes and the 北京/天津 wording come from :data:`taskbook.form.FORM`;
values from the typed book. The information table is HTML (it needs the form's merged
cells) on the same grid as the printed book; the rest is Markdown. Every value is escaped
(:mod:`taskbook.site.markup`); only the book's body is passed on as Markdown, and the
build sanitizes its HTML afterwards.
"""

from __future__ import annotations

import json

from taskbook.context import Context
from taskbook.forking import map_indices
from taskbook.form import fold
from taskbook.form import model as m
from taskbook.form.grid import lay_out
from taskbook.form.values import fill, pointer_of, show
from taskbook.site.markup import HIDDEN, MISSING, h, h_lines, md, table
from taskbook.site.model import Entry, Pages, Profile, Site, province_file
from taskbook.site.reports import city_section

TERMS_FILE = "terms.md"
SEARCH_BOOST = 4
"""How much a city page outweighs other pages in search (``search: boost:``). With the
page's tags (its name, lead unit and participants, which the search index weighs above
titles and does not cut into words) a reader who types one of them in full gets the
city's page first, not an index that names it too (陕西省 in 陕西省环境科学研究院 matches
the title of the province's page)."""


def terms_anchor(variant: str) -> str:
    """The anchor of the wording of 三 that applies to a variant on the shared page."""
    return "tb-municipality" if variant == "municipal" else "tb-general"


class CityPage:
    """Renders one entry's page under one profile."""

    def __init__(self, entry: Entry, context: Context, profile: Profile) -> None:
        self.entry = entry
        self.book = entry.book
        self.context = context
        self.form = context.form
        self.profile = profile

    def words(self, text: m.Words) -> str:
        """A text of the form for this city."""
        return self.form.words(text, self.book.city.name, self.book.city.province)

    def value(self, field: m.Field, base: str = "", index: int | None = None) -> str:
        """One value, escaped for HTML; 不公开 for a private field in the public profile."""
        shown = show(field, self.book.front, base, index)
        if shown:
            return h_lines(shown)
        if self.profile == "public" and self.context.schema.is_private(pointer_of(field, base)):
            return f'<span class="tb-hidden">{HIDDEN}</span>'
        return MISSING

    def template(self, template: m.Template, base: str = "") -> str:
        """Running text with values, escaped for HTML."""
        def missing(field: m.Field, pointer: str) -> str:
            private = self.profile == "public" and self.context.schema.is_private(pointer)
            return HIDDEN if private else MISSING

        return h_lines(fill(template, self.book.front, base, missing))

    # --- the parts of the page ------------------------------------------------------
    def cover(self) -> list[str]:
        """The cover, as a block at the top of the page."""
        cover = self.form.cover
        rows = []
        for line in cover.lines:
            if line.value is None:
                continue  # a line to sign on paper
            value = (self.value(line.value) if isinstance(line.value, m.Field)
                     else self.template(line.value))
            rows.append(f'<div class="tb-cover-line"><span class="tb-cover-label">{h(line.label)}</span>'
                        f'<span class="tb-cover-value">{value}</span></div>')
        return ['<div class="tb-cover">',
                f'<p class="tb-cover-title">{h(self.form.title)}</p>', *rows,
                f'<p class="tb-cover-issuer">{h(cover.issuer)}　{h(cover.date)}</p>', "</div>", ""]

    def facts(self) -> list[str]:
        """Where the book stands: province, status, last update, downloads."""
        entry = self.entry
        lines = [
            f"- 省份：[{md(entry.province)}](../{province_file(entry.province)})",
            f"- 状态：[{md(entry.status.label)}](../status/{entry.status.key}.md)",
            f"- 更新日期：{md(entry.updated or MISSING)}",
        ]
        if entry.downloads:
            links = "，".join(f"[{md(d.label)}](../{d.path})" for d in entry.downloads)
            lines.append(f"- 下载：{links}")
        return [*lines, ""]

    def information_table(self) -> str:
        """跟踪研究工作信息表, on the same grid as the printed book."""
        info = self.form.table
        grid = lay_out(info, lambda pointer: len(self.book.at(pointer) or ()))
        total = sum(grid.widths)
        columns = "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in grid.widths)
        rows: list[list[str]] = [[] for _ in range(grid.height)]
        for placed in grid.cells:
            content = placed.cell.content
            span = (f' colspan="{placed.cols}"' if placed.cols > 1 else "") + (
                f' rowspan="{placed.rows}"' if placed.rows > 1 else "")
            if isinstance(content, m.Label):
                scope = "col" if placed.header else "rowgroup" if placed.rows > 1 else "row"
                vertical = ' class="tb-vertical"' if placed.cell.vertical else ""
                cell = f'<th scope="{scope}"{span}{vertical}>{h(content.printed)}</th>'
            elif isinstance(content, m.Field):
                cell = f"<td{span}>{self.value(content, placed.base, placed.index)}</td>"
            elif isinstance(content, m.Template):
                cell = f"<td{span}>{self.template(content, placed.base)}</td>"
            else:
                cell = f"<td{span}>{h(content)}</td>"
            rows[placed.row].append(cell)
        body = "\n".join("<tr>" + "".join(cells) + "</tr>" for cells in rows)
        return (f'<div class="tb-scroll"><table class="tb-form">'
                f"<caption>{h(info.title)}</caption><colgroup>{columns}</colgroup>\n"
                f"{body}\n</table></div>")

    def body(self) -> list[str]:
        """一 and 二 as the book writes them, under the form's exact titles and notes."""
        reading = self.context.reader.read(self.book.body, 1)
        lines = self.book.body.split("\n")  # as read: the reading's line numbers index it
        sections = {fold(s.heading): s for s in self.form.body_sections()}
        before: dict[int, list[str]] = {}
        replace: dict[int, str] = {}
        current: m.Section | None = None
        ends: list[tuple[int, m.Section]] = []
        for heading in reading.headings:
            index = heading.line - 1
            if heading.level == 2:
                if current is not None:
                    ends.append((index, current))
                current = sections.get(fold(heading.text))
                if current is not None:
                    replace[index] = f"## {md(current.heading)}"
                    if current.note is not None and current.note.kind == "label":
                        replace[index] += f"\n\n{md(current.note.text)}"
            elif heading.level == 3 and current is not None:
                lead = self._printed_before(current, heading.text)
                if lead:
                    before[index] = lead
        if current is not None:
            ends.append((len(lines), current))
        for index, section in ends:
            fixed = [md(n.text) for n in section.notes if n.kind == "fixed"]
            if fixed:
                before.setdefault(index, []).extend(fixed)
        out: list[str] = []
        for index in range(len(lines) + 1):
            for text in before.get(index, []):
                out += ["", text, ""]
            if index < len(lines):
                out.append(replace.get(index, lines[index]))
        return [*out, ""]

    def _printed_before(self, section: m.Section, title: str) -> list[str]:
        """Headings of the form that go before a part (二's 考核指标：), as a lead-in."""
        assert isinstance(section.content, m.Body)
        pending: list[str] = []
        for part in section.content.parts:
            if isinstance(part, m.Heading):
                note = part.note.text if part.note and part.note.kind == "label" else ""
                pending.append(f"**{md(part.title)}**{md(note)}")
            elif fold(part.title) in fold(title):
                return pending
            else:
                pending = []
        return []

    def duties(self, section: m.Section) -> list[str]:
        """三: same for every city but the 北京/天津 wording, on a shared page."""
        variant = self.form.variant(self.book.city.name)
        link = f"../{TERMS_FILE}#{terms_anchor(variant)}"
        return [f"## {md(section.heading)}", "",
                f"各城市相同（北京市、天津市的甲方和丁方另有表述），见[各方职责和共同条款]({link})。", ""]

    def list_table(self, section: m.Section, content: m.Table) -> list[str]:
        """四 or 七: one row per item, the model's columns."""
        rows = []
        for number in range(len(self.book.at(content.pointer) or ())):
            base = f"{content.pointer}/{number}"
            rows.append([md(show(c.field, self.book.front, base, number + 1)) for c in content.columns])
        out = [f"## {md(section.heading)}", "",
               table([md(c.label.printed) for c in content.columns], rows), ""]
        if content.pointer == "/quarters":
            out += self.timeline()
        return out

    def timeline(self) -> list[str]:
        """四's eight quarters as a timeline."""
        out = ["### 时间线", "", '<ol class="tb-timeline">']
        for number, quarter in enumerate(self.book.quarters, 1):
            period = show(m.Field("period", "period"), self.book.front, f"/quarters/{number - 1}")
            out.append(
                f'<li><span class="tb-timeline-step">第 {number} 季度</span>'
                f'<span class="tb-timeline-period">{h(period)}</span>'
                f'<span class="tb-timeline-plan">{h(quarter.plan)}</span>'
                f'<span class="tb-timeline-indicators">考核：{h(quarter.indicators)}</span></li>')
        return [*out, "</ol>", ""]

    def people(self, section: m.Section, people: m.People) -> list[str]:
        """五: one table a group (负责人 A then B, then the others); private columns only
        in the internal profile."""
        columns = [c for c in people.columns if self.profile == "internal"
                   or not self.context.schema.is_private(pointer_of(c.field, f"{people.pointer}/0"))]
        hidden = [c.label.text for c in people.columns if c not in columns]
        items = list(enumerate(self.book.at(people.pointer) or ()))
        out = [f"## {md(section.heading)}", ""]
        for group in people.groups:
            members = sorted((i for i, item in items if item.get(people.role) in group.roles),
                             key=lambda i: group.roles.index(items[i][1].get(people.role)))
            if not members:
                continue
            rows = [[md(show(c.field, self.book.front, f"{people.pointer}/{i}", n)) for c in columns]
                    for n, i in enumerate(members, 1)]
            out += [f"### {md(group.label.printed)}", "",
                    table([md(c.label.printed) for c in columns], rows), ""]
        if hidden:
            out += [f"{md('、'.join(hidden))}等个人信息不在公开网站显示。", ""]
        return out

    def signatures(self, section: m.Section, signatures: m.Signatures) -> list[str]:
        """六: who signs, and whether the signed book has been recorded."""
        variant = self.form.variant(self.book.city.name)
        record = self.book.signing
        out = [f"## {md(section.heading)}", ""]
        if record is None:
            out += ['<p class="tb-unsigned"><strong>尚未签章。</strong>纸质任务书签字盖章后，'
                    "由工作组在任务书中补录签章记录，经攻关项目管理办公室审核合并。</p>", ""]
        else:
            out += [f"签订日期：{md(record.date)}", ""]
        units = []
        for signatory in signatures.signatories:
            if variant not in signatory.variants:
                continue
            unit = (fill(signatory.unit, self.book.front) if isinstance(signatory.unit, m.Template)
                    else self.words(signatory.unit))
            units.append([md(self.words(signatory.party) or "〃"), md(unit.removesuffix("（公章）"))])
        out += [table(["签章方", "单位"], units), ""]
        if record is not None:
            out += [table(["签章方", "单位", "负责人"],
                          [[md(s.party), md(s.unit), md(s.signer)] for s in record.signers]), ""]
        if signatures.note is not None and self.words(signatures.note):
            out += [md(self.words(signatures.note)), ""]
        return out

    def funding(self, section: m.Section, certificate: m.Certificate) -> list[str]:
        """八: one row per funder's certificate, and the total."""
        rows = []
        for number, item in enumerate(self.book.funding, 1):
            rows.append([str(number), md(item.funder), md(show(m.Field("amount", "amount"),
                                                               self.book.front, f"/funding/{number - 1}")),
                         md(item.source)])
        total = show(m.Field("", "amount"), self.book.total_funding)
        return [f"## {md(section.heading)}", "",
                table(["序号", "出资单位", "金额（万元）", "资金来源"], rows), "",
                f"经费合计 **{md(total)}** 万元。每个出资单位出具一份{md(certificate.title)}。", ""]

    def terms(self, section: m.Section) -> list[str]:
        """九: the same for every city, on the shared page."""
        return [f"## {md(section.heading)}", "",
                f"各城市相同，见[各方职责和共同条款](../{TERMS_FILE}#tb-terms)。", ""]

    def section(self, section: m.Section) -> list[str]:
        """One of 三 to 九, with the fixed sentences of its notes."""
        content = section.content
        if isinstance(content, m.Duties):
            out = self.duties(section)
        elif isinstance(content, m.Table):
            out = self.list_table(section, content)
        elif isinstance(content, m.People):
            out = self.people(section, content)
        elif isinstance(content, m.Signatures):
            out = self.signatures(section, content)
        elif isinstance(content, m.Certificate):
            out = self.funding(section, content)
        elif isinstance(content, m.Terms):
            out = self.terms(section)
        else:
            return []
        return out + [md(n.text) + "\n" for n in section.notes if n.kind == "fixed"]

    def history(self) -> list[str]:
        """历史记录: approval, each change (共同条款 3) and the signing, oldest first."""
        out = ["## 历史记录", ""]
        if self.entry.history:
            out += [table(["日期", "事项", "内容", "说明"],
                          [[md(e.date), md(e.kind), md(e.summary), md(e.detail or MISSING)]
                           for e in self.entry.history]), ""]
        else:
            out += ["尚无记录。", ""]
        return out

    def front_matter(self) -> list[str]:
        """What search needs: the page's weight, and as tags the names a reader types in
        full to find the city (its name, lead unit and participants). The search index
        holds HTML, so each name is HTML-escaped; then written as a JSON string, which YAML
        reads as it is, so no value can break out of the front matter."""
        names = [self.book.city.name, self.book.lead_unit.name,
                 *(p.name for p in self.book.participants)]
        tags = json.dumps([h(n) for n in dict.fromkeys(n for n in names if n)], ensure_ascii=False)
        return ["---", "search:", f"  boost: {SEARCH_BOOST}", f"tags: {tags}", "---", ""]

    def render(self) -> str:
        """The page's Markdown."""
        lines = [*self.front_matter(), f"# {md(self.book.city.name)}", ""]
        lines += self.cover()
        lines += self.facts()
        lines += [f"## {md(self.form.table.title)}", "", self.information_table(), ""]
        lines += self.body()
        for section in self.form.sections:
            if not isinstance(section.content, m.Body):
                lines += self.section(section)
        lines += self.history()
        lines += city_section(self.entry, self.profile, self.entry.overdue_public)
        return "\n".join(lines)


def city_page(entry: Entry, context: Context, profile: Profile) -> str:
    """Return the Markdown of one city's page (``cities/<slug>.md``)."""
    return CityPage(entry, context, profile).render()


def pages(site: Site) -> Pages:
    """The page family of the city pages (rendered in forked workers when there are many:
    the pages are the bulk of a build's own work)."""
    items = list(site.items)

    def one(index: int) -> str:
        return city_page(items[index], site.context, site.profile)

    texts = map_indices(one, len(items))
    return {f"cities/{entry.slug}.md": text for entry, text in zip(items, texts, strict=True)}
