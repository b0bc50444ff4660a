"""After signing: quarterly execution reports, acceptance, due dates and the summary.

A signed task book governs two years of work (共同条款 2 to 7). Its records live beside it
in the city's folder, as Markdown with YAML front matter like the book:

- ``reports/<n>.md``: the execution report of quarter ``n`` (1 to 8) of 四;
- ``acceptance/application-<r>.md`` and ``acceptance/result-<r>.md``: the ``r``-th
  application for acceptance and the office's conclusion on it.

:mod:`.check` loads and checks them against their book (the validator runs it for every
book); :mod:`.records` is their typed, frozen form; :mod:`.programme` the office's due
dates; :mod:`.progress` what state a city is in; :mod:`.summary` the joint centre's
compiled report.
"""
