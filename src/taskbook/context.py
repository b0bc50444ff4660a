"""The state of one run, as a value: the schema with its validators, the form, the reader.

Built once (``Context.load()``) by whoever starts a run (the command line, the MkDocs
plugin, the audit) and passed to every check and renderer, so that nothing is cached at
module level and a rebuild of ``taskbook serve`` sees an edited schema.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskbook.bodytext import Reader
from taskbook.form import FORM
from taskbook.form.model import Form
from taskbook.schema import Schema

if TYPE_CHECKING:
    from taskbook.lifecycle.schemas import RecordSchemas


@dataclass
class Context:
    """What every check and renderer of one run reads.

    Attributes:
        schema: the task book's JSON Schema, with its compiled validators.
        form: the official form.
        today: the date the lifecycle rules judge by (a quarter not ended by then has no
            report yet; what is overdue); None for the real today.
        schema_folder: where the schemas were read from (the records' schemas too).
    """

    schema: Schema
    form: Form = FORM
    _reader: Reader | None = field(default=None, repr=False)
    today: datetime.date | None = None
    schema_folder: Path | None = None

    @classmethod
    def load(cls, schema_folder: Path | None = None, *, today: datetime.date | None = None
             ) -> Context:
        """Read the schema from disk and make a fresh context."""
        return cls(Schema.load(folder=schema_folder), today=today, schema_folder=schema_folder)

    # --- lifecycle (issue 12): the records' schemas and the check's date -------------
    @cached_property
    def records(self) -> RecordSchemas:
        """The schemas of reports, acceptance records and the programme file."""
        from taskbook.lifecycle.schemas import RecordSchemas

        return RecordSchemas.load(self.schema_folder)

    @property
    def date(self) -> datetime.date:
        """The date the lifecycle rules judge by: :attr:`today`, else the real today."""
        return self.today or datetime.date.today()

    @property
    def reader(self) -> Reader:
        """The Markdown reader (one Markdown instance for the run, made on first use)."""
        if self._reader is None:
            self._reader = Reader()
        return self._reader

    @cached_property
    def fingerprint(self) -> str:
        """A digest of everything here that changes what is rendered."""
        from taskbook.form import fingerprint

        return self.schema.fingerprint() + fingerprint(self.form)

    def __getstate__(self) -> dict[str, Any]:
        """Send the schemas, the form and the date to a worker; it makes its own reader."""
        return {"schema": self.schema, "form": self.form, "_reader": None, "today": self.today,
                "schema_folder": self.schema_folder, "records": self.records}
