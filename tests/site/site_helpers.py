"""Helpers of the site tests (imported by conftest and the tests)."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from taskbook.context import Context

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BOOKS = HERE / "fixtures" / "cities"
GIT_DATE = "2021-06-01T10:00:00+08:00"
SITE_URL = "http://127.0.0.1/taskbook/"
"""The public test site is published under a sub-path, as GitHub Pages serves a project."""

def make_project(folder: Path, books: Path = BOOKS, git: bool = True) -> Path:
    """Lay out a site project (mkdocs.yml, docs/, schema/, cities/) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copytree(ROOT / "schema", folder / "schema")
    shutil.copytree(books, folder / "cities")
    # 在线填写's Pyodide and Python packages (14 MB): linked, not copied.
    (folder / "vendor").symlink_to(ROOT / "vendor", target_is_directory=True)
    if git:
        env = {**os.environ, "GIT_AUTHOR_DATE": GIT_DATE, "GIT_COMMITTER_DATE": GIT_DATE}
        quiet = {"cwd": folder, "check": True, "capture_output": True, "env": env}
        subprocess.run(["git", "init", "-q", "-b", "main"], **quiet)
        subprocess.run(["git", "add", "."], **quiet)
        subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=test@example.org",
                        "commit", "-q", "-m", "新增三个城市的任务书"], **quiet)
    return folder


def private_values(books: list[Any]) -> list[tuple[str, Any]]:
    """Every (pointer, value) of a private field in the books."""
    found: list[tuple[str, Any]] = []

    def walk(node: Any, path: tuple[str, ...], pointer: str) -> None:
        if not path:
            found.append((pointer, node))
            return
        head, rest = path[0], path[1:]
        if head == "*":
            for index, item in enumerate(node if isinstance(node, list) else []):
                walk(item, rest, f"{pointer}/{index}")
        elif isinstance(node, dict) and head in node:
            walk(node[head], rest, f"{pointer}/{head}")

    for book in books:
        for path in Context.load().schema.private_paths:
            walk(book.front, path, book.slug)
    return found


def read(path: Path) -> str:
    """A built file's text."""
    return path.read_text(encoding="utf-8")


def built_text(path: Path) -> str:
    """The text a person or a crawler could read in a built file, whatever its kind.

    A .docx is the text of its XML parts (tags removed, so that a value split across
    runs still reads whole); a PDF its text (pdftotext); a .gz (the sitemap) is unpacked;
    anything else is read as text.
    """
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            parts = [archive.read(name).decode("utf-8") for name in archive.namelist()
                     if name.endswith(".xml")]
        return re.sub(r"<[^>]+>", "", "".join(parts))
    if path.suffix == ".pdf":
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    return path.read_bytes().decode("utf-8", errors="replace")
