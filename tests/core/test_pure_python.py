"""The validator without its compiled parts, as the browser form runs it under Pyodide.

Pyodide has neither libyaml (PyYAML's C loader) nor jsonschema-rs; the loader then composes
with PyYAML's Python loader and :attr:`taskbook.schema.Schema.fast` falls back to the
reference validator. The diagnostics must not change: the invalid fixtures and the valid
books are checked again in a fresh interpreter where both are unavailable.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = textwrap.dedent("""
    import sys
    import yaml
    del yaml.CSafeLoader            # PyYAML built without libyaml has no C loader
    sys.modules["jsonschema_rs"] = None  # and jsonschema-rs cannot be imported
    import pytest
    from taskbook import yamlsafe
    from taskbook.context import Context
    assert yamlsafe._Base is yaml.SafeLoader
    schema = Context.load().schema
    assert schema.fast is schema.detailed
    sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                          "tests/core/test_invalid_fixtures.py", "tests/core/test_valid.py"]))
""")


def test_diagnostics_are_the_same_without_libyaml_and_jsonschema_rs():
    """Every invalid fixture gives its expected diagnostics, and every valid book none,
    with PyYAML's Python loader and the pure-Python schema validator."""
    done = subprocess.run([sys.executable, "-c", _SCRIPT], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
