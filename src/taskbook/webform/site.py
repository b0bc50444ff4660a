"""The 在线填写 page's files, for the MkDocs plugin (or any engine that takes files).

:func:`render` is pure: the page's Markdown, ``form.json`` (the form's description and the
site's settings), the page's scripts and style, and the archive of the page's Python;
:func:`copies` names the vendored Pyodide files, which are copied as they are. Everything
lives under ``fill/``, the scope of the page's service worker. :func:`inject` adds the
page's script and style to that one page, so Pyodide is never loaded elsewhere.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from taskbook.context import Context
from taskbook.webform import bundle
from taskbook.webform.describe import describe
from taskbook.webform.vendor import Vendor

PAGE = "fill.md"
FOLDER = "fill"
ASSETS = ("fill.js", "form.js", "worker.js", "sw.js", "fill.css")
API = "../api/cities.json"
"""The published books, relative to the page's folder (the site renders ``api/cities.json``)."""
TITLE = "在线填写任务书"


@dataclass(frozen=True)
class Options:
    """The site's settings the page needs.

    Attributes:
        repo_url: the task-book repository on GitHub (``https://github.com/OWNER/NAME``), or
            ``""``: then the page offers download and copy only.
        branch: the repository's default branch, where pull requests go.
    """

    repo_url: str = ""
    branch: str = "main"


def page_markdown(unavailable: str | None = None) -> str:
    """The page: a short introduction and the element the script draws the form in."""
    lines = [
        f"# {TITLE}", "",
        "在本页逐项填写本市的任务书，或打开用 Word 填好的任务书（.docx）接着核对和修改："
        "表格和各部分按任务书格式排列，每处问题都会在该项下面用中文说明怎样改。"
        "检查用的是与命令 `taskbook validate` 相同的程序，在你的浏览器中运行。"
        "填完后下载 `taskbook.md`，或在 GitHub 上提交合并请求。", "",
        '<div id="tb-fill" class="tb-fill"><p class="tb-fill-loading">正在加载在线填写程序……'
        "本页需要启用了 JavaScript 的较新浏览器（如新版 Edge、Chrome、Firefox）。</p></div>", "",
        "也可以用命令 `taskbook import` 导入 Word 文件，或用文本编辑器填写，见[填报指南](guide/submit.md)。", "",
    ]
    if unavailable:
        lines[4:4] = [f"!!! warning \"在线填写暂不可用\"\n    {unavailable}", ""]
    return "\n".join(lines)


def render(context: Context, vendor: Vendor | None, options: Options,
           unavailable: str | None = None, cache: Path | None = None) -> dict[str, str | bytes]:
    """Every generated file of the page (site path → content).

    Args:
        context: the run's schema and form.
        vendor: the checked vendor folder, or None when it is missing (``unavailable`` says
            why, in Chinese; the page then shows that instead of the form).
        options: the site's settings.
        cache: where the Python archive is kept between builds (see :func:`bundle.archive`).
    """
    files: dict[str, str | bytes] = {}
    for name in ASSETS:
        files[f"{FOLDER}/{name}"] = resources.files("taskbook.webform").joinpath("assets", name).read_bytes()
    python = ""
    if vendor is not None:
        archive = bundle.archive(vendor, cache)
        python = f"python.{hashlib.sha256(archive).hexdigest()[:16]}.zip"
        files[f"{FOLDER}/{python}"] = archive
    form = describe(context)
    pyodide = sorted(name.split("/", 1)[1] for name in vendor.files("pyodide/")) if vendor else []
    digest = hashlib.sha256(json.dumps(form, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    for name, content in sorted(files.items()):
        digest.update(name.encode("utf-8") + (content if isinstance(content, bytes) else content.encode("utf-8")))
    if vendor is not None:
        digest.update(json.dumps(vendor.manifest, sort_keys=True).encode("utf-8"))
    site = {
        "version": digest.hexdigest()[:16],
        "python": python,
        "pyodide": "pyodide/",
        "api": API,
        "repo_url": options.repo_url.rstrip("/"),
        "branch": options.branch,
        "unavailable": unavailable,
        # The service worker stores the page's own files when it installs, and Pyodide and the
        # Python as the page's worker fetches them through it (each is downloaded once).
        "precache": [name for name in ASSETS if name != "sw.js"],
        "runtime": [*([python] if python else []), *[f"pyodide/{name}" for name in pyodide]],
    }
    files[f"{FOLDER}/form.json"] = json.dumps({"form": form, "site": site}, ensure_ascii=False,
                                              separators=(",", ":")) + "\n"
    files[PAGE] = page_markdown(unavailable)
    return files


def copies(vendor: Vendor | None) -> dict[str, Path]:
    """The vendored files copied into the site as they are (site path → file)."""
    if vendor is None:
        return {}
    return {f"{FOLDER}/{name}": vendor.path(name) for name in vendor.files("pyodide/")}


def inject(html: str, url: str = f"{FOLDER}/") -> str:
    """The page's style and script, added to the page's HTML (after it was sanitized).

    Args:
        url: the page's URL in the site (``fill/``, or ``fill.html`` without directory URLs).

    The script runs once per page load: the theme's instant navigation (``navigation.instant``)
    would not run it, and is not enabled.
    """
    prefix = "" if url.endswith("/") else f"{FOLDER}/"
    html = html.replace("</head>", f'<link rel="stylesheet" href="{prefix}fill.css">\n</head>', 1)
    return html.replace("</body>", f'<script type="module" src="{prefix}fill.js"></script>\n</body>', 1)
