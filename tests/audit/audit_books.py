"""Task books and parties for the audit tests, varied from the 石家庄市 example."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
# The normative example book: a change to the form is made there, and nowhere else.
EXAMPLE = (HERE.parents[1] / "cities" / "shijiazhuang" / "taskbook.md").read_text(encoding="utf-8")
PARTIES = (HERE / "fixtures" / "parties.yml").read_text(encoding="utf-8")

# city → (slug, province, province short name, city short name, code, seq, area phone code)
CITIES = {
    "石家庄市": ("shijiazhuang", "河北省", "河北", "石家庄", "130100", 1, "0311"),
    "西安市": ("xian", "陕西省", "陕西", "西安", "610100", 5, "029"),
    "济南市": ("jinan", "山东省", "山东", "济南", "370100", 9, "0531"),
}


def book_text(city: str = "西安市") -> str:
    """A complete, valid task book of ``city``, varied from the 石家庄市 example."""
    _, province, short_province, short, code, seq, phone = CITIES[city]
    text = EXAMPLE
    if city != "石家庄市":
        text = (text.replace("石家庄", short).replace("河北省", province)
                .replace("河北", short_province).replace("130100", code)
                .replace("0311-", f"{phone}-").replace("seq: 1\n", f"seq: {seq}\n")
                .replace("DQGG202101", f"DQGG2021{seq:02d}"))
    return text


def book_path(city: str = "西安市") -> str:
    """``cities/<slug>/taskbook.md`` of ``city``."""
    return f"cities/{CITIES[city][0]}/taskbook.md"


def with_change(text: str, summary: str = "调整第 5 季度计划") -> str:
    """Append a ``changes`` entry to a book's front matter."""
    head, rest = text.split("\n---\n", 1)
    entry = f'changes:\n  - date: "2022-03-01"\n    summary: {summary}\n    reason: 观测设备延期到货\n'
    return f"{head}\n{entry}---\n{rest}"


def with_signing(text: str) -> str:
    """Add a ``signing`` record to a book's front matter."""
    head, rest = text.split("\n---\n", 1)
    record = ('signing:\n  date: "2021-06-15"\n  signers:\n'
              "    - {party: 丙方, unit: 牵头单位, signer: 王海涛}\n")
    return f"{head}\n{record}---\n{rest}"


