"""The JSON Schema contract: loading it, and reading labels and privacy marks from it.

The schema files live in the repository's top-level ``schema/`` folder; a wheel carries a
copy inside the package. Every property's ``title`` is the form's Chinese label, which is
what messages and pages show; ``x-private`` marks personal data; ``x-outline`` describes the
Markdown body's required headings.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_FILE = "taskbook.schema.json"


def schema_dir() -> Path:
    """Return the folder holding the schema files (installed copy first, then the checkout)."""
    installed = Path(__file__).with_name("schema")
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "schema"


@cache
def load(name: str = SCHEMA_FILE) -> dict[str, Any]:
    """Load and cache a schema file by name."""
    with open(schema_dir() / name, encoding="utf-8-sig") as handle:
        return json.load(handle)


def unescape(token: str) -> str:
    """Undo RFC 6901 escaping of one reference token."""
    return token.replace("~1", "/").replace("~0", "~")


def split(pointer: str) -> list[str]:
    """Split a JSON pointer into unescaped tokens."""
    return [unescape(token) for token in pointer.split("/")[1:]] if pointer else []


def subschema(pointer: str, root: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """Return the schema describing the value at ``pointer`` (array indices are items)."""
    if root is None:
        return _subschema_of_contract(re.sub(r"/\d+(?=/|$)", "/0", pointer))
    return _walk(pointer, root)


@cache
def _subschema_of_contract(pointer: str) -> dict[str, Any] | None:
    return _walk(pointer, load())


def _walk(pointer: str, node: dict[str, Any]) -> dict[str, Any] | None:
    for token in split(pointer):
        if token.isdigit() and "items" in node:
            node = node["items"]
        elif token in node.get("properties", {}):
            node = node["properties"][token]
        else:
            return None
    return node


def label_path(pointer: str, root: dict[str, Any] | None = None) -> str:
    """Return the form's labels along a pointer, e.g. ``牵头单位信息 › 联系人 › 手机``.

    Array indices read ``第 N 项``; unknown keys are shown as written.
    """
    node: dict[str, Any] | None = root if root is not None else load()
    parts: list[str] = []
    for token in split(pointer):
        if node is not None and token.isdigit() and "items" in node:
            parts.append(f"第 {int(token) + 1} 项")
            node = node["items"]
        elif node is not None and token in node.get("properties", {}):
            node = node["properties"][token]
            parts.append(node.get("title", token))
        else:
            parts.append(token)
            node = None
    return " › ".join(parts)


@cache
def property_names(name: str = SCHEMA_FILE) -> frozenset[str]:
    """Return every property name used anywhere in a schema."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.update(node.get("properties", {}))
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(load(name))
    return frozenset(found)


@cache
def private_paths(name: str = SCHEMA_FILE) -> tuple[tuple[str, ...], ...]:
    """Return the paths of every ``x-private`` property, arrays written as ``*``."""
    found: list[tuple[str, ...]] = []

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> None:
        if node.get("x-private"):
            found.append(path)
            return
        for key, child in node.get("properties", {}).items():
            walk(child, (*path, key))
        if isinstance(node.get("items"), dict):
            walk(node["items"], (*path, "*"))

    walk(load(name), ())
    return tuple(found)


def public(data: dict[str, Any]) -> dict[str, Any]:
    """Return a deep copy of a book's front matter without any private field."""
    result = copy.deepcopy(data)
    for path in private_paths():
        _drop(result, path)
    return result


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


def outline() -> list[dict[str, Any]]:
    """Return the body outline (required headings and mandatory topics)."""
    return load()["x-outline"]
