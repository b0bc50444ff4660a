"""``taskbook export`` as one library call: validate, lay out, write, convert, save.

Never prints and never exits: every refusal is an :class:`~taskbook.export.ExportError`
with a Chinese message (an invalid book is an :class:`InvalidBook` carrying the
validation report), which the CLI shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from taskbook import files, paths
from taskbook.book import TaskBook
from taskbook.checker import Report, check_paths
from taskbook.context import Context
from taskbook.export import ExportError, pdf
from taskbook.export.docx import render_bytes
from taskbook.export.layout import Profile

Target = Literal["docx", "pdf"]
TARGETS: tuple[str, ...] = ("docx", "pdf")


class InvalidBook(ExportError):
    """The book has errors; ``report`` holds the located diagnostics."""

    def __init__(self, report: Report) -> None:
        super().__init__(
            f"任务书有 {report.errors} 个错误，未导出：请按上面的提示修改后重新运行"
            "（可先用 taskbook validate 检查）。"
        )
        self.report = report


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    output: Path
    target: Target
    profile: Profile
    size: int
    exposed: bool = False
    """An internal document written where Git would commit it."""


EXPORTS = Path("exports")
"""Where documents go by default: a folder the repository's .gitignore leaves out."""


def default_output(book: TaskBook, target: Target) -> Path:
    """``cities/xian/taskbook.md`` → ``exports/xian-taskbook.<target>``."""
    slug = book.slug or paths.folder_name(book.path)
    return EXPORTS / f"{slug}-taskbook.{target}"


def load_valid_book(path: Path, context: Context) -> TaskBook:
    """Validate ``path`` (one task book, or a folder holding exactly one) and return it.

    Raises:
        InvalidBook: the book has errors (or could not be read).
        ExportError: the folder holds no book or several.
    """
    report = check_paths([path], context=context, keep_books=True, jobs=1)
    if report.failures:
        raise ExportError("\n".join(report.failures))
    if report.errors:
        raise InvalidBook(report)
    if len(report.books) != 1:
        raise ExportError(
            f"{path} 中有 {len(report.books)} 本任务书：请指定一个任务书文件，"
            "如 cities/shijiazhuang/taskbook.md。"
        )
    return report.books[0]


def refuse_overwrite(output: Path) -> ExportError:
    """The error for an existing output file."""
    return ExportError(f"输出文件 {output} 已存在，未覆盖：如确需覆盖请加 --force，或用 -o 指定另一个文件名。")


def write_atomic(output: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``output`` through a temporary file in the same folder.

    Readers see the old file or the whole new one, never a part. Without ``force`` an
    existing file is never replaced, even one that appears while the document is built.

    Raises:
        ExportError: the file exists (without ``force``), or the folder cannot be written.
    """
    if output.is_dir():
        raise ExportError(f"{output} 是文件夹：请用 -o 指定一个文件名，如 -o {output / 'taskbook.docx'}。")
    if output.exists() and not force:
        raise refuse_overwrite(output)
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"输出文件夹 {folder} 不存在：请先创建它，或用 -o 指定已有文件夹中的文件。")
    try:
        files.write_atomic(output, data, overwrite=force)
    except FileExistsError:
        raise refuse_overwrite(output) from None
    except OSError as error:
        raise ExportError(f"写入 {output} 失败（{error.strerror or error}），原有文件未改动："
                          "请检查磁盘空间和权限后重试。") from None


def export_book(
    path: Path,
    *,
    target: Target = "docx",
    output: Path | None = None,
    profile: Profile = "internal",
    force: bool = False,
    timeout: float = pdf.TIMEOUT,
) -> Exported:
    """Export one task book to the official .docx or PDF.

    Args:
        path: ``cities/<slug>/taskbook.md`` (or its folder).
        target: ``docx`` or ``pdf``.
        output: the file to write (default: ``exports/<slug>-taskbook.<target>``).
        profile: ``internal`` (every field) or ``public`` (no private field).
        force: replace an existing output file.
        timeout: seconds LibreOffice may take for the PDF.

    Raises:
        InvalidBook: the book does not validate.
        ExportError: anything else that stops the export, with a Chinese message.
    """
    if output is not None and output.exists() and not force:
        raise refuse_overwrite(output)  # before the work, not only after it
    context = Context.load()
    book = load_valid_book(path, context)
    default = output is None
    if output is None:
        output = default_output(book, target)
        if output.exists() and not force:
            raise refuse_overwrite(output)
    data = render_bytes(book, context, profile)
    if target == "pdf":
        data = pdf.convert(data, timeout=timeout)
    if default:
        output.parent.mkdir(exist_ok=True)
    write_atomic(output, data, force=force)
    exposed = profile == "internal" and not ignored_by_git(output)
    return Exported(output, target, profile, len(data), exposed)


def ignored_by_git(path: Path) -> bool:
    """False when ``path`` lies in a git work tree that does not ignore it (``git add .``
    would put it in a commit); True when ignored, outside any work tree, or without git."""
    import subprocess

    try:
        done = subprocess.run(["git", "check-ignore", "-q", "--", path.name], cwd=path.parent or ".",
                              capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return True
    return done.returncode != 1
