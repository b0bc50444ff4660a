"""``taskbook import``: a task book filled in Word → ``cities/<slug>/taskbook.md``.

``reader`` reads a .docx into plain values (:mod:`~taskbook.intake.source`) with the
standard library; ``parse`` finds the book's values in them by the form model's labels and
writes the body back as Markdown; ``yamlout`` writes the front matter; ``document`` turns a
.docx's bytes into the book's text; ``slug`` names the city's folder; ``service`` runs the
whole command (a .doc is converted by LibreOffice first), writes the file atomically and
validates it. Everything but ``service`` and ``slug`` is plain Python, which the browser
form (在线填写) runs under Pyodide on a Word file the user opens.
"""

from __future__ import annotations
