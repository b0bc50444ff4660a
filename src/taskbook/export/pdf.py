"""PDF through LibreOffice headless: ``soffice --headless --convert-to pdf``.

Each conversion gets its own LibreOffice profile folder, so it neither disturbs nor waits
for a LibreOffice the user has open, and conversions can run side by side. A fontconfig
file maps 宋体/黑体 (and SimSun/SimHei) to Noto Serif/Sans CJK SC where Windows fonts are
not installed; without it LibreOffice falls back to a Japanese face.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from taskbook.export import ExportError

PACKAGE = "libreoffice-writer"
TIMEOUT = 180.0
_FONTS = (
    ("宋体", "Noto Serif CJK SC"),
    ("SimSun", "Noto Serif CJK SC"),
    ("黑体", "Noto Sans CJK SC"),
    ("SimHei", "Noto Sans CJK SC"),
)


def find_soffice() -> str | None:
    """Return the path of LibreOffice's ``soffice`` (or ``libreoffice``) on PATH."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def fontconfig() -> str:
    """A fontconfig file: the system configuration plus the Chinese font aliases."""
    # Assign (not just prefer) the family, and the Simplified Chinese language, so the SC
    # face of the Noto collection is chosen rather than the Japanese one.
    aliases = "".join(
        f'<match target="pattern"><test name="family"><string>{name}</string></test>'
        f'<edit name="family" mode="assign" binding="strong"><string>{face}</string></edit>'
        f'<edit name="lang" mode="assign" binding="strong"><string>zh-cn</string></edit></match>'
        for name, face in _FONTS
    )
    return (
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"{aliases}</fontconfig>\n"
    )


def version(soffice: str) -> str:
    """LibreOffice's version and build, for cache keys: ``versionrc`` beside the program
    (read, not run), else ``soffice --version``; empty when neither answers."""
    program = Path(os.path.realpath(soffice)).parent
    for name in ("versionrc", "version.ini"):
        try:
            return f"{program}\n" + (program / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    try:
        return subprocess.run([soffice, "--version"], capture_output=True, text=True,
                              timeout=60, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


class SofficeMissing(ExportError):
    """LibreOffice's ``soffice`` is not on PATH."""


class SofficeTimeout(ExportError):
    """LibreOffice took longer than allowed and was stopped."""


class SofficeFailed(ExportError):
    """LibreOffice ended without writing the converted file."""

    def __init__(self, returncode: int | None, detail: str) -> None:
        super().__init__(f"LibreOffice 转换失败（退出码 {returncode}）：{detail}")
        self.returncode = returncode
        self.detail = detail


def _soffice(sources: list[Path], target: str, outdir: Path, work: Path, timeout: float,
             soffice: str | None = None) -> tuple[int, str]:
    """Run one LibreOffice headless over ``sources``: its own profile and fontconfig file in
    ``work``, its own process group (ended on timeout). Returns (exit status, last error line).

    Raises:
        SofficeMissing: LibreOffice is not installed.
        SofficeTimeout: it took longer than ``timeout`` seconds.
    """
    soffice = soffice or find_soffice()
    if soffice is None:
        raise SofficeMissing(f"未找到 LibreOffice（soffice 命令）。请安装 {PACKAGE} 软件包。")
    (work / "fonts.conf").write_text(fontconfig(), encoding="utf-8")
    command = [
        soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless", "--norestore", "--convert-to", target, "--outdir", str(outdir),
        *map(str, sources),
    ]
    environment = {**os.environ, "FONTCONFIG_FILE": str(work / "fonts.conf")}
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment,
        cwd=work, start_new_session=True,
    )
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise SofficeTimeout(f"LibreOffice 转换超过 {timeout:g} 秒仍未完成，已终止。") from None
    detail = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return process.returncode, detail[0]


def convert_many(sources: list[Path], outdir: Path, *, soffice: str | None = None,
                 timeout: float | None = None) -> None:
    """Convert several .docx files to PDF in one LibreOffice process.

    Starting LibreOffice costs about a second; converting a task book a sixth of that, so
    a build converts its books in batches, one LibreOffice a core. Each ``a.docx`` becomes
    ``outdir/a.pdf``; a file LibreOffice could not convert is simply missing there, and the
    caller decides.

    Raises:
        ExportError: LibreOffice is missing, or the batch took longer than ``timeout``
            seconds (default: :data:`TIMEOUT` plus ten seconds a file).
    """
    limit = timeout if timeout is not None else TIMEOUT + 10.0 * len(sources)
    with tempfile.TemporaryDirectory(prefix="taskbook-pdf-") as folder:
        try:
            _soffice(sources, "pdf", outdir, Path(folder), limit, soffice)
        except SofficeMissing:
            raise ExportError(f"未找到 LibreOffice（soffice 命令），无法生成 PDF。请安装 {PACKAGE} 软件包。") from None
        except SofficeTimeout:
            raise ExportError(f"LibreOffice 转换 {len(sources)} 份 PDF 超过 {limit:g} 秒仍未完成，已终止。") from None


def run_soffice(data: bytes, name: str, target: str, *, timeout: float = TIMEOUT) -> bytes:
    """Convert a document (its bytes, saved as ``name``) with LibreOffice headless.

    The PDF export and the Word import (.doc → .docx) both convert through here.

    Args:
        data: the document.
        name: the file name to give it (its extension tells LibreOffice the format).
        target: the ``--convert-to`` argument (``pdf``, ``docx``); the part before ``:``
            is the extension of the converted file.
        timeout: seconds LibreOffice may take.

    Raises:
        SofficeMissing, SofficeTimeout, SofficeFailed: the subclasses of ExportError that
            callers turn into their own Chinese message.
    """
    with tempfile.TemporaryDirectory(prefix="taskbook-soffice-") as folder:
        work = Path(folder)
        source = work / name
        source.write_bytes(data)
        returncode, detail = _soffice([source], target, work / "out", work, timeout)
        result = work / "out" / f"{source.stem}.{target.split(':')[0]}"
        if returncode != 0 or not result.is_file():
            raise SofficeFailed(returncode, detail)
        return result.read_bytes()


def convert(docx: bytes, *, timeout: float = TIMEOUT) -> bytes:
    """Convert a .docx (as bytes) to PDF bytes.

    Raises:
        ExportError: LibreOffice is not installed, took longer than ``timeout`` seconds,
            or produced no PDF. The message is Chinese and names the fix.
    """
    try:
        return run_soffice(docx, "taskbook.docx", "pdf", timeout=timeout)
    except SofficeMissing:
        raise ExportError(
            f"未找到 LibreOffice（soffice 命令），无法生成 PDF。请安装 {PACKAGE} 软件包"
            f"（Debian/Ubuntu：sudo apt-get install {PACKAGE} fonts-noto-cjk），"
            "或改用 --to docx 导出 Word 文件后自行转换。"
        ) from None
    except SofficeTimeout:
        raise ExportError(
            f"LibreOffice 转换 PDF 超过 {timeout:g} 秒仍未完成，已终止。"
            "请关闭其他正在运行的 LibreOffice 后重试，或改用 --to docx。"
        ) from None
    except SofficeFailed as error:
        raise ExportError(
            f"LibreOffice 未能生成 PDF（退出码 {error.returncode}）：{error.detail}。"
            f"请确认 {PACKAGE} 安装完整，或改用 --to docx。"
        ) from None
