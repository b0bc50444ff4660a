"""``taskbook import``: a task book filled in Word → ``cities/<slug>/taskbook.md``.

``reader`` reads a .docx into plain values (:mod:`~taskbook.intake.source`); ``parse``
finds the book's values in them by the form model's labels and writes the body back as
Markdown; ``yamlout`` writes the front matter; ``slug`` names the city's folder;
``service`` runs the whole command (a .doc is converted by LibreOffice first), writes the
file atomically and validates it. Reading the file and parsing the document are apart, so
the parsing runs on values from anywhere (the browser form runs it under Pyodide).
"""

from __future__ import annotations
