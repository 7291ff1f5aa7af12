"""Why an HSDS file is refused: a JSON pointer, the line it starts on, and the reason."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from json import decoder as json_decoder
from typing import Any

_WHITESPACE = " \t\r\n"
# The standard library's string scanner (typeshed does not list it).
scanstring = json_decoder.scanstring  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Problem:
    pointer: str  # JSON pointer into the file; "" for the file as a whole
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"regel {self.line}")
        if self.pointer:
            where.append(self.pointer)
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


class HsdsImportError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems[:5]))
        self.problems = problems


def pointer(parts: Iterable[Any]) -> str:
    """A JSON pointer (RFC 6901) for a path of keys and indexes."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "".join(f"/{part}" for part in escaped)


def line_of(text: str, path: list[str | int]) -> int | None:
    """The line where the value at `path` starts in the JSON `text`, or None if not found.

    Walks the text with the standard library's scanner: keys are read, values that are not
    on the path are skipped with raw_decode.
    """
    decoder = json.JSONDecoder()
    index = _skip(text, 0)
    try:
        for part in path:
            if index >= len(text):
                return None
            if text[index] == "{" and isinstance(part, str):
                index = _find_key(text, index, part, decoder)
            elif text[index] == "[" and isinstance(part, int):
                index = _find_item(text, index, part, decoder)
            else:
                return None
            if index < 0:
                return None
    except (ValueError, IndexError):
        return None
    return text.count("\n", 0, index) + 1


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


def _find_key(text: str, index: int, key: str, decoder: json.JSONDecoder) -> int:
    index = _skip(text, index + 1)
    while index < len(text) and text[index] != "}":
        name, index = scanstring(text, index + 1)
        index = _skip(text, index)
        index = _skip(text, index + 1)  # past the colon
        if name == key:
            return index
        _value, index = decoder.raw_decode(text, index)
        index = _skip(text, index)
        if index < len(text) and text[index] == ",":
            index = _skip(text, index + 1)
    return -1


def _find_item(text: str, index: int, position: int, decoder: json.JSONDecoder) -> int:
    index = _skip(text, index + 1)
    count = 0
    while index < len(text) and text[index] != "]":
        if count == position:
            return index
        _value, index = decoder.raw_decode(text, index)
        index = _skip(text, index)
        if index < len(text) and text[index] == ",":
            index = _skip(text, index + 1)
        count += 1
    return -1
