"""Which modules a build has and what goes in each: the two layouts."""

from __future__ import annotations

from schemac.backends.sqlmodel.context import ModuleContext
from schemac.backends.sqlmodel.imports import _name_key
from schemac.backends.sqlmodel.lower import (
    ModuleView,
    check_names,
    lower_base,
    lower_enum,
    lower_model,
    module_name,
    type_checking_lines,
)
from schemac.backends.sqlmodel.pyfmt import docstring
from schemac.compiler import ir


def package_modules(schema: ir.Schema, package: str, source: str) -> list[ModuleView]:
    """Package layout: ``_base.py``, ``enums.py``, a module per model and
    an ``__init__.py`` that imports them all."""
    check_names(schema)
    modules = [_base_module(schema, package)]
    if schema.enums:
        modules.append(_enums_module(schema, package))
    modules += [_model_module(schema, package, model) for model in schema.models]
    modules.append(_init_module(schema, package, source))
    return modules


def single_module(schema: ir.Schema, package: str, source: str) -> ModuleView:
    """Module layout: the base, every enum and every model in one file."""
    check_names(schema)
    names = {m.name for m in schema.models} | {e.name for e in schema.enums}
    ctx = ModuleContext(schema, base_module=None, local_names=names)
    view = ModuleView(
        path=f"{package}.py",
        docstring=_docstring(f"SQLModel models generated from {source}.", _INIT_NOTE),
        base=lower_base(ctx),
    )
    view.enums = [lower_enum(e) for e in schema.enums]
    view.models = [lower_model(m, ctx) for m in _link_models_first(schema)]
    view.imports = ctx.imports.lines()
    return view


_INIT_NOTE = (
    "Importing it defines every model, so SQLAlchemy can configure the "
    "relationships between them. Point Alembic's ``target_metadata`` at "
    "``metadata``: it carries the naming convention the schema's "
    "constraint names follow."
)


def _docstring(*paragraphs: str) -> tuple[str, ...]:
    return tuple(docstring(paragraphs, 0))


def _base_module(schema: ir.Schema, package: str) -> ModuleView:
    ctx = ModuleContext(schema, base_module=None)
    base = lower_base(ctx)
    return ModuleView(
        path=f"{package}/_base.py",
        docstring=_docstring(
            "The declarative base, naming convention and helpers every model shares."
        ),
        imports=ctx.imports.lines(),
        base=base,
    )


def _enums_module(schema: ir.Schema, package: str) -> ModuleView:
    ctx = ModuleContext(schema)
    ctx.imports.add("enum")
    return ModuleView(
        path=f"{package}/enums.py",
        docstring=_docstring(
            "The schema's enumerations; PostgreSQL stores each as an enum type."
        ),
        imports=ctx.imports.lines(),
        enums=[lower_enum(e) for e in schema.enums],
    )


def _model_module(schema: ir.Schema, package: str, model: ir.Model) -> ModuleView:
    ctx = ModuleContext(schema, local_names={model.name})
    ctx.attributes.update(c.name for c in model.columns)
    ctx.helper("Base")
    view = lower_model(model, ctx)
    return ModuleView(
        path=f"{package}/{module_name(model.name)}.py",
        docstring=_docstring(
            f"The {model.name} model: table ``{model.qualified_table}``."
        ),
        imports=ctx.imports.lines(),
        type_checking=type_checking_lines(ctx),
        models=[view],
    )


def _init_module(schema: ir.Schema, package: str, source: str) -> ModuleView:
    ctx = ModuleContext(schema)
    exports = {ctx.helper("Base"), ctx.helper("metadata")}
    for enum in schema.enums:
        exports.add(ctx.imports.add(".enums", enum.name))
    for model in schema.models:
        exports.add(ctx.imports.add("." + module_name(model.name), model.name))
    return ModuleView(
        path=f"{package}/__init__.py",
        docstring=_docstring(f"SQLModel models generated from {source}.", _INIT_NOTE),
        imports=ctx.imports.lines(),
        exports=sorted(exports, key=_name_key),
    )


def _link_models_first(schema: ir.Schema) -> list[ir.Model]:
    """Models in schema order, except that link models come before the models
    that name them in ``link_model=`` (a real reference, not a string)."""
    links = {r.link_model for m in schema.models for r in m.relations if r.link_model}
    return [m for m in schema.models if m.name in links] + [
        m for m in schema.models if m.name not in links
    ]
