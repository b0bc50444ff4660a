"""Strict, positioned YAML for front matter.

PyYAML's loaders lose positions, keep the last of duplicate keys, expand aliases (an
"alias bomb" of a few hundred bytes can expand to gigabytes) and accept custom tags.
Here the text is composed by libyaml (C, when available) into a node graph, and a small
walker of our own turns the nodes into plain JSON-like values while it records where
every value and key stands, refuses duplicate keys, aliases and tags, and remembers
how each scalar was written, so that a value YAML silently changed (``071000`` read
as an octal number, ``2021-05-01`` as a date) can be reported instead of accepted.

YAML also breaks lines at U+0085, U+2028 and U+2029, which a text file does not: they are
stood in for by noncharacters while libyaml reads the text (one code point for one, so
every position stays true) and put back in the values. Hostile input is bounded: nesting
deeper than :data:`MAX_DEPTH` and numbers longer than :data:`MAX_NUMBER` characters are
never built (Python refuses to convert integers of more than 4,300 digits, and some YAML
integers cost quadratic time to build).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

try:  # libyaml is an order of magnitude faster; fall back to pure Python without it.
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader

_IMPLICIT = {first: tuple(rules) for first, rules in yaml.SafeLoader.yaml_implicit_resolvers.items()}


_IMPLICIT_TAG = "tag:taskbook,2021:implicit"
"""What every node without a tag of its own is given while composing (see :class:`_Loader`)."""


class _Loader(_Base):  # type: ignore[misc]
    """The safe loader, with the tags of untagged nodes left to :func:`tag_of`.

    libyaml calls back into Python for every node, to resolve its tag (and to tell the path
    resolvers, which safe loading never registers, that it descends and ascends). Resolving
    there, for every key and value of every book, is a sixth of composing; here every
    untagged node gets :data:`_IMPLICIT_TAG` at once, and :func:`tag_of` works out the
    stock tag where it is needed (the tags are the same; tested).
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        return _IMPLICIT_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


_TEXT_TAG = "tag:yaml.org,2002:str"


def tag_of(node: Any) -> str:
    """The tag PyYAML's safe loader gives ``node`` (its own, or the one resolved from it)."""
    tag: str = node.tag
    if tag != _IMPLICIT_TAG:
        return tag
    kind = type(node)
    if kind is yaml.ScalarNode:
        return _scalar_tag(node.value) if not node.style else _TEXT_TAG
    return "tag:yaml.org,2002:map" if kind is yaml.MappingNode else "tag:yaml.org,2002:seq"


@lru_cache(maxsize=4096)
def _scalar_tag(value: str) -> str:
    """The tag of a plain (unquoted) scalar, typed by its text (text when no implicit type
    starts with its first character: most Chinese values, answered before the call)."""
    # Keys and short values repeat across books; the cache answers them without a regex.
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return str(tag)
    return _TEXT_TAG

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted (a task book needs four)."""
MAX_NUMBER = 32
"""Longest plain number built as a number; a longer one stays text (and is reported)."""
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff]")
"""Characters no task book may hold: C0 and C1 controls but tab and line ends (a .docx's
XML cannot hold most of them, YAML refuses many), and Unicode's noncharacters (which
stand in for the line separators here, so a book never holds one of its own)."""
_SEPARATORS = "\x85\u2028\u2029"
_STAND_INS = "\ufdd0\ufdd1\ufdd2"
_TO_STAND_IN = str.maketrans(_SEPARATORS, _STAND_INS)
_FROM_STAND_IN = str.maketrans(_STAND_INS, _SEPARATORS)

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
_constructor = yaml.constructor.SafeConstructor()
_STR, _MAP, _SEQ, _MERGE = (_CORE + t for t in ("str", "map", "seq", "merge"))


@dataclass(frozen=True, slots=True)
class Pos:
    """Where a value (and its key, for mapping entries) stands in the YAML text.

    Lines and columns are 0-based within the YAML text; the loader shifts them.
    """

    line: int
    column: int
    key_line: int
    key_column: int
    raw: str | None = None
    """The scalar as written (None for collections)."""
    plain: bool = False
    """True for an unquoted scalar, whose type YAML guesses from its text."""
    tag: str = ""
    """The resolved tag's short name: str, int, float, bool, null, timestamp, seq, map."""


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A reason the YAML text cannot be used, at a 0-based position."""

    kind: str  # a diagnostic code
    line: int
    column: int
    detail: str = ""
    pointer: str = ""
    """The JSON pointer of the value or key at fault, when known."""


class _Refused(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.kind)
        self.problem = problem


def escape(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    if "~" not in token and "/" not in token:
        return token
    return token.replace("~", "~0").replace("/", "~1")


def _check_anchors(text: str) -> None:
    """Refuse any anchor or alias; cheap unless the text contains ``&`` or ``*``."""
    if "&" not in text and "*" not in text:
        return
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            line, column = (mark.line, mark.column) if mark is not None else (0, 0)
            raise _Refused(YamlProblem("yaml-alias", line, column))


@dataclass(frozen=True)
class Document:
    """Composed front matter: plain values, the nodes behind them, retyped scalars."""

    data: Any
    root: yaml.Node | None
    retyped: tuple[tuple[str, Pos], ...]
    """Unquoted scalars YAML read as something other than text (numbers, dates, booleans)."""
    controls: tuple[tuple[str, str, bool], ...] = ()
    """(pointer, character, is a key) of each quoted value or key whose escapes (``"\\e"``)
    wrote a character of :data:`CONTROL`."""
    _keys: dict[int, dict[str, tuple[Any, Any]]] = field(default_factory=dict, repr=False, compare=False)

    def find(self, pointer: str) -> Pos | None:
        """Return the position of one pointer, walking only the nodes along it."""
        node = self.root
        if node is None:
            return None
        key_mark = node.start_mark
        for token in (t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]):
            if isinstance(node, yaml.MappingNode):
                match = (next(((k, v) for k, v in node.value if k.value == token), None)
                         if len(node.value) <= 64 else self._entries(node).get(token))
                if match is None:
                    return None
                key_mark, node = match[0].start_mark, match[1]
            elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
                node = node.value[int(token)]
                key_mark = node.start_mark
            else:
                return None
        mark = node.start_mark
        if isinstance(node, yaml.ScalarNode):
            return Pos(mark.line, mark.column, key_mark.line, key_mark.column, node.value,
                       not node.style, tag_of(node)[len(_CORE):])
        return Pos(mark.line, mark.column, key_mark.line, key_mark.column, tag=tag_of(node)[len(_CORE):])

    def _entries(self, node: yaml.MappingNode) -> dict[str, tuple[Any, Any]]:
        # A large mapping is indexed on first use: a book with thousands of keys is located
        # in linear time (a small one is scanned: cheaper than building the index).
        entries = self._keys.get(id(node))
        if entries is None:  # reversed: the first of equal keys wins (a key refused as duplicate)
            entries = self._keys[id(node)] = {key.value: (key, value) for key, value in reversed(node.value)}
        return entries

    def positions(self) -> dict[str, Pos]:
        """Map every JSON pointer to its position (computed on demand: errors are rare)."""
        found: dict[str, Pos] = {}
        if self.root is not None:
            mark = self.root.start_mark
            _map_positions(self.root, "", mark.line, mark.column, found)
        return found


def compose(text: str) -> tuple[Document | None, YamlProblem | None]:
    """Parse ``text`` into a :class:`Document`, or say why it cannot be used. Never raises."""
    restore = None
    if any(separator in text for separator in _SEPARATORS) and not any(
            stand_in in text for stand_in in _STAND_INS):
        text, restore = text.translate(_TO_STAND_IN), _FROM_STAND_IN
    try:
        _check_anchors(text)
        node = yaml.compose(text, Loader=_Loader)
        if node is None:
            return Document(None, None, ()), None
        converter = _Converter(text, restore)
        data = converter.value(node, "", 0)
    except _Refused as refused:
        return None, refused.problem
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line, mark.column) if mark else (0, 0)
        return None, YamlProblem("yaml-syntax", line, column, _libyaml_wording(error))
    except yaml.YAMLError as error:  # e.g. a reader error for a control character
        return None, YamlProblem("yaml-syntax", 0, 0, str(error))
    except RecursionError:
        return None, YamlProblem("yaml-syntax", 0, 0, "nesting too deep")
    return Document(data, node, tuple(converter.retyped), tuple(converter.controls)), None


# PyYAML's Python parser words some problems differently from libyaml (at the same mark);
# the messages are made from libyaml's words, so that the browser form's Python (which has
# no libyaml) says what ``taskbook validate`` says.
_PYTHON_WORDING = {
    ("expected <block end>", "while parsing a block mapping"): "did not find expected key",
    ("expected <block end>", "while parsing a block collection"):
        "did not find expected '-' indicator",
}


def _libyaml_wording(error: yaml.MarkedYAMLError) -> str:
    problem = str(error.problem or error)
    for (start, context), words in _PYTHON_WORDING.items():
        if problem.startswith(start) and error.context == context:
            return words
    return problem


def load(text: str) -> tuple[Any, dict[str, Pos], YamlProblem | None]:
    """Parse ``text`` into ``(data, positions, problem)``; a convenience over :func:`compose`."""
    document, problem = compose(text)
    if document is None:
        return None, {}, problem
    return document.data, document.positions(), None


class _Converter:
    """Nodes → plain values, refusing tags and duplicate keys on the way.

    Aliases never reach it: :func:`_check_anchors` refuses any anchor or alias first, so
    every node is visited once. Each container is given its JSON pointer; a scalar's is made
    only when it is needed (a retyped scalar, a control character), as most never are.
    """

    def __init__(self, text: str, restore: dict[int, int] | None = None) -> None:
        self.text = text
        self.restore = restore
        self.retyped: list[tuple[str, Pos]] = []
        self.controls: list[tuple[str, str, bool]] = []

    def text_of(self, node: Any, pointer: str, key: bool = False) -> str:
        """A text scalar's value (folded the Chinese way, separators put back); a control
        character its escapes wrote is recorded under its pointer (a key's own)."""
        value: str = node.value
        if node.start_mark.line != node.end_mark.line and node.style in (None, "", ">"):
            value = refold(self.text, node)
        if self.restore is not None:
            value = value.translate(self.restore)
        if node.style == '"':  # only escapes in double quotes can write a control character
            found = CONTROL.search(value)
            if found is not None:
                self.controls.append((pointer + (f"/{escape(value)}" if key else ""), found.group(), key))
        return value

    def value(self, node: Any, pointer: str, depth: int) -> Any:
        # ``node`` is a yaml Node; typed Any because this is the hot loop of every book.
        kind = type(node)
        tag = node.tag
        if tag == _IMPLICIT_TAG:
            if kind is yaml.MappingNode:
                return self.mapping(node, pointer, depth)
            if kind is yaml.SequenceNode:
                return self.sequence(node, pointer, depth)
            tag = _TEXT_TAG if node.style else _scalar_tag(node.value)
        elif tag not in _ALLOWED_TAGS or (kind is yaml.MappingNode) != (tag == _MAP) or (
                kind is yaml.SequenceNode) != (tag == _SEQ):
            mark = node.start_mark  # a tag of its own, not a standard one or not for its kind
            raise _Refused(YamlProblem("yaml-tag", mark.line, mark.column, tag, pointer))
        elif kind is not yaml.ScalarNode:
            return self.mapping(node, pointer, depth) if tag == _MAP else self.sequence(node, pointer, depth)
        if tag == _STR:
            if self.restore is None and node.style != '"' and node.start_mark.line == node.end_mark.line:
                return node.value
            return self.text_of(node, pointer)
        short = tag[len(_CORE):]
        if not node.style and short != "null":
            mark = node.start_mark
            self.retyped.append((pointer, Pos(mark.line, mark.column, mark.line, mark.column,
                                              node.value, True, short)))
        return _scalar(node, short)

    def sequence(self, node: Any, pointer: str, depth: int) -> list[Any]:
        _deeper(node, pointer, depth)
        return [self.value(item, f"{pointer}/{index}", depth + 1) for index, item in enumerate(node.value)]

    def mapping(self, node: Any, pointer: str, depth: int) -> dict[str, Any]:
        _deeper(node, pointer, depth)
        result: dict[str, Any] = {}
        plain = self.restore is None
        scalar = yaml.ScalarNode
        for key_node, value_node in node.value:
            if type(key_node) is not scalar:
                raise _Refused(_key_problem(key_node, node, pointer, ""))
            key = key_node.value
            style = key_node.style
            # tag_of(), inlined for the usual plain key (the cache answers in C).
            tag = _scalar_tag(key) if not style and key_node.tag == _IMPLICIT_TAG else tag_of(key_node)
            if tag != _STR and (tag not in _ALLOWED_TAGS or tag == _MERGE):
                raise _Refused(_key_problem(key_node, node, pointer, tag))
            if not plain or style == '"':
                key = self.text_of(key_node, pointer, key=True)
            if key in result:
                raise _Refused(_key_problem(key_node, node, pointer, tag))
            # Most values are one-line text: taken here, without a call or a pointer.
            if (type(value_node) is scalar and value_node.tag == _IMPLICIT_TAG and plain
                    and value_node.start_mark.line == value_node.end_mark.line
                    and (value_node.style == "'" or (not value_node.style and (
                        value_node.value[:1] not in _IMPLICIT or _scalar_tag(value_node.value) == _STR)))):
                result[key] = value_node.value
            else:
                result[key] = self.value(value_node, f"{pointer}/{escape(key)}", depth + 1)
        return result


def _deeper(node: Any, pointer: str, depth: int) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` (every later walk stays shallow)."""
    if depth >= MAX_DEPTH:
        mark = node.start_mark
        raise _Refused(YamlProblem("yaml-syntax", mark.line, mark.column, "nesting too deep", pointer))


_SENTINEL = "\ue000"


def refold(text: str, node: Any) -> str:
    """A multi-line plain or folded (``>``) scalar, folded the Chinese way.

    YAML turns each wrapped line break into a space, which Chinese does not use
    ("清单；\\nPM2.5" would read "清单； PM2.5"). The scalar is parsed again with a marker
    at the end of each source line, so that exactly the breaks YAML folded are known; each
    of those is joined by :func:`taskbook.cjk.join_breaks`'s rule, and every other break is
    kept as YAML keeps it.
    """
    from taskbook.cjk import is_wide

    value: str = node.value
    if _SENTINEL in value:
        return value
    source = text[node.start_mark.index:node.end_mark.index]
    lines = source.split("\n")
    first = 1 if node.style == ">" else 0  # a block scalar's header line holds no text
    quick = _fold_simple(lines[first:], node.style == ">", lines[0] if first else "")
    if quick is not None and quick[0] == value:
        return quick[1]  # the common case, without parsing again
    marked = [line + _SENTINEL if index >= first and line.strip() else line
              for index, line in enumerate(lines)]
    try:
        again = yaml.compose("\n".join(marked) + "\n", Loader=_Loader)
    except yaml.YAMLError:
        return value
    if not isinstance(again, yaml.ScalarNode) or again.value.replace(_SENTINEL, "") != value:
        return value  # the scalar does not stand alone (e.g. an explicit indentation)
    value = again.value

    def join(match: re.Match[str]) -> str:
        before = value[match.start() - 1] if match.start() else ""
        after = value[match.end()] if match.end() < len(value) else ""
        return "" if (before and is_wide(before)) or (after and is_wide(after)) else " "

    return re.sub(_SENTINEL + " ", join, value).replace(_SENTINEL, "")


def _fold_simple(lines: list[str], block: bool, header: str) -> tuple[str, str] | None:
    """Fold the lines of a scalar whose lines all start at one indentation, as YAML does and
    as Chinese is written: ``(YAML's value, the Chinese way)``, or None when the scalar is
    not that simple (more-indented lines, trailing or tab white space, an explicit
    indentation) and must be parsed again."""
    from taskbook.cjk import is_wide

    chomp = header.strip()[1:] if block else ""
    if chomp not in ("", "-", "+"):
        return None  # an indentation indicator or a comment: let the parser decide
    rows = lines
    if block:
        content = [line for line in rows if line.strip()]
        if not content:
            return None
        indent = len(content[0]) - len(content[0].lstrip(" "))
        if any(not line.startswith(" " * indent) or line[indent:indent + 1] in (" ", "\t")
               for line in content):
            return None
        rows = [line[indent:] if line.strip() else "" for line in rows]
    else:
        rows = [line.strip(" ") for line in rows]
    if any(line != line.rstrip() or "\t" in line for line in rows):
        return None
    trailing = 0
    while rows and not rows[-1]:
        rows.pop()
        trailing += 1
    plain = wide = ""
    blank = 0
    for row in rows:
        if not row:
            blank += 1
            continue
        if plain:
            if blank:
                plain += "\n" * blank
                wide += "\n" * blank
            else:
                plain += " "
                wide += "" if is_wide(wide[-1]) or is_wide(row[0]) else " "
        plain += row
        wide += row
        blank = 0
    if block:  # chomping: strip, keep every trailing line break, or clip to one
        ending = {"-": "", "+": "\n" * max(trailing, 1)}.get(chomp, "\n")
        plain += ending
        wide += ending
    return plain, wide


def _key_problem(key_node: yaml.Node, parent: yaml.MappingNode, pointer: str, tag: str) -> YamlProblem:
    """Why a key (of tag ``tag``) is refused; ``pointer`` is its mapping's, the key's own is
    given when known."""
    mark = key_node.start_mark
    if not isinstance(key_node, yaml.ScalarNode):
        return YamlProblem("yaml-syntax", mark.line, mark.column, "complex key", pointer)
    if tag == _MERGE:
        return YamlProblem("yaml-alias", mark.line, mark.column, pointer=pointer)
    if tag != _STR and tag not in _ALLOWED_TAGS:
        return YamlProblem("yaml-tag", mark.line, mark.column, tag, pointer)
    first = next(k for k, _ in parent.value if isinstance(k, yaml.ScalarNode) and k.value == key_node.value)
    return YamlProblem("yaml-duplicate-key", mark.line, mark.column,
                       f"{key_node.value}\n{first.start_mark.line}", f"{pointer}/{escape(key_node.value)}")


def _map_positions(node: Any, pointer: str, key_line: int, key_column: int,
                   found: dict[str, Pos]) -> None:
    mark = node.start_mark
    short = tag_of(node)[len(_CORE):]
    if isinstance(node, yaml.MappingNode):
        found[pointer] = Pos(mark.line, mark.column, key_line, key_column, tag=short)
        for key_node, value_node in node.value:
            kmark = key_node.start_mark
            _map_positions(value_node, f"{pointer}/{escape(key_node.value)}", kmark.line, kmark.column, found)
    elif isinstance(node, yaml.SequenceNode):
        found[pointer] = Pos(mark.line, mark.column, key_line, key_column, tag=short)
        for index, item in enumerate(node.value):
            imark = item.start_mark
            _map_positions(item, f"{pointer}/{index}", imark.line, imark.column, found)
    else:
        found[pointer] = Pos(mark.line, mark.column, key_line, key_column, node.value,
                             not node.style, short)  # libyaml reports plain as ""


def _scalar(node: Any, short: str) -> Any:
    """The value of a scalar that is not plain text; its text when it cannot be one.

    Numbers longer than :data:`MAX_NUMBER` characters are not built (a 5,000-digit integer
    is refused by Python; a long sexagesimal ``1:00:00:…`` takes quadratic time); explicit
    tags on text that does not fit them (``!!bool "x"``) keep the text; the checker reports
    the text where a number is due.
    """
    if short == "str":
        return node.value
    if short == "null":
        return None
    value: str = node.value
    if short in ("int", "float") and len(value) > MAX_NUMBER:
        return value
    if short == "int" and value.isdecimal() and value.isascii() and (value[0] != "0" or value == "0"):
        return int(value)  # the common case (a count, a year), without the constructor
    try:
        if short == "bool":
            return _constructor.construct_yaml_bool(node)
        if short == "int":
            return _constructor.construct_yaml_int(node)
        if short == "float":
            number = _constructor.construct_yaml_float(node)
            # JSON has no infinity or NaN: keep the text, which the schema then refuses.
            return value if number != number or number in (float("inf"), float("-inf")) else number
    except (ValueError, KeyError, IndexError, TypeError, OverflowError):
        return node.value
    # A timestamp is never a JSON value: keep the text; the checker reports it where a
    # string was expected and the schema refuses it elsewhere.
    return node.value


# Types YAML may give a plain scalar, keyed by resolved tag, for messages.
CHANGED_TYPES = {
    "int": "整数",
    "float": "小数",
    "bool": "是/否（布尔值）",
    "null": "空值",
    "timestamp": "日期",
}

__all__ = ["CHANGED_TYPES", "CONTROL", "MAX_DEPTH", "MAX_NUMBER", "Document", "Pos", "YamlProblem",
           "compose", "escape", "load", "tag_of"]
