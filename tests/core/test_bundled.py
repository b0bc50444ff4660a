"""The bundled books pass validation."""

from taskbook.checker import check_paths


def test_bundled_books_are_valid(cities):
    """Every book in cities/ validates without a diagnostic."""
    report = check_paths([cities])
    assert report.files >= 1
    assert report.diagnostics == []
