"""Kinds of pull requests and the parties each needs."""

from __future__ import annotations

from audit_books import PARTIES, book_path, book_text, with_change, with_signing

from taskbook.audit import kinds
from taskbook.audit.kinds import ChangedFile, classify
from taskbook.audit.parties import parse
from taskbook.loader import parse as parse_book

BASE_PARTIES = parse(PARTIES.encode())[0]


def book(text: str, path: str):
    """Load a book from text."""
    return parse_book(text.encode(), path).book


def one(changed: ChangedFile, base=None, head=None, on_base: bool | None = None):
    """Classify a single file."""
    base_books = {} if base is None and not on_base else {changed.base_path: base}
    return classify([changed], BASE_PARTIES, base_books, {changed.path: head})


def test_new_book_needs_city_province_centre_office():
    """A new 西安市 book needs 西安市, 陕西省, the joint centre and the office."""
    path = book_path("西安市")
    result = one(ChangedFile(path, "added"), head=book(book_text("西安市"), path))
    assert result.items == (kinds.Item(path, kinds.NEW, "西安市",
                                       ("city:西安市", "province:陕西省", "centre", "office")),)
    assert result.required == ("city:西安市", "province:陕西省", "centre", "office")


def test_new_municipal_book_needs_no_province():
    """A new 北京市 book needs no provincial department."""
    path = "cities/beijing/taskbook.md"
    head = book(book_text("西安市").replace("西安市", "北京市"), path)
    assert one(ChangedFile(path, "added"), head=head).required == ("city:北京市", "centre", "office")


def test_change_needs_centre_city_office():
    """A change to a book on the base needs the city, the joint centre and the office."""
    path = book_path("西安市")
    base = book(book_text("西安市"), path)
    head = book(with_change(book_text("西安市")).replace("组建工作组并进驻", "组建工作组"), path)
    result = one(ChangedFile(path), base, head)
    assert [(i.kind, i.parties) for i in result.items] == [
        (kinds.CHANGE, ("city:西安市", "centre", "office"))]


def test_signing_only_needs_office():
    """Adding only a signing record needs the management office alone."""
    path = book_path("西安市")
    base = book(book_text("西安市"), path)
    head = book(with_signing(book_text("西安市")), path)
    result = one(ChangedFile(path), base, head)
    assert [(i.kind, i.parties) for i in result.items] == [(kinds.SIGNING, ("office",))]


def test_signing_with_other_edits_is_a_change():
    """A signing record together with an edit is a change, not a signing."""
    path = book_path("西安市")
    base = book(book_text("西安市"), path)
    head = book(with_signing(with_change(book_text("西安市"))), path)
    assert one(ChangedFile(path), base, head).items[0].kind == kinds.CHANGE


def test_removal_is_a_change_for_the_same_parties():
    """Removing an approved book needs the same parties as changing it."""
    path = book_path("济南市")
    result = one(ChangedFile(path, "removed"), book(book_text("济南市"), path), None)
    assert result.items[0].kind == kinds.REMOVAL
    assert result.required == ("city:济南市", "centre", "office")


def test_unloadable_base_still_counts_as_a_change():
    """A book present on the base but unreadable there is never treated as new."""
    path = book_path("西安市")
    result = one(ChangedFile(path), None, book(book_text("西安市"), path), on_base=True)
    assert result.items[0].kind == kinds.CHANGE


def test_files_outside_cities_need_the_office():
    """Schema, workflow, tooling or parties changes need the management office."""
    for path in ("schema/taskbook.schema.json", ".github/parties.yml", "src/taskbook/cli.py",
                 "cities/xian/notes.md", "README.md"):
        assert one(ChangedFile(path)).items == (kinds.Item(path, kinds.OTHER, None, ("office",)),)


def test_city_comes_from_the_base_parties_not_the_book():
    """A book claiming another city in its front matter is judged by its folder's city."""
    path = book_path("西安市")
    head = book(book_text("西安市").replace("西安市", "北京市"), path)
    result = one(ChangedFile(path, "added"), head=head)
    assert result.required == ("city:西安市", "province:陕西省", "centre", "office")


def test_unknown_folder_falls_back_to_the_books_city():
    """A folder missing from the parties file is attributed to the book's own city."""
    path = "cities/tangshan/taskbook.md"
    head = book(book_text("石家庄市").replace("石家庄市", "唐山市"), path)
    result = one(ChangedFile(path, "added"), head=head)
    assert result.required == ("city:唐山市", "province:河北省", "centre", "office")


def test_several_books_need_the_union():
    """Two books in one pull request need every party either needs, once, in order."""
    new, changed = book_path("西安市"), book_path("济南市")
    base = {changed: book(book_text("济南市"), changed)}
    head = {new: book(book_text("西安市"), new),
            changed: book(with_change(book_text("济南市")), changed)}
    result = classify([ChangedFile(new, "added"), ChangedFile(changed), ChangedFile("README.md")],
                      BASE_PARTIES, base, head)
    assert result.required == ("city:济南市", "city:西安市", "province:陕西省", "centre", "office")
    assert [i.kind for i in result.items] == [kinds.NEW, kinds.CHANGE, kinds.OTHER]


def test_renamed_book_reads_the_base_at_its_previous_path():
    """A renamed book is compared with the base at its previous path."""
    old, new = "cities/xa/taskbook.md", book_path("西安市")
    base = {old: book(book_text("西安市"), old)}
    result = classify([ChangedFile(new, "renamed", old)], BASE_PARTIES, base,
                      {new: book(book_text("西安市"), new)})
    assert [(i.kind, i.city) for i in result.items] == [(kinds.CHANGE, "西安市")]


def test_book_moved_to_another_city_needs_both_cities_and_provinces():
    """A book renamed from 西安市's folder into 济南市's needs both cities, both provinces, centre and office."""
    old, new = book_path("西安市"), book_path("济南市")
    base = {old: book(book_text("西安市"), old)}
    result = classify([ChangedFile(new, "renamed", old)], BASE_PARTIES, base,
                      {new: book(book_text("西安市"), new)})
    assert result.items == (kinds.Item(
        new, kinds.MOVE, "济南市",
        ("city:西安市", "province:陕西省", "city:济南市", "province:山东省", "centre", "office"), "西安市"),)
    assert kinds.KIND_LABELS[kinds.MOVE] == "跨城市移动任务书"
    assert result.required == (
        "city:济南市", "city:西安市", "province:山东省", "province:陕西省", "centre", "office")


def test_move_into_a_municipality_needs_no_province_for_it():
    """Moving a book from 西安市 to 北京市 needs 陕西省 but no province for 北京市."""
    old, new = book_path("西安市"), "cities/beijing/taskbook.md"
    base = {old: book(book_text("西安市"), old)}
    result = classify([ChangedFile(new, "renamed", old)], BASE_PARTIES, base, {new: None})
    assert result.required == ("city:北京市", "city:西安市", "province:陕西省", "centre", "office")


def test_copied_book_is_new_for_its_city():
    """A book copied into another folder is a new book there, not a change of the source."""
    old, new = book_path("西安市"), book_path("济南市")
    base = {old: book(book_text("西安市"), old)}
    result = classify([ChangedFile(new, "copied", old)], BASE_PARTIES, base,
                      {new: book(book_text("济南市"), new)})
    assert [(i.kind, i.parties) for i in result.items] == [
        (kinds.NEW, ("city:济南市", "province:山东省", "centre", "office"))]


def test_book_renamed_from_a_non_book_file_is_new():
    """A draft elsewhere on the base was never approved as a book: renamed into cities/ it is new."""
    old, new = "drafts/xian.md", book_path("西安市")
    base = {old: book(book_text("西安市"), old)}
    result = classify([ChangedFile(new, "renamed", old)], BASE_PARTIES, base,
                      {new: book(book_text("西安市"), new)})
    assert [(i.kind, i.parties) for i in result.items] == [
        (kinds.NEW, ("city:西安市", "province:陕西省", "centre", "office"))]


def test_book_moved_out_of_cities_is_a_removal():
    """An approved book renamed out of cities/ is removed from its city."""
    old = book_path("西安市")
    base = {old: book(book_text("西安市"), old)}
    result = classify([ChangedFile("archive/xian.md", "renamed", old)], BASE_PARTIES, base, {})
    assert result.items == (kinds.Item("archive/xian.md", kinds.REMOVAL, "西安市",
                                       ("city:西安市", "centre", "office")),)
