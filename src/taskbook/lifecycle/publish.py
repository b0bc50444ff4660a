"""The public profile of a city's records: every field the record schemas mark private left out."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from typing import Any

from taskbook.book import build
from taskbook.context import Context
from taskbook.lifecycle.records import Application, CityRecords, ExecutionReport, Record, Result

_KINDS: dict[type[Record], str] = {ExecutionReport: "report", Application: "application",
                                   Result: "result"}


def public_record(record: Record, context: Context) -> Any:
    """The same record without its private fields.

    Only the parts that hold a private field are built again (the reporter, not the 8
    quarters' items), which keeps a site of 792 reports from building each one twice.
    """
    schema = context.records.of(_KINDS[type(record)])
    front = _without(record.front, schema.private_paths)
    hints = typing.get_type_hints(type(record))
    defaults = {f.name: f.default for f in fields(record)}
    changed: dict[str, Any] = {}
    for key in {path[0] for path in schema.private_paths if path}:
        if key not in front:
            changed[key] = defaults.get(key)  # a private field of its own: left out
        elif dataclasses.is_dataclass(hints[key]):
            changed[key] = build(hints[key], front[key])  # a part holding private fields
    return replace(record, front=front, **changed)


def public_records(records: CityRecords, context: Context) -> CityRecords:
    """Every record of a city, public."""
    return CityRecords(records.slug,
                       tuple(public_record(r, context) for r in records.reports),
                       tuple(public_record(a, context) for a in records.applications),
                       tuple(public_record(r, context) for r in records.results))


def _without(front: Mapping[str, Any], paths: Sequence[Sequence[str]]) -> dict[str, Any]:
    """``front`` without the values at ``paths`` (``*``: every item of a list).

    Only the containers along the paths are copied; the rest is shared with ``front``,
    which is never changed (a deep copy of every report cost more than its page).
    """
    def drop(node: Any, path: Sequence[str]) -> Any:
        head, rest = path[0], path[1:]
        if head == "*":
            return [drop(item, rest) for item in node] if isinstance(node, list) and rest else node
        if not isinstance(node, Mapping) or head not in node:
            return node
        copied = dict(node)
        if rest:
            copied[head] = drop(node[head], rest)
        else:
            del copied[head]
        return copied

    result: Any = dict(front)
    for path in paths:
        if path:
            result = drop(result, path)
    return dict(result)
