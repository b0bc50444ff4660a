"""Valid books pass: the example unchanged, and books written the ways users write them."""

from __future__ import annotations

from pathlib import Path

from taskbook.checker import check_paths
from taskbook.loader import read

SHARED_EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "examples" / "shijiazhuang" / "taskbook.md"
VALID = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "cities"


def test_valid_fixtures_have_no_diagnostics():
    """BOM and CRLF, 天津 without a provincial contact, folded topic headings, signing: all valid."""
    report = check_paths([VALID])
    assert report.files == 3
    assert report.diagnostics == []


def test_shared_example_is_accepted_unchanged(cities):
    """The normative example in shared/ is byte-for-byte the bundled 石家庄 book, and valid."""
    bundled = cities / "shijiazhuang" / "taskbook.md"
    if SHARED_EXAMPLE.exists():  # shared/ lies beside the checkout on developer and CI machines
        assert bundled.read_bytes() == SHARED_EXAMPLE.read_bytes()
    assert check_paths([bundled]).diagnostics == []


def test_bom_and_crlf_keep_lines_and_values():
    """A BOM and CRLF line ends change neither values nor line numbers."""
    path = VALID / "tangshan" / "taskbook.md"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    book = read(path).book
    assert book is not None
    assert book.data["lead_unit"]["postcode"] == "050000"
    lines = raw.decode("utf-8-sig").split("\r\n")

    def where(prefix: str, nth: int = 0) -> tuple[int, int]:
        rows = [i for i, line in enumerate(lines) if line.lstrip().startswith(prefix)]
        return rows[nth] + 1, lines[rows[nth]].index(prefix) + len(prefix) + 1

    assert book.locate("/lead_unit/postcode") == where("postcode: ")
    assert book.locate("/people/1/role") == where("role: ", 1)
    assert "\r" not in book.body
