"""The schemas of the records and of the programme file, as one value made once a run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from taskbook.form.records import RECORD_FORMS
from taskbook.schema import Schema

PROGRAMME_SCHEMA = "programme.schema.json"


@dataclass(frozen=True)
class RecordSchemas:
    """One :class:`~taskbook.schema.Schema` per record kind, and the programme file's."""

    report: Schema
    application: Schema
    result: Schema
    programme: Schema

    @classmethod
    def load(cls, folder: Path | None = None) -> RecordSchemas:
        """Read every schema from ``schema/`` (or ``folder``)."""
        found = {kind: Schema.load(form.schema, folder) for kind, form in RECORD_FORMS.items()}
        return cls(found["report"], found["application"], found["result"],
                   Schema.load(PROGRAMME_SCHEMA, folder))

    def of(self, kind: str) -> Schema:
        """The schema of a record kind (``report``, ``application``, ``result``)."""
        schema: Schema = getattr(self, kind)
        return schema

    def fingerprint(self) -> str:
        """A digest of every record schema (labels and privacy marks change pages)."""
        return "".join(s.fingerprint() for s in (self.report, self.application, self.result))
