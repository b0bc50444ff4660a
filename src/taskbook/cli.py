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


@cli.command("export", context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--to", "target", type=click.Choice(["docx", "pdf"]), default=None,
              help="输出格式：docx（Word）或 pdf（需安装 LibreOffice）。默认按 -o 的扩展名，否则为 docx。")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help="输出文件（默认为当前文件夹下的 <城市>-taskbook.<格式>）。")
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
        done = export_book(path, target=target, output=output, profile=profile, force=force)
    except InvalidBook as error:
        click.echo(REPORTERS["text"](error.report), nl=False, err=True)
        click.echo(str(error), err=True)
        sys.exit(1)
    except ExportError as error:
        click.echo(f"导出失败：{error}", err=True)
        sys.exit(1)
    scope = "含个人信息，仅供内部打印签章" if profile == "internal" else "不含个人信息"
    click.echo(f"已导出 {done.output}（{target.upper()}，{scope}，{done.size // 1024} KiB）。")


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
