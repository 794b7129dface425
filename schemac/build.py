"""What ``schemac build`` produces: the files of every configured backend."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemac.backends import RenderContext, get_backend
from schemac.compiler import ir
from schemac.output import is_generated


@dataclass(frozen=True)
class BuildResult:
    """Files to write and generated files no longer produced.

    Attributes:
        files: Relative path -> content, for the output directory.
        orphans: Files schemac generated earlier in the package directory
            that this build no longer produces (a model was removed).
        root: The generated package (or module) path, for messages.
    """

    files: dict[str, str]
    orphans: tuple[Path, ...]
    root: Path


def plan_build(schema: ir.Schema, context: RenderContext, out_dir: Path) -> BuildResult:
    """Render the SQLModel package and, when configured, the ERD diagrams."""
    files = dict(get_backend("sqlmodel").render(schema, context))
    erd_options = context.options.get("erd") or {}
    if erd_options:
        erd_context = RenderContext(context.source, erd_options)
        files.update(get_backend("erd").render(schema, erd_context))

    package = str(context.options.get("package", "models"))
    root = out_dir / package
    if context.options.get("layout") == "module":
        root = out_dir / f"{package}.py"
    return BuildResult(files, _orphans(root, out_dir, files), root)


def _orphans(root: Path, out_dir: Path, files: dict[str, str]) -> tuple[Path, ...]:
    if not root.is_dir():
        return ()
    produced = {(out_dir / rel).resolve() for rel in files}
    found = [
        path
        for path in sorted(root.rglob("*.py"))
        if path.resolve() not in produced and is_generated(path)
    ]
    return tuple(found)
