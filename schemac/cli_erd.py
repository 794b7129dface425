"""The ``schemac erd`` command: draw the schema as DOT, SVG, PNG, PDF,
Mermaid or HTML, or keep a Mermaid diagram current inside a Markdown file."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from schemac.backends.erd import (
    Diagram,
    ErdOptions,
    build_diagram,
    render_binary,
    render_embedded,
    render_text,
)
from schemac.backends.erd import messages as erd_messages
from schemac.backends.erd.embed import START_MARKER, embed_file
from schemac.backends.erd.options import (
    BINARY_FORMATS,
    ENUM_STYLES,
    FORMATS,
    format_for_suffix,
    parse_settings,
)
from schemac.backends.erd.render import MERMAID_MAX_TEXT
from schemac.cli_support import handle_errors, load_or_exit, resolve_schema
from schemac.config import load_config
from schemac.errors import ConfigError, OutputError
from schemac.output import refuse_foreign, write_atomic

EPILOG = f"""\b
Examples:
  schemac erd schema.dbs                      Mermaid to stdout
  schemac erd schema.dbs --out erd.svg        format from the extension
  schemac erd spec.md -f dot | dot -Tpng > erd.png
  schemac erd schema.dbs --out erd.html       searchable page, works offline
  schemac erd schema.dbs --include 'order*' --keys-only --out orders.png
  schemac erd schema.dbs --embed docs/schema.md
  schemac erd schema.dbs --embed docs/schema.md --check    (CI: exit 1 if stale)

\b
--embed replaces what lies between these lines of the Markdown file:
  {START_MARKER}
  <!-- schemac:erd:end -->

Defaults come from [tool.schemac.erd] in pyproject.toml when it exists.
svg, png, pdf and html need Graphviz's `dot` program.
"""


@click.command("erd", epilog=EPILOG)
@click.argument("schema", type=click.Path(path_type=Path), required=False)
@click.option(
    "-f", "--format", "fmt", type=click.Choice(FORMATS), help="Output format."
)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write; its extension gives the format when -f is not given.",
)
@click.option(
    "--embed",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Markdown file whose marked region receives a Mermaid block.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if stale.")
@click.option("--include", multiple=True, metavar="GLOB", help="Tables to draw.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Tables to leave out.")
@click.option(
    "--keys-only/--all-columns",
    default=None,
    help="Show only key columns (PK, FK, unique).",
)
@click.option("--docs/--no-docs", default=None, help="Show table and column docs.")
@click.option(
    "--collapse-m2m/--no-collapse-m2m",
    default=None,
    help="Draw link tables as one many-to-many edge.",
)
@click.option("--enums", type=click.Choice(ENUM_STYLES), help="How to draw enums.")
@click.option(
    "--force", is_flag=True, help="Replace an --out file schemac did not write."
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@handle_errors
def erd(
    schema: Path | None,
    fmt: str | None,
    out: Path | None,
    embed: Path | None,
    check: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    keys_only: bool | None,
    docs: bool | None,
    collapse_m2m: bool | None,
    enums: str | None,
    force: bool,
    strict: bool,
) -> None:
    """Draw an entity-relationship diagram of SCHEMA (.dbs or Markdown)."""
    config = load_config()
    fmt = _choose_format(fmt, out, embed, check)
    path = resolve_schema(schema, config, "erd")
    flags = {
        "include": list(include) or None,
        "exclude": list(exclude) or None,
        "keys_only": keys_only,
        "docs": docs,
        "collapse_m2m": collapse_m2m,
        "enums": enums,
    }
    options = _options(config.erd, flags)

    loaded = load_or_exit(path, strict)
    diagram = build_diagram(loaded.schema, options)
    source = str(path)
    if embed is not None:
        _embed(diagram, source, embed, check)
    elif fmt in BINARY_FORMATS:
        assert out is not None  # _choose_format demands it
        # PNG and PDF carry no header to tell schemac's from a person's;
        # an image named with --out is taken as schemac's to replace.
        _write(out, render_binary(diagram, fmt), len(diagram.tables))
    else:
        text = render_text(diagram, fmt, source)
        _emit_text(text, fmt, out, check, diagram, source, force)


def _choose_format(
    fmt: str | None, out: Path | None, embed: Path | None, check: bool
) -> str:
    if embed is not None:
        if out is not None:
            raise ConfigError(erd_messages.EMBED_AND_OUT)
        if fmt not in (None, "mermaid"):
            raise ConfigError(erd_messages.EMBED_NEEDS_MERMAID.format(fmt=fmt))
        return "mermaid"
    if fmt is None:
        fmt = format_for_suffix(out.name) if out is not None else "mermaid"
    if fmt in BINARY_FORMATS and out is None:
        raise ConfigError(erd_messages.BINARY_NEEDS_OUT.format(fmt=fmt))
    if check and out is None:
        raise ConfigError(erd_messages.CHECK_NEEDS_TARGET)
    if check and fmt in BINARY_FORMATS:
        raise ConfigError(erd_messages.CHECK_BINARY.format(fmt=fmt))
    return fmt


def _options(table: Mapping[str, Any], flags: dict[str, Any]) -> ErdOptions:
    """``[tool.schemac.erd]`` with the options given on the command line."""
    merged = dict(table)
    merged.update({key: value for key, value in flags.items() if value is not None})
    return parse_settings(merged).options


def _embed(diagram: Diagram, source: str, document: Path, check: bool) -> None:
    mermaid = render_embedded(diagram, source, str(document))
    _warn_if_large(mermaid)
    current, updated = embed_file(document, mermaid)
    if check:
        command = f"schemac erd {source} --embed {document}"
        _report_check(document, current == updated, command)
        return
    if current == updated:
        click.echo(f"up to date: {document}")
        return
    write_atomic(document, updated.encode("utf-8"))
    click.echo(f"updated the diagram in {document} ({len(diagram.tables)} tables)")


def _emit_text(
    text: str,
    fmt: str,
    out: Path | None,
    check: bool,
    diagram: Diagram,
    source: str,
    force: bool,
) -> None:
    if fmt == "mermaid":
        _warn_if_large(text)
    if out is None:
        click.echo(text, nl=False)
        return
    if check:
        try:
            current = out.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        _report_check(out, current == text, f"schemac erd {source} --out {out}")
        return
    refuse_foreign(out, force)
    _write(out, text.encode("utf-8"), len(diagram.tables))


def _write(out: Path, data: bytes, tables: int) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc
    write_atomic(out, data)
    click.echo(f"wrote {out} ({tables} tables)")


def _report_check(path: Path, current: bool, command: str) -> None:
    if current:
        click.echo(f"up to date: {path}")
        return
    click.echo(f"stale: {path}", err=True)
    click.echo(
        f"schemac: the diagram in {path} is out of date; run `{command}`", err=True
    )
    sys.exit(1)


def _warn_if_large(mermaid: str) -> None:
    if len(mermaid) > MERMAID_MAX_TEXT:
        click.echo(
            f"schemac: warning: the Mermaid diagram has {len(mermaid):,} characters; "
            f"Mermaid's default limit (used by GitHub and GitLab) is "
            f"{MERMAID_MAX_TEXT:,}. Use --include/--exclude or --keys-only.",
            err=True,
        )
