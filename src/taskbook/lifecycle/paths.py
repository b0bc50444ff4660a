"""Where a city's records live: the one place that knows their file names."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from taskbook.paths import CITIES

REPORTS = "reports"
"""The folder of a city's quarterly execution reports, beside its task book."""
ACCEPTANCE = "acceptance"
"""The folder of a city's acceptance applications and results."""
_REPORT = re.compile(r"([1-8])\.md")
_ACCEPTANCE = re.compile(r"(application|result)-([1-9])\.md")


@dataclass(frozen=True)
class RecordName:
    """What a record's path says: its kind and its number (quarter or round)."""

    kind: str
    """``report``, ``application`` or ``result``; ``""`` for a file that is none of them."""
    number: int


def folder_of(path: str | PurePosixPath) -> str | None:
    """``reports`` or ``acceptance`` when ``path`` lies directly in such a folder."""
    parent = PurePosixPath(path).parent.name
    return parent if parent in (REPORTS, ACCEPTANCE) else None


def name_of(path: str | PurePosixPath) -> RecordName:
    """The kind and number a record's file name gives (kind ``""`` when it gives none)."""
    path = PurePosixPath(path)
    folder = folder_of(path)
    if folder == REPORTS and (match := _REPORT.fullmatch(path.name)):
        return RecordName("report", int(match.group(1)))
    if folder == ACCEPTANCE and (match := _ACCEPTANCE.fullmatch(path.name)):
        return RecordName(match.group(1), int(match.group(2)))
    return RecordName("", 0)


def report_path(city_folder: str, quarter: int) -> str:
    """``<city folder>/reports/<quarter>.md``."""
    return f"{city_folder.rstrip('/')}/{REPORTS}/{quarter}.md"


def repo_record(path: str) -> tuple[str, RecordName] | None:
    """``(slug, name)`` when a repository path is ``cities/<slug>/(reports|acceptance)/<file>.md``."""
    parts = PurePosixPath(path).parts
    if len(parts) == 4 and parts[0] == CITIES and parts[2] in (REPORTS, ACCEPTANCE) \
            and parts[3].endswith(".md"):
        return parts[1], name_of(path)
    return None


def record_files(book_path: str) -> list[str]:
    """The record files beside a book (``reports/*.md``, ``acceptance/*.md``), sorted.

    Run for every book the validator checks, most of which have none: plain ``os.path``
    calls, two system calls for a book without records.
    """
    folder = os.path.dirname(book_path)
    found: list[str] = []
    for name in (REPORTS, ACCEPTANCE):
        sub = os.path.join(folder, name)
        if os.path.isdir(sub):
            found += sorted(PurePosixPath(sub, entry.name).as_posix() for entry in os.scandir(sub)
                            if entry.name.endswith(".md") and entry.is_file())
    return found
