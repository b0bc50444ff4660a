"""Constants of the lifecycle tests (a module of its own: ``conftest`` names several files,
and which one ``from conftest import`` finds depends on what pytest collected first)."""

import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TODAY = datetime.date(2023, 7, 1)
"""After 北京市's acceptance: 西安市 has reported quarters 1–3, and 4–8 are overdue."""
