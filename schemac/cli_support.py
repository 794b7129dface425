"""What every ``schemac`` command shares: loading a spec and reporting errors.

Command modules (``cli_*.py``) import from here, not from :mod:`schemac.cli`,
which imports them.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from schemac.config import Config
from schemac.diagnostics import Diagnostic, Severity, render_all
from schemac.errors import ConfigError, InputError, SchemacError
from schemac.pipeline import Loaded, load_schema
from schemac.source import SourceFile

P = ParamSpec("P")
R = TypeVar("R")


def print_diagnostics(
    diagnostics: list[Diagnostic], sources: dict[str, SourceFile]
) -> None:
    """Print diagnostics to stderr, coloured when stderr is a terminal."""
    if diagnostics:
        color = sys.stderr.isatty()
        click.echo(render_all(diagnostics, sources, color=color), err=True)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn SchemacError into a printed message and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            print_diagnostics(exc.diagnostics, exc.sources)
            click.echo(f"schemac: {exc}; nothing was written", err=True)
            sys.exit(exc.exit_code)
        except SchemacError as exc:
            click.echo(f"schemac: error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


def load_or_exit(path: Path, strict: bool = False) -> Loaded:
    """Compile ``path``, printing its warnings; errors raise InputError."""
    try:
        loaded = load_schema(path, strict=strict)
    except OSError as exc:
        raise SchemacError(f"cannot read {path}: {exc.strerror or exc}") from exc
    print_diagnostics(loaded.diagnostics, loaded.sources)
    return loaded


def resolve_schema(given: Path | None, config: Config, command: str) -> Path:
    """The spec a command works on: the argument, else ``[tool.schemac] schema``."""
    path = given or config.schema
    if path is None:
        raise ConfigError(
            f"no schema given: pass one (schemac {command} schema.dbs) or set "
            "schema in [tool.schemac]"
        )
    return _relative_to_cwd(path)


def _relative_to_cwd(path: Path) -> Path:
    """``path`` relative to the working directory when it lies inside it.

    Generated files name their source in their header; a relative name keeps
    them byte-identical across checkouts in different directories.
    """
    if not path.is_absolute():
        return path
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def summarize(loaded: Loaded) -> str:
    """``4 tables, 31 columns, 3 relations, 1 enum, 2 warnings``.

    Link tables count as tables: they are created like any other.
    """
    schema = loaded.schema
    models = schema.models
    columns = sum(len(m.columns) for m in models)
    relations = sum(1 for m in schema.models for r in m.relations if r.declared)
    warnings = sum(1 for d in loaded.diagnostics if d.severity is Severity.WARNING)
    parts = [
        _count(len(models), "table"),
        _count(columns, "column"),
        _count(relations, "relation"),
        _count(len(schema.enums), "enum"),
        _count(warnings, "warning"),
    ]
    return ", ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def check_package(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> str | None:
    """Click callback: ``--package`` must name an importable Python package."""
    if value is not None and not value.isidentifier():
        raise click.BadParameter(f"{value!r} is not a Python identifier")
    return value
