"""``schemac convert``: a Markdown spec (or any spec) printed as ``.dbs``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from schemac.backends.dbs import print_dbs
from schemac.cli_support import handle_errors, load_or_exit, summarize
from schemac.errors import OutputError
from schemac.output import write_atomic


@click.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--to",
    "target",
    type=click.Choice(["dbs"]),
    default="dbs",
    show_default=True,
    help="The language to convert to.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of standard output.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 2).")
@click.option("--force", is_flag=True, help="Replace an existing --out file.")
@handle_errors
def convert(
    spec: Path, target: str, out: Path | None, force: bool, strict: bool
) -> None:
    """Convert SPEC (a Markdown or .dbs spec) to the .dbs language.

    The result goes to standard output (or --out); a summary of what was
    understood and every warning go to standard error. An existing --out file
    is the user's to keep: it is replaced only with --force.
    """
    loaded = load_or_exit(spec, strict)
    text = print_dbs(loaded.schema)
    if out is None:
        click.echo(text, nl=False)
        sys.stdout.flush()
    else:
        if out.exists() and not force:
            raise OutputError(
                f"refusing to overwrite {out} (use --force to replace it)"
            )
        write_atomic(out, text.encode("utf-8"))
    click.echo("converted: " + summarize(loaded), err=True)
