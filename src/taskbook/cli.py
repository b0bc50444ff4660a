"""The ``taskbook`` command: parse options, call one library function, report, exit.

Exit status: 0 no errors, 1 errors in the task books, 2 usage or internal error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from taskbook import __version__

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
def validate(paths: tuple[Path, ...], output_format: str, jobs: int | None) -> None:
    """校验任务书。PATHS 为文件或文件夹，默认 cities/。"""
    from taskbook.checker import DEFAULT_ROOT, check_paths
    from taskbook.reporters import REPORTERS

    if not paths:
        if not Path(DEFAULT_ROOT).is_dir():
            raise click.UsageError("当前目录下没有 cities 文件夹：请在任务书仓库的根目录运行，或指定要校验的文件。")
        paths = (Path(DEFAULT_ROOT),)
    report = check_paths(paths, jobs=jobs)
    click.echo(REPORTERS[output_format](report), nl=False)
    sys.exit(1 if report.errors else 0)


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
        folder = build_site(config_file, profile=profile, site_dir=site_dir, strict=strict)
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
        serve_site(config_file, profile=profile, dev_addr=dev_addr)
    except SiteError as error:
        click.echo(str(error), err=True)
        sys.exit(1)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; turn unexpected failures into exit status 2 with a Chinese message."""
    try:
        cli.main(args=argv, prog_name="taskbook", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return 2 if isinstance(error, click.UsageError) else 1
    except click.exceptions.Abort:
        click.echo("已取消。", err=True)
        return 2
    except SystemExit as done:
        return int(done.code or 0)
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        return 2
    except Exception as error:  # the last line of defence: never a traceback for users
        click.echo(f"taskbook 内部错误：{type(error).__name__}: {error}。"
                   "请把这条信息和所用的命令一起报告给维护者。", err=True)
        return 2
    return 0
