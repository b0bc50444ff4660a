"""The Python the browser form runs: one archive, unpacked into Pyodide's site-packages.

It holds this package (less the parts that need a server: the site, the exporter and the
audit), the schema, and the pure-Python packages pinned in ``vendor/packages.txt``:

- jsonschema with referencing, whose one compiled dependency, rpds-py, has no build for
  the browser: ``rpds`` is provided by pyrsistent-as-rpds-py's pure-Python implementation
  of the same classes (on pyrsistent), so the page runs the very jsonschema of the CLI;
- PyYAML's Python modules from its source archive (it publishes no pure-Python wheel; the
  loader falls back to the Python loader without libyaml);
- Python-Markdown and pymdown-extensions, pure Python.

jsonschema-rs is left out: :attr:`taskbook.schema.Schema.fast` falls back to jsonschema.
The archive is the same bytes for the same inputs (sorted names, fixed times).
"""

from __future__ import annotations

import hashlib
import io
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import taskbook
from taskbook.files import write_atomic
from taskbook.schema import schema_dir
from taskbook.webform.vendor import Vendor

SERVER_ONLY = ("site", "export", "audit")
"""Subpackages that need what the browser does not have (MkDocs, python-docx, PyGithub)."""
RPDS_SHIM = (
    '"""rpds for Pyodide: pyrsistent-as-rpds-py\'s pure-Python classes (see taskbook.webform.bundle)."""\n'
    "from pyrsistent_as_rpds.pure import *  # noqa: F403\n"
)
_TIME = (1980, 1, 1, 0, 0, 0)


def _package_files() -> Iterator[tuple[str, bytes]]:
    top = Path(taskbook.__file__).parent
    for path in sorted(top.rglob("*.py")):
        relative = path.relative_to(top)
        if relative.parts[0] in SERVER_ONLY or "__pycache__" in relative.parts:
            continue
        yield f"taskbook/{relative.as_posix()}", path.read_bytes()
    for path in sorted(schema_dir().glob("*.json")):
        yield f"taskbook/schema/{path.name}", path.read_bytes()


def _wheel_files(path: Path) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as wheel:
        for name in wheel.namelist():
            if not name.endswith("/"):
                yield name, wheel.read(name)


def _sdist_modules(path: Path) -> Iterator[tuple[str, bytes]]:
    """The pure-Python modules of a source archive laid out as ``<name>/lib/<package>/``."""
    with tarfile.open(path) as archive:
        for member in archive.getmembers():
            parts = PurePosixPath(member.name).parts
            if member.isfile() and len(parts) >= 4 and parts[1] == "lib" and member.name.endswith(".py"):
                handle = archive.extractfile(member)
                if handle is not None:
                    yield "/".join(parts[2:]), handle.read()


def files(vendor: Vendor) -> dict[str, bytes]:
    """Every file of the archive, by its path under site-packages."""
    found: dict[str, bytes] = {}
    for name in vendor.files("python/"):
        path = vendor.path(name)
        found.update(_wheel_files(path) if path.suffix == ".whl" else _sdist_modules(path))
    found["rpds/__init__.py"] = RPDS_SHIM.encode("utf-8")
    found.update(_package_files())
    return found


def archive(vendor: Vendor, cache: Path | None = None) -> bytes:
    """The archive's bytes (deflated, deterministic).

    Args:
        cache: a folder where archives are kept by a digest of everything they hold, so
            that a rebuild of the site (``taskbook serve``) does not compress them again.
    """
    contents = files(vendor)
    key = hashlib.sha256()
    for name, content in sorted(contents.items()):
        key.update(name.encode("utf-8") + b"\0" + hashlib.sha256(content).digest())
    kept = cache / f"python-{key.hexdigest()[:24]}.zip" if cache is not None else None
    if kept is not None and kept.is_file():
        return kept.read_bytes()
    made = _compress(contents)
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(kept, made, overwrite=True)
    return made


def _compress(contents: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for name, content in sorted(contents.items()):
            info = zipfile.ZipInfo(name, _TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, content)
    return buffer.getvalue()
