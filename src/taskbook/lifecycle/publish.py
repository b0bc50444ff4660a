"""The public profile of a city's records: every field the record schemas mark private left out."""

from __future__ import annotations

from typing import Any

from taskbook.book import build
from taskbook.context import Context
from taskbook.lifecycle.records import Application, CityRecords, ExecutionReport, Record, Result

_KINDS: dict[type[Record], str] = {ExecutionReport: "report", Application: "application",
                                   Result: "result"}


def public_record(record: Record, context: Context) -> Any:
    """The same record without its private fields."""
    front = context.records.of(_KINDS[type(record)]).public(record.front)
    return build(type(record), {**front, "path": record.path, "body": record.body, "front": front})


def public_records(records: CityRecords, context: Context) -> CityRecords:
    """Every record of a city, public."""
    return CityRecords(records.slug,
                       tuple(public_record(r, context) for r in records.reports),
                       tuple(public_record(a, context) for a in records.applications),
                       tuple(public_record(r, context) for r in records.results))
