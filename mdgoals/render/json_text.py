"""JSON text exactly as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, made faster.

``json.dumps(indent=...)`` runs the standard library's pure-Python encoder, a
generator per container and a yield per token: a quarter of a second for ten
years of days.  This writes the same text with the C encoder, each container of plain
scalars in one call; ``tests/test_render_json.py`` holds it to ``json.dumps``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from json.encoder import c_make_encoder  # type: ignore[attr-defined]
from typing import Any

encode_str: Callable[[str], str] = json.encoder.encode_basestring  # the C version when the interpreter has it


class Raw:
    """Text already in JSON, made for the indentation it is written at (a hook for :func:`dumps`)."""

    __slots__ = ("write",)

    def __init__(self, write: Callable[[str], str]) -> None:
        self.write = write  # nl ('\n' and the spaces of the line the value starts on) → text


def dumps(value: Any) -> str:
    r"""Return ``json.dumps(value, ensure_ascii=False, indent=2)``, faster.

    >>> dumps({"a": [1, 2.5, None], "b": {}})
    '{\n  "a": [\n    1,\n    2.5,\n    null\n  ],\n  "b": {}\n}'
    """
    return value_text(value, "\n")


def value_text(o: Any, nl: str) -> str:
    """Return one value as json.dumps writes it at the indentation nl ('\n' and spaces)."""
    if isinstance(o, str):
        return encode_str(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return _float(o)
    inner = nl + "  "
    if isinstance(o, (list, tuple)):
        if not o:
            return "[]"
        if _FLAT.issuperset(map(type, o)):
            return "[" + inner + _flat(inner, o)[1:-1] + nl + "]"
        return "[" + inner + ("," + inner).join([encode_str(v) if type(v) is str else value_text(v, inner) for v in o]) + nl + "]"
    if isinstance(o, dict):
        if not o:
            return "{}"
        if _FLAT.issuperset(map(type, o.values())) and _STR.issuperset(map(type, o)):
            return "{" + inner + _flat(inner, o)[1:-1] + nl + "}"
        return (
            "{"
            + inner
            + ("," + inner).join(
                [
                    (encode_str(k) if type(k) is str else key_text(k))
                    + ": "
                    + (encode_str(v) if type(v) is str else value_text(v, inner))
                    for k, v in o.items()
                ]
            )
            + nl
            + "}"
        )
    if isinstance(o, Raw):
        return o.write(nl)
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


# A container of plain scalars is written by the C encoder in one call: with the separator
# ",\n" + indentation it writes exactly what the indenting encoder writes between the brackets.
_FLAT = frozenset((str, int, float, bool, type(None)))
_STR = frozenset((str,))
_FLAT_ENCODERS: dict[str, Callable[[Any, Any], Iterable[str]]] = {}


def _encoder(inner: str) -> Callable[[Any, Any], Iterable[str]]:
    """Return the C encoder that separates items with ',' + inner (made once per indentation)."""
    encoder = _FLAT_ENCODERS.get(inner)
    if encoder is None:
        if c_make_encoder is not None:
            encoder = c_make_encoder(None, None, encode_str, None, ": ", "," + inner, False, False, True)
        else:  # pragma: no cover - an interpreter without the _json accelerator
            python_encoder = json.JSONEncoder(ensure_ascii=False, separators=("," + inner, ": "))

            def encoder(value: Any, level: Any) -> Iterable[str]:
                return python_encoder.iterencode(value)

        _FLAT_ENCODERS[inner] = encoder
    return encoder


def _flat(inner: str, o: list[Any] | tuple[Any, ...] | dict[str, Any]) -> str:
    """Return a container of plain scalars as the C encoder writes it with the separator ',' + inner."""
    return "".join(_encoder(inner)(o, 0))


def key_text(key: Any) -> str:
    """Return a dict key as json.dumps writes it (always a string)."""
    if isinstance(key, str):
        return encode_str(key)
    if key is None or isinstance(key, (int, float)):  # bool is an int: '"true"'
        return encode_str(value_text(key, ""))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == float("inf"):
        return "Infinity"
    if o == float("-inf"):
        return "-Infinity"
    return float.__repr__(o)
