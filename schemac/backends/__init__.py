"""Backends lower the IR to files.

A backend is an object with a ``name``, a one-line ``description`` and a
``render(schema, context)`` method returning the files it would write, keyed
by POSIX path relative to the output directory. Writing is not the backend's
business: :mod:`schemac.output` does it atomically for every backend.

Built-in backends are listed here; third parties add theirs through the
``schemac.backends`` entry-point group, pointing at the backend object.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Protocol

from schemac.compiler import ir
from schemac.errors import ConfigError

ENTRY_POINT_GROUP = "schemac.backends"

_BUILTIN: dict[str, str] = {
    "sqlmodel": "schemac.backends.sqlmodel:backend",
    "erd": "schemac.backends.erd:backend",
    "dbs": "schemac.backends.dbs:backend",
}


@dataclass(frozen=True)
class RenderContext:
    """What a backend knows besides the IR.

    Attributes:
        source: The schema's entry file as the user named it, for headers.
        options: Backend options from ``[tool.schemac]`` and the command line.
    """

    source: str
    options: Mapping[str, Any] = field(default_factory=dict)


class Backend(Protocol):
    name: str
    description: str

    def render(self, schema: ir.Schema, context: RenderContext) -> dict[str, str]:
        """Return the files to write, keyed by relative POSIX path."""
        ...


class UnsupportedError(Exception):
    """A backend met an IR node it cannot lower; raised, never skipped."""


def available() -> list[str]:
    """Names of every backend that can be loaded, sorted."""
    names = set(_BUILTIN)
    names.update(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))
    return sorted(names)


def get_backend(name: str) -> Backend:
    """Load the backend called ``name``; raises ConfigError if there is none."""
    target = _BUILTIN.get(name)
    if target is None:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name == name:
                loaded: Backend = ep.load()
                return loaded
        raise ConfigError(
            f"unknown backend '{name}' (available: {', '.join(available())})"
        )
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    backend: Backend = getattr(module, attr)
    return backend
