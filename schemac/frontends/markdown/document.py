"""Walk a Markdown file's blocks and collect what each part defines.

Headings, bold lines (``**Users Table**``) and ``Table: x`` lines open a
table; the bullets, tables and fences under it fill it. Section headings
(``Indexes``, ``Relationships``, ``Constraints``, ``Enums``...) change how
the blocks under them are read. Fences are dispatched on their language or,
when unlabeled, on what they contain.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from schemac.diagnostics import DiagnosticBag
from schemac.frontends.markdown import relations, sql, tables
from schemac.frontends.markdown.blocks import (
    Block,
    Fence,
    Heading,
    ListItem,
    Paragraph,
    Table,
    plain,
)
from schemac.frontends.markdown.bullets import SpanOf, read_bullet
from schemac.frontends.markdown.draft import (
    DraftEnum,
    DraftTable,
    Form,
    Spec,
    Statement,
)
from schemac.frontends.markdown.names import SECTION_WORDS, heading_names
from schemac.source import SourceFile, Span

log = logging.getLogger(__name__)

#: Section kinds, by the words that name them.
_SECTIONS = {
    "indexes": (
        "indexes",
        "indexing",
        "indices",
        "index",
        "índices",
        "indexación",
        "indeks",
        "インデックス",
        "索引",
    ),
    "constraints": (
        "constraints",
        "constraint",
        "restricciones",
        "制約",
        "外部キー制約",
    ),
    "relationships": (
        "relationships",
        "relationship",
        "relations",
        "relaciones",
        "relación",
        "associations",
        "リレーション",
        "テーブルリレーション",
    ),
    "enums": ("enums", "enumerations", "enum", "enumeraciones", "types"),
    "columns": (
        "fields",
        "columns",
        "column",
        "attributes",
        "campos",
        "columnas",
        "カラム",
        "カラム一覧",
        "列一覧",
        "字段",
        "字段列表",
    ),
    # Tables an author plans but does not define yet: nothing in them is read.
    "future": (
        "future",
        "planned",
        "potential",
        "proposed",
        "deferred",
        "roadmap",
        "upcoming",
        "futuras",
        "futuro",
        "próximas",
    ),
    # Views and materialized views are queries, not tables.
    "views": ("view", "views", "vistas"),
}

_SQL_INFOS = {
    "sql",
    "postgres",
    "postgresql",
    "psql",
    "pgsql",
    "mysql",
    "sqlite",
    "plpgsql",
    "ddl",
    "tsql",
    "mariadb",
}
_PYTHON_INFOS = {"python", "py", "python3"}
_SCRIPT_INFOS = {"ts", "typescript", "tsx", "js", "javascript", "jsx", ""}
_KV_LINE = re.compile(r"^\s*[^\W\d]\w*\s*:\s*\S")

#: Reading stops after this many blocks; the rest is reported, not read.
MAX_BLOCKS = 200_000


@dataclass
class _Context:
    level: int
    kind: str  # "table", "enum", a section kind, or "other"
    table: DraftTable | None = None
    enum: str | None = None
    span: Span | None = None


@dataclass
class Reader:
    """The state of one walk over a file's blocks."""

    source: SourceFile
    bag: DiagnosticBag
    spec: Spec = field(default_factory=Spec)
    stack: list[_Context] = field(default_factory=list)
    #: A table opened by a bold line or ``Table: x`` line (not a heading).
    loose: _Context | None = None
    #: A section opened by a plain line such as ``Relationships:``.
    mode: str | None = None
    #: The table the latest table heading or label opened, for a later
    #: ``## Column Specifications`` section that does not repeat its name.
    last_table: _Context | None = None
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines = self.source.text.splitlines()

    # -- helpers --

    def line_text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def span_of(self, line: int) -> SpanOf:
        return SpanOf(self.source.path, line, self.line_text(line))

    def line_span(self, line: int) -> Span:
        text = self.line_text(line)
        start = len(text) - len(text.lstrip()) + 1
        return Span(self.source.path, line, start, line, max(len(text) + 1, start + 1))

    def current(self) -> _Context | None:
        """The innermost table or enum context, a loose one first."""
        if self.loose is not None:
            return self.loose
        for context in reversed(self.stack):
            if context.kind in ("table", "enum"):
                return context
        return None

    def section(self) -> str | None:
        """The section the current block is in, the nearest one first."""
        if self.mode is not None:
            return self.mode
        for context in reversed(self.stack):
            if context.kind in _SECTIONS:
                return context.kind
            if context.kind in ("table", "enum"):
                return None
        return None

    def table_for(self, context: _Context) -> DraftTable:
        """The draft of a context, created on first use."""
        if context.table is None:
            assert context.enum is not None and context.span is not None
            context.table = _new_table(context.enum, context.span, self.in_enums())
            self.spec.tables.append(context.table)
        return context.table

    def in_enums(self) -> bool:
        return any(c.kind == "enums" for c in self.stack)


def read_document(source: SourceFile, blocks: list[Block], bag: DiagnosticBag) -> Spec:
    """Collect the tables, enums and relations that ``blocks`` define."""
    reader = Reader(source, bag)
    for count, block in enumerate(blocks):
        if count >= MAX_BLOCKS:
            bag.warning(
                f"stopped reading after {MAX_BLOCKS} blocks; the rest of the file "
                "was not read",
                Span.point(source.path, _block_line(block), 1),
            )
            break
        _read_block(reader, block)
    _drop_empty(reader)
    return reader.spec


def _block_line(block: Block) -> int:
    return block.line


def _read_block(reader: Reader, block: Block) -> None:
    if isinstance(block, Heading):
        _heading(reader, block)
    elif any(c.kind in ("future", "views") for c in reader.stack):
        return  # "Future tables", "Planned", "Views": no tables of the schema
    elif isinstance(block, Paragraph):
        _paragraph(reader, block)
    elif isinstance(block, ListItem):
        _list_item(reader, block)
    elif isinstance(block, Table):
        _table(reader, block)
    else:
        _fence(reader, block)


# ---- headings and labels --------------------------------------------------


def _heading(reader: Reader, heading: Heading) -> None:
    while reader.stack and reader.stack[-1].level >= heading.level:
        reader.stack.pop()
    reader.loose = None
    reader.mode = None
    kind = _section_kind(heading.text)
    span = reader.span_of(heading.line)(plain(heading.text))
    if kind == "columns" and reader.current() is None and reader.last_table:
        # ``## Tasks Table`` ... ``## Column Specifications``: the same table.
        last = reader.last_table
        reader.table_for(last)
        reader.stack.append(
            _Context(heading.level, "table", last.table, last.enum, last.span)
        )
        return
    if kind is not None:
        reader.stack.append(_Context(heading.level, kind))
        return
    names = heading_names(heading.text)
    if len(names) == 1:
        context = _Context(heading.level, "table", enum=names[0], span=span)
        reader.stack.append(context)
        reader.last_table = context
    else:
        reader.stack.append(_Context(heading.level, "other"))
    _note_prose(reader, plain(heading.text), heading.line)


def _section_kind(text: str) -> str | None:
    words = re.findall(r"[^\W\d]+", plain(text).lower())
    for word in words[:3]:  # the first word that names a kind: "Enum Constraints"
        for kind, names in _SECTIONS.items():
            if word in names:
                return kind
    return None


def _paragraph(reader: Reader, para: Paragraph) -> None:
    text = para.text.strip()
    label = _bold_label(text)
    if label is not None:
        kind = _section_kind(label)
        if kind is not None:
            reader.mode = kind
            return
        names = heading_names(label)
        if len(names) == 1 and not _is_note(label):
            span = reader.span_of(para.line)(names[0])
            reader.loose = _Context(99, "table", enum=names[0], span=span)
            reader.last_table = reader.loose
            reader.mode = None
            return
    bare = plain(text).rstrip(":").strip()
    kind = _section_kind(bare) if len(bare.split()) <= 3 else None
    if kind is not None and (text.endswith(":") or len(bare.split()) == 1):
        reader.mode = kind
        return
    written = _TABLE_LABEL.match(plain(text))
    if written is not None:
        names = heading_names(written.group(1))
        if len(names) == 1:
            span = reader.span_of(para.line)(names[0])
            reader.loose = _Context(99, "table", enum=names[0], span=span)
            reader.last_table = reader.loose
            return
    _note_prose(reader, plain(text), para.line)


#: ``Table: users``, ``Table Name: `users` ``, ``テーブル名: `users` ``.
_TABLE_LABEL = re.compile(
    r"^(?:table|tabla|tabela|table\s+name|nombre\s+de\s+(?:la\s+)?tabla|"
    r"テーブル名|テーブル|表名)\s*[:\uff1a]\s*(\S.*)$",
    re.I,
)


def _bold_label(text: str) -> str | None:
    """``**Users Table** (Aggregate Root)`` → ``Users Table``."""
    match = re.match(r"^\*\*([^*]+)\*\*\s*(\([^)]*\))?\s*:?\s*$", text)
    if match is None:
        match = re.match(r"^\*\*([^*]+?):?\*\*\s*$", text)
    return match.group(1).strip().rstrip(":") if match else None


def _is_note(label: str) -> bool:
    return label.lower().split()[0] in SECTION_WORDS | {"managed", "version", "last"}


def _note_prose(reader: Reader, text: str, line: int) -> None:
    """Conventions and relationship sentences in running text."""
    if re.search(r"\buuids?\b", text, re.I) and re.search(
        r"primary\s+keys?|\bids?\b|identifiers?|\bpk\b", text, re.I
    ):
        reader.spec.uuid_ids = True
    for fact in relations.parse_sentence(text, reader.line_span(line)):
        reader.spec.relations.append(fact)


# ---- lists ----------------------------------------------------------------


def _list_item(reader: Reader, item: ListItem) -> None:
    section = reader.section()
    context = reader.current()
    span = reader.line_span(item.line)
    if section in ("indexes", "constraints"):
        table = reader.table_for(context) if context is not None else None
        relations.read_statement(reader.spec, table, item.text, span, section)
        _note_prose(reader, plain(item.text), item.line)
        return
    if section == "relationships" or context is None:
        _note_prose(reader, plain(item.text), item.line)
        return
    if section == "enums" or (context.kind == "table" and reader.in_enums()):
        _enum_value(reader, context, item)
        return
    table = reader.table_for(context)
    if relations.read_statement(reader.spec, table, item.text, span, "table"):
        return
    columns = read_bullet(item.text, reader.span_of(item.line), Form.BULLETS)
    if columns is None:
        _note_prose(reader, plain(item.text), item.line)
        return
    for column in columns:
        table.add(column)


def _enum_value(reader: Reader, context: _Context, item: ListItem) -> None:
    value = plain(item.text).split(" ")[0].strip("`,:-")
    if context.enum is None or not re.fullmatch(r"[^\W\d]\w*", value):
        return
    span = reader.span_of(item.line)(value)
    for enum in reader.spec.enums:
        if enum.name == context.enum:
            enum.values = (*enum.values, value)
            return
    reader.spec.enums.append(DraftEnum(context.enum, (value,), span, Form.BULLETS))


# ---- tables ---------------------------------------------------------------


def _table(reader: Reader, block: Table) -> None:
    context = reader.current()
    section = reader.section()
    if tables.is_value_table(block) and context is not None and context.enum:
        values = tables.read_values(block)
        if values and (reader.in_enums() or section == "enums"):
            assert context.span is not None
            reader.spec.enums.append(
                DraftEnum(context.enum, values, context.span, Form.TABLE)
            )
            return
    if section == "indexes" or (context is None and _is_index_header(block)):
        table = reader.table_for(context) if context is not None else None
        for index in tables.read_index_table(block, reader.source.path):
            kind = "unique_index" if index.unique else "index"
            reader.spec.statements.append(
                Statement(
                    kind,
                    table.name if table else None,
                    index.columns,
                    index.span,
                    name=index.name,
                )
            )
        return
    layout = tables.layout_of(block)
    if context is None or not tables.is_column_table(layout):
        return
    draft = reader.table_for(context)
    for row in block.rows:
        column = tables.read_row(
            row, layout, reader.source.path, reader.line_text(row.line)
        )
        if column is not None:
            draft.add(column)


def _is_index_header(block: Table) -> bool:
    header = " ".join(plain(c).lower() for c in block.header)
    return "index" in header and "column" in header


# ---- fences ---------------------------------------------------------------


def _fence(reader: Reader, fence: Fence) -> None:
    info = fence.info.split()[0].lower() if fence.info.split() else ""
    text = fence.text
    if info in _SQL_INFOS or (not info and re.search(r"create\s+table", text, re.I)):
        sql.read_sql(reader.spec, text, fence.line, reader.source, reader.bag)
        return
    if info == "mermaid" or (not info and "erDiagram" in text):
        from schemac.frontends.markdown import mermaid

        mermaid.read_mermaid(reader.spec, text, fence.line, reader.source, reader.bag)
        return
    if info in _PYTHON_INFOS or (not info and re.search(r"class\s+\w+\(", text)):
        from schemac.frontends.markdown import pyclasses

        pyclasses.read_python(reader.spec, text, fence.line, reader.source, reader.bag)
        return
    if info == "prisma" or (
        not info and re.search(r"^\s*model\s+\w+\s*\{", text, re.M)
    ):
        from schemac.frontends.markdown import prisma

        prisma.read_prisma(reader.spec, text, fence.line, reader.source, reader.bag)
        return
    from schemac.frontends.markdown import dbml

    if info == "dbml" or (not info and dbml.LOOKS_LIKE.search(text)):
        dbml.read_dbml(reader.spec, text, fence.line, reader.source, reader.bag)
        return
    from schemac.frontends.markdown import drizzle

    if drizzle.LOOKS_LIKE.search(text) and info in _SCRIPT_INFOS:
        drizzle.read_drizzle(reader.spec, text, fence.line, reader.source, reader.bag)
        return
    # TODO: the compact `table(col, col→ref)` notation is not read yet; such
    # specs get no tables from those blocks. Prose-only column lists
    # ("Important columns: `handle`, `rating`") get types guessed from names,
    # and in-memory data models (``tasks: dictionary``) still become tables.
    if info in ("", "text", "txt", "plaintext"):
        _plain_fence(reader, fence)


def _plain_fence(reader: Reader, fence: Fence) -> None:
    """``name: TYPE (...)`` lines, or an ASCII relationship diagram."""
    lines = fence.text.splitlines()
    context = reader.current()
    kv = [i for i, line in enumerate(lines) if _KV_LINE.match(line)]
    kv = kv or [i for i, line in enumerate(lines) if _BULLET_LINE.match(line)]
    named = _fence_table(reader, fence, lines)
    context = named or context
    filled = [line for line in lines if line.strip()]
    if context is not None and kv and len(kv) >= max(1, (len(filled) - 1) // 2):
        table = reader.table_for(context)
        for offset in kv:
            number = fence.line + offset
            line = re.sub(r"^\s*[-*]\s+", "", lines[offset])
            columns = read_bullet(line, reader.span_of(number), Form.BULLETS)
            for column in columns or []:
                table.add(column)
        return
    for offset, line in enumerate(lines):
        span = reader.line_span(fence.line + offset)
        reader.spec.relations.extend(relations.parse_diagram_line(line, span))


#: ``- email (VARCHAR(255), UNIQUE)`` inside a plain fence.
_BULLET_LINE = re.compile(r"^\s*[-*]\s+[^\W\d]\w*\s*[(:]")


def _fence_table(reader: Reader, fence: Fence, lines: list[str]) -> _Context | None:
    """A fence whose first line names its table: ``users`` then column lines."""
    filled = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 2 or not re.fullmatch(r"[^\W\d]\w*:?", filled[0][1]):
        return None
    if not _BULLET_LINE.match(filled[1][1]) and not _KV_LINE.match(filled[1][1]):
        return None
    name = filled[0][1].rstrip(":")
    span = reader.span_of(fence.line + filled[0][0])(name)
    return _Context(99, "table", enum=name, span=span)


# ---- wrap up --------------------------------------------------------------


def _new_table(name: str, span: Span, in_enums: bool) -> DraftTable:
    from schemac.frontends.markdown.names import is_table_style

    return DraftTable(
        name=name, span=span, form=Form.BULLETS, is_table_name=is_table_style(name)
    )


def _drop_empty(reader: Reader) -> None:
    """Forget headings that opened a table but gave it no columns."""
    kept = []
    for table in reader.spec.tables:
        if table.columns:
            _settle_form(table)
            kept.append(table)
        elif table.indexes or table.uniques or table.primary_key:
            log.debug("table %s has constraints but no columns", table.name)
            kept.append(table)
    reader.spec.tables = kept


def _settle_form(table: DraftTable) -> None:
    """A table's form is its columns' best form (bullets and tables mix)."""
    table.form = max(c.form for c in table.columns.values())
