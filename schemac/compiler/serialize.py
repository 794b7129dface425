"""Lossless JSON for the IR.

``to_dict`` walks the frozen dataclasses; ``from_dict`` rebuilds them from
their type hints, so a new IR field needs no change here.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any, TypeVar

from schemac.compiler import ir
from schemac.source import NO_SPAN, Span

FORMAT_VERSION = 1

T = TypeVar("T")


def to_dict(node: Any, spans: bool = True) -> Any:
    """A JSON-able structure for an IR node (or a tuple of them)."""
    if isinstance(node, Span):
        return [node.file, node.line, node.column, node.end_line, node.end_column]
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if f.name == "span" and not spans:
                continue
            if value == f.default and f.name != "span":
                continue
            out[f.name] = to_dict(value, spans)
        return out
    if isinstance(node, tuple):
        return [to_dict(item, spans) for item in node]
    return node


def dumps(schema: ir.Schema, spans: bool = True) -> str:
    """The schema as stable, sorted, indented JSON."""
    payload = {"schemac_ir": FORMAT_VERSION, "schema": to_dict(schema, spans)}
    return json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def loads(text: str) -> ir.Schema:
    """Rebuild a schema from :func:`dumps` output; raises ValueError if invalid."""
    payload = json.loads(text)
    if not isinstance(payload, dict) or payload.get("schemac_ir") != FORMAT_VERSION:
        raise ValueError("not a schemac IR snapshot of a known format version")
    return from_dict(ir.Schema, payload["schema"])


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild an instance of dataclass ``cls`` from :func:`to_dict` output."""
    return typing.cast(T, _build(cls, data))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(ir))


def _build(tp: Any, data: Any) -> Any:
    if tp is Span:
        return Span(*data) if data is not None else NO_SPAN
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise ValueError(f"expected an object for {tp.__name__}")
        hints = _hints(tp)
        kwargs = {k: _build(hints[k], v) for k, v in data.items() if k in hints}
        return tp(**kwargs)
    origin = typing.get_origin(tp)
    if origin is tuple:
        args = typing.get_args(tp)
        item = args[0] if args else Any
        return tuple(_build(item, v) for v in data)
    if origin in (typing.Union, types.UnionType):
        return _build_union(typing.get_args(tp), data)
    if isinstance(data, list):  # JsonValue arrays
        return tuple(_build(Any, v) for v in data)
    return data


def _build_union(options: tuple[Any, ...], data: Any) -> Any:
    if data is None:
        return None
    for option in options:
        if dataclasses.is_dataclass(option) and isinstance(data, dict):
            return _build(option, data)
        if option is Span and isinstance(data, list):
            return _build(Span, data)
    if isinstance(data, list):
        return tuple(_build(Any, v) for v in data)
    return data


def without_spans(schema: ir.Schema) -> Any:
    """A span-free structure, for comparing two schemas by meaning."""
    return to_dict(schema, spans=False)
