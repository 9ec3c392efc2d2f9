"""YAML as data, never as code: the loader for front matter and ``mdgoals.yaml``.

Rules (SPEC §3): only plain scalars, sequences and mappings; aliases, anchors,
merge keys and custom tags are refused *before* anything is constructed;
nesting depth and size are capped; only YAML 1.2 core-schema scalars are
resolved, so ``no`` stays the string "no", ``9:30`` stays "9:30" and dates stay
strings (callers parse them).  Every error carries a 1-based line and column.

>>> load("a: 1\\nb: no\\nt: 9:30\\n").value
{'a': 1, 'b': 'no', 't': '9:30'}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

# libyaml's parser is ~10x faster than the pure-Python one; use it when PyYAML was built with it.
_CParser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None) if getattr(yaml, "__with_libyaml__", False) else None


MAX_BYTES = 256 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000
MAX_INT_DIGITS = 100

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_ALLOWED_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _SEQ, _MAP}


class YamlError(Exception):
    """Invalid or refused YAML, with a 1-based line and column."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class _Resolver12(BaseResolver):
    """The YAML 1.2 core schema: no yes/no/on/off booleans, no sexagesimals, no timestamps."""


_Resolver12.yaml_implicit_resolvers = {}
_Resolver12.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Resolver12.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Resolver12.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)
_Resolver12.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


if _CParser:

    class _Composer(_CParser, _Resolver12):
        """Parse and compose a node tree with libyaml; nothing is constructed here."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            _Resolver12.__init__(self)

else:  # pragma: no cover - depends on how PyYAML was built

    class _Composer(Reader, Scanner, Parser, Composer, _Resolver12):  # type: ignore[no-redef]
        """Parse and compose a node tree in pure Python; nothing is constructed here."""

        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            _Resolver12.__init__(self)


@dataclass
class Loaded:
    """A loaded document: its value, and the line of each top-level key (1-based)."""

    value: Any
    key_lines: dict[str, int] = field(default_factory=dict)
    key_nodes: dict[str, Node] = field(default_factory=dict)


# Composing is recursive in C (libyaml through PyYAML's Cython composer): ~25,000 levels crash
# the process, and no Python RecursionError comes first.  Depth is therefore measured on the
# parser's event stream (a loop, no recursion) whenever the text could nest more than a little:
# more than MAX_DEPTH flow brackets in all, or a line whose indentation and block indicators
# ("- - - x", "? ? x") run MAX_DEPTH columns deep.  Below both, composition stays a few hundred
# levels deep at most and the tree check enforces MAX_DEPTH exactly.
_DEEP_BLOCK = re.compile(rf"^[ \t?:-]{{{MAX_DEPTH},}}", re.MULTILINE)


def _may_nest_deeply(text: str) -> bool:
    return text.count("[") + text.count("{") > MAX_DEPTH or _DEEP_BLOCK.search(text) is not None


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, found on the event stream before anything is composed."""
    parser = _Composer(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    raise YamlError(f"nesting deeper than {MAX_DEPTH} levels is refused", line, col)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()


def compose(text: str) -> Node | None:
    """Parse text into a checked node tree (no aliases, no custom tags, bounded)."""
    if len(text) > MAX_BYTES:
        raise YamlError(f"YAML larger than {MAX_BYTES // 1024} KiB is refused", 1, 1)
    if "&" in text or "*" in text:
        _refuse_anchors(text)
    loader = _Composer(text)
    try:
        if _may_nest_deeply(text):
            _check_depth(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        col = mark.column + 1 if mark else 0
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlError(problem, line, col) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc).splitlines()[0] if str(exc) else "invalid YAML", 1, 1) from None
    except RecursionError:
        raise YamlError("nesting too deep", 1, 1) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()
    if node is not None:
        _check_tree(node)
    return node


def _refuse_anchors(text: str) -> None:
    """Refuse anchors and aliases with the scanner's marks, before composition."""
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                kind = "alias" if isinstance(token, yaml.AliasToken) else "anchor"
                raise YamlError(
                    f"YAML {kind} '{token.value}' is refused: front matter and config are data, write the value out",
                    token.start_mark.line + 1,
                    token.start_mark.column + 1,
                )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(exc.problem or "invalid YAML", mark.line + 1 if mark else 0, mark.column + 1 if mark else 0) from None


def _check_tree(root: Node) -> None:
    """Refuse custom tags, shared nodes, excessive depth or size (iteratively)."""
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if id(node) in seen:
            raise YamlError("YAML aliases are refused", node.start_mark.line + 1, node.start_mark.column + 1)
        seen.add(id(node))
        if count > MAX_NODES:
            raise YamlError(f"YAML with more than {MAX_NODES} values is refused", 1, 1)
        if depth > MAX_DEPTH:
            raise YamlError(
                f"nesting deeper than {MAX_DEPTH} levels is refused", node.start_mark.line + 1, node.start_mark.column + 1
            )
        if node.tag not in _ALLOWED_TAGS:
            raise YamlError(
                f"YAML tag {node.tag!r} is refused: only plain values, lists and mappings are allowed",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))


def construct(node: Node | None) -> Any:
    """Return the plain Python value of a checked node tree."""
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        return [construct(child) for child in node.value]
    result: dict[Any, Any] = {}
    assert isinstance(node, MappingNode)
    for key_node, value_node in node.value:
        key = construct(key_node)
        if isinstance(key, (list, dict)):
            raise YamlError("a mapping key must be a plain value", key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if key in result:
            raise YamlError(f"duplicate key {key!r}", key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        result[key] = construct(value_node)
    return result


def _scalar(node: ScalarNode) -> Any:
    value: str = node.value
    tag = node.tag
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _INT:
        digits = value.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            raise YamlError(
                f"integer with more than {MAX_INT_DIGITS} digits is refused", node.start_mark.line + 1, node.start_mark.column + 1
            )
        if digits.startswith("0o"):
            return int(value.replace("0o", ""), 8)
        if digits.startswith("0x"):
            return int(value.replace("0x", ""), 16)
        return int(value)
    if tag == _FLOAT:
        low = value.lower()
        if low.endswith("inf"):
            return float("-inf") if low.startswith("-") else float("inf")
        if low == ".nan":
            return float("nan")
        return float(value)
    raise YamlError(f"YAML tag {tag!r} is refused", node.start_mark.line + 1, node.start_mark.column + 1)


def load(text: str) -> Loaded:
    """Load one YAML document safely; a mapping's top-level key lines are recorded."""
    node = compose(text)
    value = construct(node)
    loaded = Loaded(value)
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                loaded.key_lines[str(key_node.value)] = key_node.start_mark.line + 1
                loaded.key_nodes[str(key_node.value)] = value_node
    return loaded


def node_line(node: Node) -> int:
    """Return the 1-based line where a node starts."""
    return int(node.start_mark.line) + 1
