"""Choosing the tables a diagram shows from ``--include``/``--exclude`` globs."""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase

from schemac.backends.erd import messages
from schemac.compiler import ir
from schemac.diagnostics import did_you_mean
from schemac.errors import ConfigError


def select_models(
    schema: ir.Schema, include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> tuple[ir.Model, ...]:
    """The models to draw, in declaration order.

    A pattern matches a model's name, its table name or its schema-qualified
    table name, ignoring case. A compiler-made link table follows its two
    ends: it is drawn when both are, unless a pattern excludes it by name.

    Raises:
        ConfigError: A pattern matches no table, or nothing is left to draw.
    """
    include, exclude = tuple(include), tuple(exclude)
    models = schema.models
    _check_patterns(models, include, "include")
    _check_patterns(models, exclude, "exclude")

    chosen = {m.name for m in models if not include or _matches_any(m, include)}
    chosen = {name for name in chosen if not _matches_any(schema.model(name), exclude)}
    chosen |= _links_between(models, chosen, exclude)

    selected = tuple(m for m in models if m.name in chosen)
    if models and not selected:
        raise ConfigError(messages.NOTHING_LEFT)
    return selected


def _links_between(
    models: Iterable[ir.Model], chosen: set[str], exclude: tuple[str, ...]
) -> set[str]:
    return {
        model.name
        for model in models
        if model.is_link
        and model.foreign_keys
        and all(fk.target in chosen for fk in model.foreign_keys)
        and not _matches_any(model, exclude)
    }


def _names(model: ir.Model) -> tuple[str, ...]:
    return (model.name, model.table, model.qualified_table)


def _matches(model: ir.Model, pattern: str) -> bool:
    folded = pattern.casefold()
    return any(fnmatchcase(name.casefold(), folded) for name in _names(model))


def _matches_any(model: ir.Model, patterns: tuple[str, ...]) -> bool:
    return any(_matches(model, pattern) for pattern in patterns)


def _check_patterns(
    models: tuple[ir.Model, ...], patterns: tuple[str, ...], option: str
) -> None:
    for pattern in patterns:
        if any(_matches(model, pattern) for model in models):
            continue
        candidates = sorted({name for m in models for name in _names(m)})
        suggestion = did_you_mean(pattern, candidates)
        hint = f" ({suggestion})" if suggestion else ""
        raise ConfigError(
            messages.NO_MATCH.format(option=option, pattern=pattern, hint=hint)
        )
