"""The JSON Schema contract as a value: labels, privacy marks and validators, built once.

The schema files live in the repository's top-level ``schema/`` folder; a wheel carries a
copy inside the package. Every property's ``title`` is the form's Chinese label, which is
what messages and pages show; ``x-private`` marks personal data; ``x-outline`` describes the
Markdown body's required headings.

A :class:`Schema` is made once per run (``Schema.load()``) and passed to whatever needs it;
nothing is cached at module level, so ``taskbook serve`` sees an edited schema on the next
rebuild. Its validators are compiled on first use and left out when it is pickled (worker
processes compile their own).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

SCHEMA_FILE = "taskbook.schema.json"
_INDEX = re.compile(r"/\d+(?=/|$)")


def schema_dir() -> Path:
    """Return the folder holding the schema files (installed copy first, then the checkout)."""
    installed = Path(__file__).with_name("schema")
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "schema"


def read_document(name: str = SCHEMA_FILE, folder: Path | None = None) -> dict[str, Any]:
    """Read a schema file by name (fresh from disk on every call)."""
    with open((folder or schema_dir()) / name, encoding="utf-8-sig") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def unescape(token: str) -> str:
    """Undo RFC 6901 escaping of one reference token."""
    return token.replace("~1", "/").replace("~0", "~")


def escape(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    if "~" not in token and "/" not in token:
        return token
    return token.replace("~", "~0").replace("/", "~1")


def split(pointer: str) -> list[str]:
    """Split a JSON pointer into unescaped tokens."""
    return [unescape(token) for token in pointer.split("/")[1:]] if pointer else []


def join(tokens: Iterator[Any] | list[Any] | tuple[Any, ...]) -> str:
    """Build a JSON pointer from tokens."""
    return "".join(f"/{escape(str(token))}" for token in tokens)


def _walk(pointer: str, node: Mapping[str, Any]) -> Mapping[str, Any] | None:
    for token in split(pointer):
        if token.isdigit() and "items" in node:
            node = node["items"]
        elif token in node.get("properties", {}):
            node = node["properties"][token]
        else:
            return None
    return node


class Schema:
    """One schema document and what is derived from it.

    Args:
        document: the parsed JSON Schema.
        name: its file name, for messages.
    """

    def __init__(self, document: Mapping[str, Any], name: str = SCHEMA_FILE) -> None:
        self.document = document
        self.name = name
        self._subschemas: dict[str, Mapping[str, Any] | None] = {}

    @classmethod
    def load(cls, name: str = SCHEMA_FILE, folder: Path | None = None) -> Schema:
        """Read a schema file and make its value."""
        return cls(read_document(name, folder), name)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the document only; compiled validators are rebuilt where needed."""
        return {"document": self.document, "name": self.name, "_subschemas": {}}

    # --- validators -----------------------------------------------------------------
    @cached_property
    def fast(self) -> Any:
        """The compiled validator (jsonschema-rs): is a value valid?

        Where jsonschema-rs cannot be imported (a platform without its wheel, such as the
        browser form's Python under Pyodide), the reference validator answers instead:
        slower, and the same answer (both follow ECMA-262 patterns, see :attr:`detailed`).
        """
        try:
            import jsonschema_rs
        except ImportError:
            return self.detailed
        return jsonschema_rs.validator_for(dict(self.document))

    @cached_property
    def detailed(self) -> Any:
        """The reference validator (jsonschema), whose errors say where and why.

        Its ``pattern`` keyword follows ECMA-262 as JSON Schema requires (``\\d`` is an ASCII
        digit, ``$`` the very end), as the compiled validator does.
        """
        from taskbook.patterns import ecma_validator

        return ecma_validator(self.document)

    # --- reading the document -------------------------------------------------------
    def subschema(self, pointer: str) -> Mapping[str, Any] | None:
        """Return the schema describing the value at ``pointer`` (array indices are items)."""
        if pointer in self._subschemas:  # asked for this very pointer before (most are)
            return self._subschemas[pointer]
        key = _INDEX.sub("/0", pointer)
        if key not in self._subschemas:
            self._subschemas[key] = _walk(key, self.document)
        if len(self._subschemas) < 4096:
            self._subschemas[pointer] = self._subschemas[key]
        return self._subschemas[key]

    def title(self, pointer: str) -> str:
        """The form's label of one field (its ``title``), or its key when it has none."""
        node = self.subschema(pointer)
        tokens = split(pointer)
        return str(node.get("title", tokens[-1] if tokens else "")) if node else (tokens[-1] if tokens else "")

    def label_path(self, pointer: str) -> str:
        """Return the form's labels along a pointer, e.g. ``牵头单位信息 › 联系人 › 手机``.

        Array indices read ``第 N 项``; unknown keys are shown as written.
        """
        node: Mapping[str, Any] | None = self.document
        parts: list[str] = []
        for token in split(pointer):
            if node is not None and token.isdigit() and "items" in node:
                parts.append(f"第 {int(token) + 1} 项")
                node = node["items"]
            elif node is not None and token in node.get("properties", {}):
                node = node["properties"][token]
                parts.append(str(node.get("title", token)))
            else:
                parts.append(token)
                node = None
        return " › ".join(parts)

    @cached_property
    def property_names(self) -> frozenset[str]:
        """Every property name used anywhere in the schema."""
        found: set[str] = set()

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                found.update(node.get("properties", {}))
                for child in node.values():
                    walk(child)
            elif isinstance(node, list):
                for child in node:
                    walk(child)

        walk(self.document)
        return frozenset(found)

    @cached_property
    def private_paths(self) -> tuple[tuple[str, ...], ...]:
        """The paths of every ``x-private`` property, arrays written as ``*``."""
        found: list[tuple[str, ...]] = []

        def walk(node: Mapping[str, Any], path: tuple[str, ...]) -> None:
            if node.get("x-private"):
                found.append(path)
                return
            for key, child in node.get("properties", {}).items():
                walk(child, (*path, key))
            if isinstance(node.get("items"), dict):
                walk(node["items"], (*path, "*"))

        walk(self.document, ())
        return tuple(found)

    def is_private(self, pointer: str) -> bool:
        """Whether the schema marks the field at ``pointer`` private."""
        node = self.subschema(pointer)
        return bool(node and node.get("x-private"))

    def public(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Return a deep copy of front matter without any private field."""
        result = copy.deepcopy(dict(data))
        for path in self.private_paths:
            _drop(result, path)
        return result

    def outline(self) -> list[dict[str, Any]]:
        """The body outline (required headings and mandatory topics), ``x-outline``."""
        return list(self.document.get("x-outline", []))

    def fingerprint(self) -> str:
        """A digest of the document (labels, rules and privacy marks included)."""
        import hashlib

        text = json.dumps(self.document, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _drop(node: Any, path: tuple[str, ...]) -> None:
    head, rest = path[0], path[1:]
    if head == "*":
        for item in node if isinstance(node, list) and rest else ():
            _drop(item, rest)
        return
    if not isinstance(node, dict) or head not in node:
        return
    if rest:
        _drop(node[head], rest)
    else:
        del node[head]
