"""``taskbook import`` as one library call: read, convert, parse, place, write, validate.

Never prints and never exits. A document that gives nothing (not a Word file, not a task
book) is a :class:`Result` with ``written`` False and its diagnostics; a refusal that
depends on the command line (the file exists, a folder name is needed) is an
:class:`IntakeError` with a Chinese message and the exit status it calls for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskbook import files, paths
from taskbook.checker import Report
from taskbook.context import Context
from taskbook.diagnostics import Diagnostic
from taskbook.export import pdf
from taskbook.intake import document, slug
from taskbook.intake.parse import Imported, shape
from taskbook.intake.problems import Problems

KEPT = ("/schema_version", "/city/code", "/city/province", "/signing", "/changes")
"""What the printed book does not carry, kept from the book an import replaces (with
``--force``): the province only when the document does not name it."""


class IntakeError(Exception):
    """An import the command line must refuse; ``status`` is the exit status (1 or 2)."""

    def __init__(self, message: str, status: int = 1,
                 diagnostics: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class Result:
    """What an import did.

    Attributes:
        source: the Word file.
        output: the task book written (None when nothing was).
        report: the import's diagnostics (located in the Word file), then validate's
            (located in the task book).
        kept: the pointers kept from the book the import replaced.
    """

    source: Path
    output: Path | None
    report: Report
    kept: tuple[str, ...] = field(default=())

    @property
    def written(self) -> bool:
        """Whether a task book was written."""
        return self.output is not None


def document_bytes(data: bytes, name: str, problems: Problems, timeout: float) -> bytes | None:
    """The .docx to read: the file itself, or its conversion by LibreOffice (.doc, .wps,
    .rtf, .odt); None (with a diagnostic) when it cannot be had."""
    found = document.kind(data)
    if found == "docx":
        return data
    if not found:
        problems.document("import-unreadable", f"{name} 不是 Word 文档（.docx 或 .doc）。")
        return None
    try:
        return pdf.run_soffice(data, f"taskbook.{found}", "docx", timeout=timeout)
    except pdf.SofficeMissing:
        problems.document("import-libreoffice",
                          f"{name} 是 {found} 格式，须先用 LibreOffice 转换为 .docx，"
                          f"但没有找到 LibreOffice（soffice 命令，软件包 {pdf.PACKAGE}）。")
    except pdf.SofficeTimeout:
        problems.document("import-unreadable",
                          f"LibreOffice 转换 {name} 超过 {timeout:g} 秒仍未完成，已终止。")
    except pdf.SofficeFailed as error:
        problems.document("import-unreadable",
                          f"LibreOffice 未能转换 {name}（退出码 {error.returncode}）：{error.detail}。")
    return None


def read_document(path: Path, *, context: Context, province: str | None = None,
                  timeout: float = pdf.TIMEOUT) -> Imported:
    """Read and parse one Word file (converted first when it is not a .docx)."""
    display = path.as_posix()
    problems = Problems(display)
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.document("import-unreadable", f"无法打开 {display}（{error.strerror or error}）。")
        return Imported({}, "", tuple(problems.found), readable=False)
    docx = document_bytes(data, display, problems, timeout)
    if docx is None:
        return Imported({}, "", tuple(problems.found), readable=False)
    return document.read_docx(docx, display, context, province)


def _parties_slug(city: str) -> str | None:
    """The folder the parties file (``.github/parties.yml``) gives the city, if any."""
    from taskbook.audit.parties import PARTIES_FILE, read

    if not Path(PARTIES_FILE).is_file():
        return None
    parties, _ = read(PARTIES_FILE)
    if parties is None:
        return None
    return next((c.slug for c in parties.cities if c.name == city), None)


def _city_of(path: Path) -> str | None:
    """The city named by the book at ``path`` (None when it cannot be read)."""
    existing = _existing(path)
    city = (existing.get("city") or {}).get("name") if isinstance(existing.get("city"), dict) else None
    return city if isinstance(city, str) else None


def _existing(path: Path) -> dict[str, Any]:
    from taskbook.loader import read

    if not path.is_file():
        return {}
    try:
        loaded = read(path, frozenset())
    except OSError:
        return {}
    return dict(loaded.book.data) if loaded.book is not None else {}


def target(front: Mapping[str, Any], *, slug_option: str | None, root: Path) -> Path:
    """Where the book goes: ``<root>/<slug>/taskbook.md``.

    The slug is ``--slug``, else the parties file's for the city, else the city's pinyin;
    a folder already holding another city's book is never taken: the province's pinyin is
    added (泰州市 → taizhou-jiangsu), and failing that ``--slug`` is asked for.

    Raises:
        IntakeError: no usable folder name (status 2).
    """
    if slug_option is not None:
        if not paths.is_valid_slug(slug_option):
            raise IntakeError(f"--slug “{slug_option}”不符合要求：请用城市名的小写拼音字母（可含数字和连字符），"
                              "如 xian、shijiazhuang。", 2)
        return root / slug_option / paths.BOOK_NAME
    city_node = front.get("city") if isinstance(front.get("city"), Mapping) else {}
    assert isinstance(city_node, Mapping)
    city, province = city_node.get("name"), city_node.get("province")
    if not isinstance(city, str) or not city:
        raise IntakeError("无法从文件中读出城市名称，不知道写到哪个文件夹：请用 --slug 指定，如 --slug xian；"
                          "或用 -o 指定输出文件。", 2)
    chosen = _parties_slug(city)
    options = [chosen] if chosen else slug.candidates(city, province if isinstance(province, str) else None)
    taken = []
    for option in options:
        path = root / option / paths.BOOK_NAME
        other = _city_of(path)
        if other is None or other == city or not path.exists():
            return path
        taken.append(f"{path.as_posix()}（{other}）")
    raise IntakeError(f"按城市名拼音得到的文件夹已有其他城市的任务书：{'、'.join(taken) or city}。"
                      "请用 --slug 为本市另取一个文件夹名，如 --slug "
                      f"{(options[0] if options else 'xian')}-2。", 2)


def keep(front: dict[str, Any], existing: Mapping[str, Any], schema: Mapping[str, Any],
         context: Context) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Carry over what the printed book does not say from the book being replaced."""
    kept: list[str] = []
    merged = {key: (dict(value) if isinstance(value, dict) else value) for key, value in front.items()}
    for pointer in KEPT:
        head, _, leaf = pointer.strip("/").partition("/")
        old = existing.get(head)
        if leaf:
            old = old.get(leaf) if isinstance(old, Mapping) else None
        if old is None:
            continue
        if leaf:
            node = merged.setdefault(head, {})
            if isinstance(node, dict) and node.get(leaf) is None:
                node[leaf] = old
                kept.append(pointer)
        elif merged.get(head) is None:
            merged[head] = old
            kept.append(pointer)
    return shape(merged, schema, context.form), tuple(kept)


def import_book(path: Path, *, slug_option: str | None = None, output: Path | None = None,
                force: bool = False, province: str | None = None,
                root: Path = Path(paths.CITIES), timeout: float = pdf.TIMEOUT,
                context: Context | None = None) -> Result:
    """Import one Word task book into the repository.

    Args:
        path: the .docx (or .doc, converted by LibreOffice).
        slug_option: the city's folder name (default: from the city's name).
        output: the file to write instead of ``<root>/<slug>/taskbook.md``.
        force: replace an existing book (keeping what the printed book does not say).
        province: the province, when the document does not name it.
        root: the folder of the books.
        timeout: seconds LibreOffice may take for a .doc.

    Raises:
        IntakeError: the book exists (without ``force``), or no folder name can be had.
    """
    from taskbook.checker import validate

    context = context or Context.load()
    imported = read_document(path, context=context, province=province, timeout=timeout)
    if not imported.readable:
        return Result(path, None, Report(files=1, diagnostics=list(imported.diagnostics)))
    destination = output if output is not None else target(imported.front, slug_option=slug_option, root=root)
    if destination.is_dir():
        raise IntakeError(f"{destination} 是文件夹：请用 -o 指定一个文件名，如 -o {destination / paths.BOOK_NAME}。")
    exists = destination.exists() or destination.is_symlink()
    if exists and not force:
        raise IntakeError(f"{destination.as_posix()} 已存在，未覆盖：如确要用 Word 文件的内容替换它，请加 --force"
                          "（任务书中没有印在 Word 里的签章记录、任务调整记录和行政区划代码会保留）；"
                          "或用 -o 指定另一个文件名。", 1, imported.diagnostics)
    front: dict[str, Any] = imported.front
    kept: tuple[str, ...] = ()
    if exists:
        front, kept = keep(dict(imported.front), _existing(destination), context.schema.document, context)
    text = document.book_text(front, imported.body, path.name, context)
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        files.write_atomic(destination, text.encode("utf-8"), overwrite=force)
    except FileExistsError:
        raise IntakeError(f"{destination.as_posix()} 已存在，未覆盖：如确需覆盖请加 --force。") from None
    except OSError as error:
        raise IntakeError(f"写入 {destination.as_posix()} 失败（{error.strerror or error}）："
                          "请检查磁盘空间和文件夹权限后重试。") from None
    checked = validate([destination], context=context, jobs=1)
    report = Report(files=1, diagnostics=[*imported.diagnostics, *checked.diagnostics],
                    paths=[destination.as_posix()])
    return Result(path, destination, report, kept)
