"""The ``taskbook`` command: parse options, call one library function, report, exit.

Exit status: 0 no errors, 1 errors in the task books, 2 usage or internal error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from taskbook import __version__

if TYPE_CHECKING:
    from taskbook.book import TaskBook
    from taskbook.context import Context
    from taskbook.export.service import Target
    from taskbook.site.model import Profile

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="taskbook")
def cli() -> None:
    """taskbook：“一市一策”驻点跟踪研究任务书的校验、发布与导出工具。"""


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "-f", "output_format", type=click.Choice(["text", "json", "github"]),
    default="text", show_default=True, help="输出格式：text 文本，json 机器可读，github 工作流注释。",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="并行进程数（默认为 CPU 核数）。")
@click.option("--base", "base", metavar="REF", default=None,
              help="与 git 版本 REF（如 origin/main）上的任务书比较：已审核的任务书改动后须追加任务调整记录，签章记录不得删除。")
@click.option("--today", default=None, envvar="TASKBOOK_TODAY",
              help="按哪一天检查季度执行情况报告（年-月-日，默认今天；也可用环境变量 TASKBOOK_TODAY）。")
def validate(paths: tuple[Path, ...], output_format: str, jobs: int | None,
             base: str | None, today: str | None) -> None:
    """校验任务书。PATHS 为文件或文件夹，默认 cities/。"""
    from taskbook.checker import DEFAULT_ROOT
    from taskbook.checker import validate as validate_books
    from taskbook.reporters import REPORTERS

    if not paths:
        if not Path(DEFAULT_ROOT).is_dir():
            raise click.UsageError("当前目录下没有 cities 文件夹：请在任务书仓库的根目录运行，或指定要校验的文件。")
        paths = (Path(DEFAULT_ROOT),)
    from taskbook.context import Context
    from taskbook.lifecycle.dates import check_date

    try:
        context = Context.load(today=check_date(today))
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    if base is None:
        report = validate_books(paths, jobs=jobs, context=context)
    else:  # the git comparison's module is loaded only when it is asked for
        from taskbook.changes import BaseError

        try:
            report = validate_books(paths, base=base, jobs=jobs, context=context)
        except BaseError as error:
            raise click.UsageError(str(error)) from error
    click.echo(REPORTERS[output_format](report), nl=False)
    for failure in report.failures:
        click.echo(failure, err=True)
    sys.exit(2 if report.failures else 1 if report.errors else 0)


@cli.command("export", context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--to", "target", type=click.Choice(["docx", "pdf"]), default=None,
              help="输出格式：docx（Word）或 pdf（需安装 LibreOffice）。默认按 -o 的扩展名，否则为 docx。")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="输出文件（默认为 exports/<城市>-taskbook.<格式>，该文件夹不会被提交）。")
@click.option("--profile", type=click.Choice(["internal", "public"]), default="internal",
              show_default=True, help="internal 含全部个人信息（供打印签章）；public 不含任何个人信息。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它。")
def export_command(path: Path, target: str | None, output: Path | None, profile: str,
                   force: bool) -> None:
    """导出可打印、签章的正式任务书（Word 或 PDF）。PATH 为 cities/<城市>/taskbook.md。"""
    from taskbook.export import ExportError
    from taskbook.export.service import InvalidBook, export_book
    from taskbook.lifecycle.paths import folder_of
    from taskbook.reporters import REPORTERS

    record = folder_of(path.as_posix()) is not None  # lifecycle: a report or an application
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if target is None:
        target = suffix if suffix in ("docx", "pdf") else "docx"
    elif suffix in ("docx", "pdf") and suffix != target:
        raise click.UsageError(f"--to {target} 与输出文件的扩展名 .{suffix} 不一致：请改正其中一个。")
    if record and target != "docx":
        raise click.UsageError("季度执行情况报告和验收申请只能导出为 Word（docx）文件。")
    try:
        if record:
            from taskbook.export.report import export_record

            written = export_record(path, output=output, profile=cast("Profile", profile), force=force)
        else:
            done = export_book(path, target=cast("Target", target), output=output,
                               profile=cast("Profile", profile), force=force)
    except InvalidBook as error:
        click.echo(REPORTERS["text"](error.report), nl=False, err=True)
        click.echo(str(error), err=True)
        sys.exit(1)
    except ExportError as error:
        click.echo(f"导出失败：{error}", err=True)
        sys.exit(1)
    if record:
        click.echo(f"已导出 {written}（DOCX）。")
        return
    scope = "含个人信息，仅供内部打印签章" if profile == "internal" else "不含个人信息"
    click.echo(f"已导出 {done.output}（{target.upper()}，{scope}，{done.size // 1024} KiB）。")
    if done.exposed:
        click.echo(f"警告：{done.output} 含身份证号码、手机号码等个人信息，而它在 git 仓库中且未被忽略，"
                   "“git add .” 会把它提交进拉取请求。请把它移出仓库，或导出到 exports/ 文件夹"
                   "（默认位置，已被 .gitignore 忽略）。", err=True)


@cli.command("import", context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--slug", default=None, metavar="SLUG",
              help="城市文件夹名（小写拼音，如 xian）。默认取审核各方文件中本市的文件夹名，没有时按城市名拼音生成。")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="写到这个文件，而不是 cities/<城市>/taskbook.md。")
@click.option("--province", default=None, metavar="省份",
              help="省份全称，如 陕西省：签章页没有写明“某某省生态环境厅”时必须给出。")
@click.option("--force", is_flag=True,
              help="任务书已存在时用 Word 文件的内容替换它（保留签章记录、任务调整记录和行政区划代码）。")
@click.option("--format", "-f", "output_format", type=click.Choice(["text", "json", "github"]),
              default="text", show_default=True, help="检查结果的输出格式，同 taskbook validate。")
def import_command(path: Path, slug: str | None, output: Path | None, province: str | None,
                   force: bool, output_format: str) -> None:
    """从 Word 文件（.docx，或经 LibreOffice 转换的 .doc）导入任务书，写成 cities/<城市>/taskbook.md 并检查。

    各项按任务书表格中的栏目名称找到；对应不到任何栏目的文字会逐条列出（第几个表格、第几行、第几格），不会猜测。已有的任务书不会被覆盖，除非加 --force。

    退出状态：0 已导入且检查通过；1 已导入但有错误要改（或文件已存在，未改动）；2 文件读不出任务书，或不知道写到哪里，没有写入任何文件。
    """
    from taskbook.intake.service import IntakeError, import_book
    from taskbook.reporters import REPORTERS

    if province is not None and not province.strip():
        raise click.UsageError("--province 不能为空，如 --province 陕西省。")
    report = REPORTERS[output_format]
    try:
        result = import_book(path, slug_option=slug, output=output, force=force, province=province)
    except IntakeError as error:
        if error.diagnostics:
            from taskbook.checker import Report

            click.echo(report(Report(files=1, diagnostics=list(error.diagnostics))), nl=False, err=True)
        click.echo(f"导入失败：{error}", err=True)
        sys.exit(error.status)
    if result.output is None:
        click.echo(report(result.report), nl=False)
        click.echo(f"未能从 {path} 读出任务书，没有写入任何文件。", err=True)
        sys.exit(2)
    written = result.output.as_posix()
    click.echo(f"已将 {path} 导入为 {written}。", err=output_format != "text")
    if result.kept:
        click.echo(f"沿用了原任务书中 Word 文件没有的内容：{'、'.join(result.kept)}。", err=output_format != "text")
    click.echo(report(result.report), nl=False)
    if result.report.errors:
        click.echo(f"请按上面的提示修改 {written}（或改正 Word 文件后加 --force 重新导入），"
                   f"再运行 taskbook validate {written} 检查。", err=True)
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@click.option("--repo", required=True, metavar="OWNER/NAME", help="仓库，如 example-org/taskbook。")
@click.option("--pr", "number", required=True, type=click.IntRange(min=1), help="拉取请求编号。")
@click.option("--dry-run", is_flag=True, help="只打印审核结果，不写提交状态和评论。")
@click.option("--head-sha", metavar="SHA", default=None,
              help="只在拉取请求的最新提交为 SHA 时审核（工作流用它丢弃过时的结果）。")
def audit(repo: str, number: int, dry_run: bool, head_sha: str | None) -> None:
    """联合审核拉取请求：设置提交状态 joint-audit 并更新审核评论。

    令牌取自环境变量 GITHUB_TOKEN，API 地址取自 GITHUB_API_URL（默认 https://api.github.com）。
    """
    import os
    import re

    from taskbook.audit.github import DEFAULT_API, AuditError, audit_pull_request, connect

    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repo):
        raise click.UsageError(f"--repo 应为“所有者/仓库名”，如 example-org/taskbook，现为 {repo}。")
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        raise click.UsageError("没有设置环境变量 GITHUB_TOKEN：请设置有读取拉取请求权限的令牌。")
    client = connect(token, os.environ.get("GITHUB_API_URL") or DEFAULT_API)
    try:
        result = audit_pull_request(client, repo, number, dry_run=dry_run, expected_head=head_sha)
    except AuditError as error:
        raise click.ClickException(str(error)) from error
    if result.outcome is None:
        click.echo(f"拉取请求 #{number} 已有更新的提交 {result.head_sha[:12]}，本次结果已过时，跳过。")
        return
    if dry_run:
        click.echo(result.outcome.comment, nl=False)
    actions = {"created": "已发表审核评论", "edited": "已更新审核评论",
               "unchanged": "审核评论无变化", "dry-run": "试运行，未写入"}
    click.echo(f"joint-audit: {result.outcome.state}（{result.outcome.description}）；"
               f"{actions[result.action]}。")


@cli.command(context_settings=CONTEXT)
@click.option("--check", is_flag=True, help="只检查 .github/CODEOWNERS 是否与审核各方文件一致，不一致时退出码为 1。")
@click.option("--force", is_flag=True, help="覆盖不是本命令生成的 CODEOWNERS。")
def codeowners(check: bool, force: bool) -> None:
    """根据 .github/parties.yml 生成 .github/CODEOWNERS（在仓库根目录运行）。"""
    from taskbook.audit import codeowners as generated
    from taskbook.audit.parties import PARTIES_FILE, read

    parties, problems = read(PARTIES_FILE)
    if parties is None:
        for d in problems:
            click.echo(f"{d.file}:{d.line}:{d.column}: {d.severity}: {d.message} [{d.code}]", err=True)
        raise click.ClickException(f"无法读取 {PARTIES_FILE}，请先改正上面的问题。")
    target = Path(generated.CODEOWNERS_FILE)
    if check:
        if not generated.is_current(parties, target):
            raise click.ClickException(
                f"{target} 与 {PARTIES_FILE} 不一致：请运行 taskbook codeowners 重新生成并提交。")
        click.echo(f"{target} 与 {PARTIES_FILE} 一致。")
        return
    if not force and not generated.is_generated(target):
        raise click.ClickException(f"{target} 不是由本命令生成的；如确定要覆盖，请加 --force。")
    generated.write(parties, target)
    click.echo(f"已生成 {target}。")


@cli.command(context_settings=CONTEXT)
@click.argument("slug")
@click.option("--city", "city_name", required=True, help="城市全称，如 西安市。")
@click.option("--province", required=True, help="省、直辖市或自治区全称，如 陕西省、北京市。")
@click.option("--seq", type=int, required=True, help="工作组清单中的城市序号（1–99），即任务编号的最后两位。")
@click.option("--code", default=None, help="六位行政区划代码（选填），如 610100。")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("cities"),
              show_default=True, help="任务书所在的文件夹。")
def new(slug: str, city_name: str, province: str, seq: int, code: str | None, root: Path) -> None:
    """生成新城市的任务书模板 ROOT/SLUG/taskbook.md。

    SLUG 为城市名的小写拼音，如 xian。模板列出全部字段及任务书表格中的名称和填写要求，已知的内容（任务编号、任务名称、起止时间、城市、8 个季度）已填好，其余留空，taskbook validate 会逐项报“待填写”。已有的文件不会被覆盖。

    退出状态：0 已生成；1 文件已存在，或该城市、城市序号已有任务书（未改动）；2 参数不对（如文件夹名不是小写拼音）。
    """
    from taskbook import skeleton

    city = skeleton.City(city_name, province, seq, code)
    try:
        target = skeleton.write(root, slug, city)
    except skeleton.BookExists as error:
        raise click.ClickException(str(error)) from None
    except skeleton.SkeletonError as error:
        raise click.UsageError(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"无法写入 {root / slug}：{error.strerror or error}。请检查文件夹权限。") from None
    click.echo(f"已生成 {target.as_posix()}。请逐项填写空着的字段，然后运行 taskbook validate {target.as_posix()} 检查。")


# --- Lifecycle (issue 12): quarterly execution reports and the joint centre's summary ---
def _valid_book(root: Path, slug: str, refusal: str) -> tuple[Path, TaskBook, Context]:
    """The city's book, checked; its diagnostics and ``refusal`` (exit 1) when it has errors."""
    from taskbook.checker import check_paths
    from taskbook.context import Context
    from taskbook.reporters import REPORTERS

    book_file = root / slug / "taskbook.md"
    if not book_file.is_file():
        raise click.UsageError(f"找不到任务书 {book_file.as_posix()}：请核对城市文件夹名（小写拼音），如 xian。")
    context = Context.load()
    report = check_paths([book_file], context=context, keep_books=True, jobs=1)
    books = [b for b in report.books if b.path == book_file.as_posix()]
    if not books:
        click.echo(REPORTERS["text"](report), nl=False, err=True)
        raise click.ClickException(refusal)
    return book_file, books[0], context


@cli.command("new-report", context_settings=CONTEXT)
@click.argument("slug")
@click.argument("quarter", type=click.IntRange(1, 8))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("cities"),
              show_default=True, help="任务书所在的文件夹。")
def new_report(slug: str, quarter: int, root: Path) -> None:
    """生成第 QUARTER 季度（1–8）的执行情况报告 ROOT/SLUG/reports/QUARTER.md。

    按任务书“四、季度计划及季度目标”中该季度的计划和考核指标（按换行和“；”拆分）逐项列出，供填写完成情况；下季度工作计划先填入任务书下一季度的计划。已有的文件不会被覆盖。
    """
    from taskbook.lifecycle import skeleton

    book_file, book, context = _valid_book(root, slug, "任务书有错误，请先改正后再生成季度执行情况报告。")
    try:
        target = skeleton.write(book, quarter, context)
    except skeleton.ReportExists as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        folder = (book_file.parent / "reports").as_posix()
        raise click.ClickException(f"无法写入 {folder}：{error.strerror or error}。请检查文件夹权限。") from None
    if book.signing is None:
        click.echo(f"注意：任务书 {book_file.as_posix()} 还没有签章记录，签章后才能报送执行情况报告。", err=True)
    click.echo(f"已生成 {target.as_posix()}。请逐项填写完成情况和统计报表，然后运行 taskbook validate {target.as_posix()} 检查。")


@cli.command("new-application", context_settings=CONTEXT)
@click.argument("slug")
@click.option("--round", "round_", type=click.IntRange(1, 9), default=1, show_default=True,
              help="第几次申请验收（验收未通过或需要复议后再次申请时加 1）。")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("cities"),
              show_default=True, help="任务书所在的文件夹。")
def new_application(slug: str, round_: int, root: Path) -> None:
    """生成验收申请 ROOT/SLUG/acceptance/application-ROUND.md。

    按任务书“二、预期成果及考核指标”逐项列出预期成果、约束性指标和可预期指标，供填写完成情况及证明材料。已有的文件不会被覆盖。
    """
    from taskbook.lifecycle import skeleton

    book_file, book, context = _valid_book(root, slug, "任务书或报告有错误，请先改正后再生成验收申请。")
    try:
        target = skeleton.write_application(book, round_, context)
    except skeleton.ReportExists as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"无法写入 {book_file.parent / 'acceptance'}：{error.strerror or error}。") from None
    click.echo(f"已生成 {target.as_posix()}。请逐项写明完成情况及证明材料，然后运行 taskbook validate {target.as_posix()} 检查；"
               "提交后须城市最先批准。")


@cli.command(context_settings=CONTEXT)
@click.option("--quarter", "-q", type=click.IntRange(1, 8), required=True, help="季度（1–8）。")
@click.option("--province", "-p", default=None, help="只汇总一个省，如 河北省。")
@click.option("--to", "target", type=click.Choice(["xlsx", "docx"]), default=None,
              help="输出格式：xlsx（Excel，每省一页加合计）或 docx（Word）。默认按 -o 的扩展名，否则为 xlsx。")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="输出文件（默认为 exports/summary-<季度>[-<省份>].<格式>）。")
@click.option("--today", default=None, envvar="TASKBOOK_TODAY",
              help="按哪一天判断逾期（年-月-日，默认今天；也可用环境变量 TASKBOOK_TODAY）。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它。")
def summary(quarter: int, province: str | None, target: str | None, output: Path | None,
            today: str | None, force: bool) -> None:
    """攻关联合中心的季度执行情况汇总：每个城市一行（完成情况、考核指标、共享成果、逾期），统计报表按资金来源合计。"""
    from taskbook.checker import DEFAULT_ROOT, check_paths
    from taskbook.context import Context
    from taskbook.export import ExportError
    from taskbook.export.service import EXPORTS, write_atomic
    from taskbook.lifecycle import summary as compiled
    from taskbook.lifecycle.dates import check_date
    from taskbook.lifecycle.programme import PROGRAMME_FILE
    from taskbook.lifecycle.programme import read as read_programme
    from taskbook.reporters import REPORTERS

    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    target = target or (suffix if suffix in ("xlsx", "docx") else "xlsx")
    try:
        date = check_date(today)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    if not Path(DEFAULT_ROOT).is_dir():
        raise click.UsageError("当前目录下没有 cities 文件夹：请在任务书仓库的根目录运行。")
    context = Context.load(today=date)
    report = check_paths([DEFAULT_ROOT], context=context, keep_books=True)
    if report.errors:
        click.echo(REPORTERS["text"](report), nl=False, err=True)
        raise click.ClickException("任务书或报告有错误，请先改正后再汇总。")
    programme, problems = read_programme(PROGRAMME_FILE, context.records.programme)
    if problems:
        raise click.ClickException(f"{PROGRAMME_FILE} 有误：{problems[0].message}")
    made = compiled.compile_summary(report.books, report.records, quarter, date, programme,
                                    province=province)
    if province is not None and not made.rows:
        raise click.UsageError(f"没有“{province}”已签章的任务书：请写省份全称，如 河北省。")
    data = compiled.to_xlsx(made) if target == "xlsx" else compiled.to_docx(made)
    if output is None:
        EXPORTS.mkdir(exist_ok=True)
        output = EXPORTS / f"summary-{quarter}{'-' + province if province else ''}.{target}"
    try:
        write_atomic(output, data, force=force)
    except ExportError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"已写出 {output}（第 {quarter} 季度，{len(made.rows)} 个城市，{target.upper()}）。")


@cli.command(context_settings=CONTEXT)
@click.option("--profile", type=click.Choice(["public", "internal"]), default="public",
              show_default=True, help="网站版本：public 公开（不含个人信息），internal 内部（含个人信息）。")
@click.option("--site-dir", "-d", type=click.Path(path_type=Path), default=None,
              help="网站输出目录（默认：公开版本为 site/，内部版本为 site-internal/）。")
@click.option("--config-file", "-f", type=click.Path(path_type=Path), default=Path("mkdocs.yml"),
              show_default=True, help="网站配置文件。")
@click.option("--site-url", default=None, metavar="URL",
              help="网站的发布地址，如 https://example.github.io/taskbook/（默认：mkdocs.yml 的 "
                   "site_url，即环境变量 TASKBOOK_SITE_URL）；站点地图和子路径下的 404 页面需要它。")
@click.option("--strict", is_flag=True, help="有任何警告（如失效链接）即停止。")
@click.option("--verbose", "-v", is_flag=True, help="显示生成过程的详细信息。")
def build(profile: str, site_dir: Path | None, config_file: Path, site_url: str | None,
          strict: bool, verbose: bool) -> None:
    """校验 cities/ 中的任务书并生成网站。任务书有错误时不生成，并列出错误。"""
    from taskbook.site.build import SiteError, configure_logging
    from taskbook.site.build import build as build_site

    configure_logging(verbose)
    try:
        folder = build_site(config_file, profile=cast("Profile", profile), site_dir=site_dir,
                            strict=strict, site_url=site_url)
    except SiteError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    note = "（内部版本，含个人信息，请勿外传）" if profile == "internal" else "（公开版本）"
    click.echo(f"网站已生成到 {folder}{note}。")


@cli.command(context_settings=CONTEXT)
@click.option("--profile", type=click.Choice(["public", "internal"]), default="public",
              show_default=True, help="网站版本：public 公开，internal 内部（含个人信息）。")
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True,
              help="预览服务的地址和端口。")
@click.option("--config-file", "-f", type=click.Path(path_type=Path), default=Path("mkdocs.yml"),
              show_default=True, help="网站配置文件。")
def serve(profile: str, dev_addr: str, config_file: Path) -> None:
    """在本机预览网站；修改任务书后页面自动刷新。按 Ctrl+C 停止。"""
    from taskbook.site.build import SiteError, configure_logging
    from taskbook.site.build import serve as serve_site

    configure_logging(verbose=True)
    click.echo(f"预览地址：http://{dev_addr}/（按 Ctrl+C 停止）")
    try:
        serve_site(config_file, profile=cast("Profile", profile), dev_addr=dev_addr)
    except SiteError as error:
        click.echo(str(error), err=True)
        sys.exit(1)


_CLICK_PHRASES = (
    ("No such option", "没有这个选项"),
    ("No such command", "没有这个命令"),
    ("Missing option", "缺少选项"),
    ("Missing argument", "缺少参数"),
    ("Missing parameter", "缺少参数"),
    ("Invalid value for", "参数值无效："),
    ("Got unexpected extra arguments", "多余的参数"),
    ("Got unexpected extra argument", "多余的参数"),
    ("is not one of", "不是以下之一："),
    ("is not a valid integer", "不是整数"),
    ("is not in the range", "不在范围内"),
    ("Did you mean", "是否想用"),
    ("Option", "选项"),
    ("requires an argument", "需要一个值"),
)


def _chinese(message: str) -> str:
    """Translate click's usage messages, which are English, phrase by phrase."""
    for english, chinese in _CLICK_PHRASES:
        message = message.replace(english, chinese)
    return message


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; turn unexpected failures into exit status 2 with a Chinese message."""
    try:
        cli.main(args=argv, prog_name="taskbook", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "taskbook"
        click.echo(f"用法错误：{_chinese(error.format_message())}\n请运行 {command} --help 查看用法。", err=True)
        return 2
    except click.ClickException as error:
        click.echo(f"错误：{error.format_message()}", err=True)
        return 1
    except click.exceptions.Abort:
        click.echo("已取消。", err=True)
        return 2
    except SystemExit as done:
        return int(done.code or 0)
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        return 2
    except OSError as error:  # a file or folder the command needed: say which, in Chinese
        from taskbook.oserrors import reason

        where = f" {error.filename}" if error.filename else ""
        click.echo(f"错误：无法访问{where}：{reason(error)}。请检查该路径是否存在、是否有权限，然后重试。", err=True)
        return 2
    except Exception as error:  # the last line of defence: never a traceback for users
        click.echo(f"taskbook 内部错误：{type(error).__name__}: {error}。"
                   "请把这条信息和所用的命令一起报告给维护者。", err=True)
        return 2
    return 0
