"""The ``.expect`` files beside invalid fixtures: one diagnostic a line, tab-separated."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from taskbook.codes import REGISTRY
from taskbook.diagnostics import Diagnostic

UPDATE = os.environ.get("TASKBOOK_UPDATE_GOLDEN") == "1"

# Codes whose fixtures need a base revision or a parties file: tests/audit checks them.
AUDIT_CODES = ("parties-invalid", "parties-city-missing", "changes-missing", "changes-rewritten",
               "signing-removed", "programme-invalid")
# Codes of taskbook import, located in Word files: tests/intake checks their fixtures.
IMPORT_CODES = tuple(code for code, entry in REGISTRY.items() if entry.group == "导入")


def render(diagnostics: Sequence[Diagnostic]) -> str:
    """``file<TAB>line<TAB>column<TAB>code<TAB>pointer<TAB>message`` lines."""
    return "".join(f"{d.file}\t{d.line}\t{d.column}\t{d.code}\t{d.pointer}\t{d.message}\n"
                   for d in diagnostics)


def check(diagnostics: Sequence[Diagnostic], expect: Path, code: str) -> None:
    """Assert the diagnostics are exactly those in ``expect`` and include ``code``.

    With ``TASKBOOK_UPDATE_GOLDEN=1`` the file is rewritten first.
    """
    if UPDATE:
        expect.write_text(render(diagnostics), encoding="utf-8")
    assert render(diagnostics) == expect.read_text(encoding="utf-8")
    assert code in {d.code for d in diagnostics}
    assert all(d.message and d.code in REGISTRY for d in diagnostics)
