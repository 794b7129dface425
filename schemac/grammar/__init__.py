"""Lark grammars for the text front-ends, shipped as package data."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from lark import Lark


@cache
def load_parser(name: str, **options: Any) -> Lark:
    """The LALR parser for ``<name>.lark``, built on first use and then reused.

    Args:
        name: The grammar file in this package, without its suffix.
        **options: Further :class:`lark.Lark` options.
    """
    text = resources.files(__name__).joinpath(f"{name}.lark").read_text("utf-8")
    return Lark(text, parser="lalr", **options)
