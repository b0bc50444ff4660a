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
def validate(paths: tuple[Path, ...], output_format: str, jobs: int | None,
             base: str | None) -> None:
    """校验任务书。PATHS 为文件或文件夹，默认 cities/。"""
    from taskbook.checker import DEFAULT_ROOT
    from taskbook.checker import validate as validate_books
    from taskbook.reporters import REPORTERS

    if not paths:
        if not Path(DEFAULT_ROOT).is_dir():
            raise click.UsageError("当前目录下没有 cities 文件夹：请在任务书仓库的根目录运行，或指定要校验的文件。")
        paths = (Path(DEFAULT_ROOT),)
    if base is None:
        report = validate_books(paths, jobs=jobs)
    else:  # the git comparison's module is loaded only when it is asked for
        from taskbook.changes import BaseError

        try:
            report = validate_books(paths, base=base, jobs=jobs)
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
    from taskbook.reporters import REPORTERS

    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if target is None:
        target = suffix if suffix in ("docx", "pdf") else "docx"
    elif suffix in ("docx", "pdf") and suffix != target:
        raise click.UsageError(f"--to {target} 与输出文件的扩展名 .{suffix} 不一致：请改正其中一个。")
    try:
        done = export_book(path, target=cast("Target", target), output=output,
                           profile=cast("Profile", profile), force=force)
    except InvalidBook as error:
        click.echo(REPORTERS["text"](error.report), nl=False, err=True)
        click.echo(str(error), err=True)
        sys.exit(1)
    except ExportError as error:
        click.echo(f"导出失败：{error}", err=True)
        sys.exit(1)
    scope = "含个人信息，仅供内部打印签章" if profile == "internal" else "不含个人信息"
    click.echo(f"已导出 {done.output}（{target.upper()}，{scope}，{done.size // 1024} KiB）。")
    if done.exposed:
        click.echo(f"警告：{done.output} 含身份证号码、手机号码等个人信息，而它在 git 仓库中且未被忽略，"
                   "“git add .” 会把它提交进拉取请求。请把它移出仓库，或导出到 exports/ 文件夹"
                   "（默认位置，已被 .gitignore 忽略）。", err=True)


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


@cli.command(context_settings=CONTEXT)
@click.option("--profile", type=click.Choice(["public", "internal"]), default="public",
              show_default=True, help="网站版本：public 公开（不含个人信息），internal 内部（含个人信息）。")
@click.option("--site-dir", "-d", type=click.Path(path_type=Path), default=None,
              help="网站输出目录（默认：公开版本为 site/，内部版本为 site-internal/）。")
@click.option("--config-file", "-f", type=click.Path(path_type=Path), default=Path("mkdocs.yml"),
              show_default=True, help="网站配置文件。")
@click.option("--strict", is_flag=True, help="有任何警告（如失效链接）即停止。")
@click.option("--verbose", "-v", is_flag=True, help="显示生成过程的详细信息。")
def build(profile: str, site_dir: Path | None, config_file: Path, strict: bool, verbose: bool) -> None:
    """校验 cities/ 中的任务书并生成网站。任务书有错误时不生成，并列出错误。"""
    from taskbook.site.build import SiteError, configure_logging
    from taskbook.site.build import build as build_site

    configure_logging(verbose)
    try:
        folder = build_site(config_file, profile=cast("Profile", profile), site_dir=site_dir, strict=strict)
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
