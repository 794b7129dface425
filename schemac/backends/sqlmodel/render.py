"""Laying out prepared module views as Python files with Jinja2."""

from __future__ import annotations

from functools import cache

import jinja2

from schemac.backends.sqlmodel.lower import ModuleView


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("schemac.backends.sqlmodel", "templates"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Python source, not HTML
    )


def render_module(module: ModuleView, header: list[str]) -> str:
    """The text of one generated module, ending in exactly one newline."""
    template = _environment().get_template("module.py.jinja")
    text = template.render(module=module, header=header)
    return text.rstrip("\n") + "\n"
