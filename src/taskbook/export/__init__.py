"""The print-ready task book: layout model (pure), .docx writer, PDF conversion.

``layout`` turns a book into blocks, ``docx`` writes them with python-docx, ``pdf``
converts the .docx with LibreOffice, and ``service`` runs the whole command.
"""

from __future__ import annotations


class ExportError(Exception):
    """An export that cannot be done; the message is Chinese and says how to fix it."""
