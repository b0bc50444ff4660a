"""The date the lifecycle judges by: given (an option, ``TASKBOOK_TODAY``) or today."""

from __future__ import annotations

import datetime

ENVIRONMENT = "TASKBOOK_TODAY"
"""The environment variable that fixes the date (``YYYY-MM-DD``) for checks and builds."""


def check_date(value: str | None) -> datetime.date:
    """``YYYY-MM-DD`` as a date; empty or None is today.

    Raises:
        ValueError: the text is not a date (the message is Chinese).
    """
    if not value:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"日期“{value}”不对：应为“年-月-日”，如 2022-02-15"
                         f"（--today 选项或环境变量 {ENVIRONMENT}）。") from None
