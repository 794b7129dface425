"""Every message the ERD backend shows a user, in one place."""

from __future__ import annotations

GRAPHVIZ_MISSING = (
    "{fmt} output needs Graphviz's `dot` program, which is not on PATH. "
    "Install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: "
    "`brew install graphviz`, Fedora: `dnf install graphviz`, Windows: "
    "`winget install graphviz`) or choose --format dot or mermaid, which need "
    "no extra program."
)
GRAPHVIZ_FAILED = "Graphviz's `dot` failed to lay out the diagram: {detail}"

UNKNOWN_FORMAT = "unknown ERD format '{fmt}' (choose one of: {known})"
CANNOT_INFER_FORMAT = (
    "cannot tell the diagram format from '{path}': use --format ({known}) "
    "or a known extension ({suffixes})"
)
BINARY_NEEDS_OUT = "{fmt} is a binary format: give --out FILE.{fmt}"
BINARY_IN_BUILD = (
    "[tool.schemac.erd] formats: {fmt} is binary and `schemac build` writes "
    "text only; use svg there, or run `schemac erd SCHEMA --out schema.{fmt}`"
)
UNKNOWN_SETTING = "[tool.schemac.erd]: unknown key(s) {keys} (known: {known})"
BAD_SETTING = "[tool.schemac.erd] {key} must be {expected}"
BAD_ENUM_STYLE = "enum style must be one of {known}, not '{value}'"

NO_MATCH = "--{option} '{pattern}' matches no table{hint}"
NOTHING_LEFT = "the --include/--exclude options leave no table to draw"

EMBED_NEEDS_MERMAID = (
    "--embed writes a Mermaid block; it cannot be used with --format {fmt}"
)
EMBED_AND_OUT = "use either --embed or --out, not both"
CHECK_NEEDS_TARGET = "--check needs --embed FILE or --out FILE to compare with"
CHECK_BINARY = "--check compares text; it cannot check {fmt} output"
MARKERS_MISSING = (
    "{path} has no {missing} marker. Add these two lines where the diagram "
    "should go, then run the command again:\n\n    {start}\n    {end}"
)
MARKERS_DUPLICATED = "{path} has the marker {marker} more than once; keep one pair"
MARKERS_ORDER = "{path}: the marker {end} comes before {start}"
