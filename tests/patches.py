"""Invalid fixtures as patches of one valid book.

Each case under ``tests/fixtures/invalid/<code>/<case>.yaml`` is a *spec*: it says how to
turn the repository's normative example, ``cities/shijiazhuang/taskbook.md`` (the *base*),
into the invalid book of the case, so that a change to the form is made in the base alone
and the expected diagnostics are regenerated. The spec opens with a comment saying what the
case is. A spec for one book holds these keys, all optional:

``path``
    where the book is checked (default ``cities/fixture/taskbook.md``).
``raw``
    the file's whole text, instead of the base (YAML escapes such as ``\\x00`` give
    control bytes).
``set``
    ``{pointer: value}``: front-matter values by JSON pointer (RFC 6901). Missing parent
    mappings are created; a list index must exist. The pointer ``""`` is the whole front
    matter. Values keep their YAML type: quote ``"2021-06"`` to set a string.
``remove``
    ``[pointer, ...]``: front-matter values to delete; each must exist.
``append``
    ``{pointer: item}``: one item appended to each list.
``body``
    ``[[old, new], ...]``: literal replacements in the body (after the front matter).
``text``
    ``[[old, new], ...]``: literal replacements in the whole file.
``repeat``
    ``{text: ..., times: n}``: ``text`` written ``n`` times at the end of the file, or
    right after ``after: <old>`` (which must occur exactly once).
``encoding``
    how the text is written (default ``utf-8``), such as ``gbk``.
``directory``
    ``true``: ``path`` is made an empty folder, not a file.
``from``
    the file the patch starts from instead of the base book, relative to the repository
    (``cities/beijing/reports/3.md``): the lifecycle's records and the books they belong to.

The operations apply in the order listed. ``set``, ``remove`` and ``append`` edit the front
matter as taskbook's loader reads it and re-serialise it with PyYAML's safe dumper
(``allow_unicode``, keys in the base's order, block style, no line wrapping, no comments),
so a ``text`` replacement after them sees that form; without them the base's text is kept
as written, so text-level cases keep the original formatting. Every ``old`` must occur
exactly once, and every pointer removed or appended to, and every list index, must exist,
else :class:`PatchError`.

A spec for several books (the cross-file and repository cases) holds instead:

``books``
    ``{path: patch}``: each book, a patch of the base as above (``{}`` is the base itself).
``base_books``
    ``{path: patch}``: the books' versions on the base branch, for ``validate --base``.
``files``
    ``{path: text}``: other files, literally (``.github/parties.yml``).
``today``
    the date the lifecycle rules judge by (``"2022-01-15"``), instead of the real today.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from taskbook.loader import parse

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "cities" / "shijiazhuang" / "taskbook.md"
DEFAULT_PATH = "cities/fixture/taskbook.md"

PATCH_KEYS = ("set", "remove", "append", "body", "text", "repeat", "raw", "encoding", "directory",
              "from")
BOOK_KEYS = ("path", *PATCH_KEYS)
SPEC_KEYS = ("books", "base_books", "files", "today")
_FRONT_OPS = ("set", "remove", "append")
_DELIMITER = "---\n"


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a value a spec repeats is written out, not as a YAML alias


class PatchError(ValueError):
    """A spec that does not apply: an unknown key, a pointer or a text that is not there."""


def load(path: Path) -> dict[str, Any]:
    """Read a spec, refusing keys it does not know (a misspelt key would patch nothing)."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(spec, dict):
        raise PatchError(f"{path}: a spec is a mapping")
    allowed = SPEC_KEYS if any(key in spec for key in SPEC_KEYS) else BOOK_KEYS
    unknown = sorted(set(spec) - set(allowed))
    if unknown:
        raise PatchError(f"{path}: unknown keys {unknown}")
    return spec


def base_text() -> str:
    """The base book, as written."""
    return BASE.read_text(encoding="utf-8")


def build(patch: Mapping[str, Any], base: str) -> bytes | None:
    """Apply one book's patch (no ``path``) to ``base``; None for a ``directory`` case."""
    unknown = sorted(set(patch) - set(PATCH_KEYS))
    if unknown:
        raise PatchError(f"unknown keys {unknown}")
    if patch.get("directory"):
        return None
    if "from" in patch:
        base = (ROOT / patch["from"]).read_text(encoding="utf-8")
    text = patch.get("raw", base)
    if any(op in patch for op in _FRONT_OPS):
        data, body = split(text)
        for pointer, value in (patch.get("set") or {}).items():
            data = _set(data, pointer, copy.deepcopy(value))
        for pointer in patch.get("remove") or ():
            _remove(data, pointer)
        for pointer, item in (patch.get("append") or {}).items():
            target = _get(data, pointer)
            if not isinstance(target, list):
                raise PatchError(f"append: {pointer} is not a list")
            target.append(copy.deepcopy(item))
        text = join(data, body)
    if "body" in patch:
        head, body = text[: _body_start(text)], text[_body_start(text):]
        text = head + replace(body, patch["body"], "body")
    text = replace(text, patch.get("text") or (), "text")
    if "repeat" in patch:
        repeated = patch["repeat"]["text"] * patch["repeat"]["times"]
        after = patch["repeat"].get("after")
        text = text + repeated if after is None else replace(text, [(after, after + repeated)], "repeat")
    return text.encode(patch.get("encoding", "utf-8"))


def split(text: str) -> tuple[Any, str]:
    """The front matter's data, as taskbook reads it, and the body of a book's text.

    The data comes from taskbook's own loader, not from PyYAML's, so that a re-serialised
    book means what the base means (the loader folds wrapped Chinese lines without the
    space YAML would put there, for one).
    """
    loaded = parse(text.encode("utf-8"), "base")
    if loaded.book is None:
        raise PatchError(f"the text does not load: {[d.message for d in loaded.diagnostics]}")
    return loaded.book.data, text[_body_start(text):]


def join(data: Any, body: str) -> str:
    """A book's text from front-matter data and a body."""
    dumped = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 20)
    return _DELIMITER + dumped + _DELIMITER + body


def replace(text: str, pairs: Any, where: str) -> str:
    """Replace each ``old`` that occurs exactly once in ``text`` by its ``new``."""
    for old, new in pairs:
        count = text.count(old)
        if count != 1:
            raise PatchError(f"{where}: {old!r} occurs {count} times, not once")
        text = text.replace(old, new)
    return text


def _body_start(text: str) -> int:
    if not text.startswith(_DELIMITER):
        raise PatchError("the text does not open with a front matter")
    end = text.find("\n" + _DELIMITER, len(_DELIMITER) - 1)
    if end < 0:
        raise PatchError("the front matter is not closed")
    return end + 1 + len(_DELIMITER)


def _tokens(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise PatchError(f"{pointer!r} is not a JSON pointer")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def _step(node: Any, token: str, pointer: str, create: bool = False) -> tuple[Any, str | int]:
    """The container ``node`` and the key or index that ``token`` names in it."""
    if isinstance(node, list):
        if not token.isdigit() or int(token) >= len(node):
            raise PatchError(f"{pointer}: no item {token} in a list of {len(node)}")
        return node, int(token)
    if not isinstance(node, dict):
        raise PatchError(f"{pointer}: {token!r} is below a value that is neither list nor mapping")
    if token not in node and not create:
        raise PatchError(f"{pointer}: no {token!r}")
    return node, token


def _parent(data: Any, tokens: list[str], pointer: str, create: bool = False) -> Any:
    """The value holding the last token of ``pointer`` (mappings made on the way if ``create``)."""
    for token in tokens[:-1]:
        node, key = _step(data, token, pointer, create)
        if create and isinstance(node, dict):
            node.setdefault(key, {})
        data = node[key]
    return data


def _get(data: Any, pointer: str) -> Any:
    tokens = _tokens(pointer)
    if not tokens:
        return data
    node, key = _step(_parent(data, tokens, pointer), tokens[-1], pointer)
    return node[key]


def _set(data: Any, pointer: str, value: Any) -> Any:
    """Set the value at ``pointer``; return the (new, when the pointer is ``""``) root."""
    tokens = _tokens(pointer)
    if not tokens:
        return value
    node, key = _step(_parent(data, tokens, pointer, create=True), tokens[-1], pointer, True)
    node[key] = value
    return data


def _remove(data: Any, pointer: str) -> None:
    tokens = _tokens(pointer)
    if not tokens:
        raise PatchError("remove: the whole front matter cannot be removed")
    node, key = _step(_parent(data, tokens, pointer), tokens[-1], pointer)
    del node[key]


def book_files(spec: Mapping[str, Any], key: str = "books", base: str | None = None
               ) -> dict[str, bytes | None]:
    """Path → bytes (None: a folder) of each book of a spec; a one-book spec is one book."""
    base = base_text() if base is None else base
    if any(k in spec for k in SPEC_KEYS):
        chosen = spec.get(key) or {}
    elif key == "books":
        chosen = {spec.get("path", DEFAULT_PATH): {k: v for k, v in spec.items() if k != "path"}}
    else:
        chosen = {}
    return {path: build(patch or {}, base) for path, patch in chosen.items()}


def write(folder: Path, files: Mapping[str, bytes | str | None]) -> None:
    """Write files (text as UTF-8; None makes an empty folder) under ``folder``."""
    for name, content in files.items():
        target = folder / name
        if content is None:
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        target.write_bytes(content)
