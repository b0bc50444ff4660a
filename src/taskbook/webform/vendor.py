"""The vendored files of the browser form: Pyodide's core and pure-Python packages.

``vendor/packages.txt`` pins what the page loads; ``scripts/update-vendor`` (this module's
:func:`update`) fetches it with the registries' own clients (``npm pack`` for Pyodide,
``pip download`` for the wheels and PyYAML's source) and writes ``vendor/MANIFEST.json``
with each file's size and SHA-256. A site build reads the files through :func:`check`, which
says in Chinese what is missing or altered, so that a checkout without them still builds the
rest of the site.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = "MANIFEST.json"
PACKAGES = "packages.txt"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")
"""Pyodide's core as the page loads it (the npm package holds these and type stubs)."""


@dataclass(frozen=True)
class Pin:
    """One line of ``packages.txt``."""

    registry: str
    name: str
    version: str
    kept: str


@dataclass(frozen=True)
class Vendor:
    """The checked vendor folder: the manifest and where the files are."""

    folder: Path
    manifest: dict[str, Any]

    def path(self, name: str) -> Path:
        """The file ``name`` of the manifest (``pyodide/pyodide.asm.wasm``)."""
        return self.folder / name

    def files(self, prefix: str) -> list[str]:
        """The manifest's files under ``prefix`` (``pyodide/``, ``python/``), sorted."""
        return sorted(name for name in self.manifest["files"] if name.startswith(prefix))


class VendorError(Exception):
    """The vendored files are missing or altered; the message (Chinese) says which and what
    to do."""


def pins(folder: Path) -> list[Pin]:
    """The pinned packages of ``packages.txt``."""
    found = []
    for line in (folder / PACKAGES).read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            found.append(Pin(*words))
    return found


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check(folder: Path) -> Vendor:
    """Read the manifest and check every file it lists.

    Raises:
        VendorError: the manifest or a file is missing, or a file is not the one pinned.
    """
    where = folder / MANIFEST
    if not where.is_file():
        raise VendorError(f"缺少 {where}：在线填写页所需的 Pyodide 和 Python 包没有随仓库提供。"
                          "请从仓库重新检出 vendor/ 文件夹，或运行 scripts/update-vendor（需要 npm 和 pip）。")
    manifest = json.loads(where.read_text(encoding="utf-8"))
    problems = []
    for name, entry in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            problems.append(f"缺少 {path}")
        elif path.stat().st_size != entry["bytes"] or _digest(path) != entry["sha256"]:
            problems.append(f"{path} 与 {MANIFEST} 记录的不一致（可能只检出了 Git LFS 指针或文件被改动）")
    if problems:
        raise VendorError("在线填写页所需的文件有问题：" + "；".join(problems)
                          + "。请从仓库重新检出 vendor/ 文件夹，或运行 scripts/update-vendor（需要 npm 和 pip）。")
    return Vendor(folder, manifest)


def _run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise VendorError(f"命令 {' '.join(command)} 失败：{done.stderr.strip()[-2000:]}")


def update(folder: Path) -> dict[str, Any]:
    """Fetch every pinned package anew and rewrite the folder and its manifest.

    Pyodide comes from the npm registry (``npm pack``); only its core is kept, and its
    lock file keeps no package, so the page can never ask a CDN for one. Wheels come from
    PyPI built for any platform (``pip download --only-binary``), PyYAML as its source
    (it publishes no pure-Python wheel). Returns the new manifest.
    """
    folder = folder.resolve()
    listed = pins(folder)
    shutil.rmtree(folder / "pyodide", ignore_errors=True)
    shutil.rmtree(folder / "python", ignore_errors=True)
    (folder / "pyodide").mkdir(parents=True)
    (folder / "python").mkdir(parents=True)
    files: dict[str, dict[str, Any]] = {}
    python_version = ""
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for pin in (p for p in listed if p.registry == "npm"):
            _run(["npm", "pack", f"{pin.name}@{pin.version}", "--silent"], work)
            with tarfile.open(next(work.glob(f"{pin.name}-*.tgz"))) as archive:
                archive.extractall(work, filter="data")
            for name in PYODIDE_FILES:
                shutil.copy(work / "package" / name, folder / "pyodide" / name)
            lock = json.loads((folder / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
            python_version = ".".join(lock["info"]["python"].split(".")[:2])
            lock["packages"] = {}
            (folder / "pyodide" / "pyodide-lock.json").write_text(
                json.dumps(lock, indent=1) + "\n", encoding="utf-8")
            for name in PYODIDE_FILES:
                files[f"pyodide/{name}"] = {"from": f"npm {pin.name} {pin.version}"}
        for pin in (p for p in listed if p.registry == "pypi"):
            command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                       "--dest", str(folder / "python"), f"{pin.name}=={pin.version}"]
            if pin.kept == "sdist":
                command += ["--no-binary", ":all:"]
            else:
                command += ["--only-binary", ":all:", "--platform", "any", "--implementation", "py",
                            "--abi", "none", "--python-version", python_version or "3"]
            _run(command, work)
    for path in sorted((folder / "python").iterdir()):
        pin = next(p for p in listed if p.registry == "pypi"
                   and path.name.lower().replace("_", "-").startswith(f"{p.name.lower()}-{p.version}".replace("_", "-")))
        files[f"python/{path.name}"] = {"from": f"pypi {pin.name} {pin.version}"}
    for name, entry in files.items():
        entry.update(bytes=(folder / name).stat().st_size, sha256=_digest(folder / name))
    manifest = {"pyodide": next(p.version for p in listed if p.name == "pyodide"),
                "python": python_version, "files": dict(sorted(files.items()))}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def main() -> int:
    """``scripts/update-vendor [FOLDER]``: fetch the pinned packages into ``vendor/``."""
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "vendor")
    try:
        manifest = update(folder)
    except VendorError as error:
        print(error, file=sys.stderr)
        return 1
    total = sum(entry["bytes"] for entry in manifest["files"].values())
    for name, entry in manifest["files"].items():
        print(f"{entry['bytes']:>10}  {name}  ({entry['from']})")
    print(f"{total:>10}  合计")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
