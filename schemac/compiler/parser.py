"""The ``.dbs`` front-end: text to :mod:`schemac.compiler.ast`.

The grammar lives in ``schemac/grammar/dbs.lark``; the LALR parser is built
once per process. Syntax errors become diagnostics. After an error the parser
recovers at the next top-level declaration, and inside a declaration it drops
the offending line and tries again, so one run reports several errors.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from schemac.compiler import ast
from schemac.compiler import messages as msg
from schemac.compiler.resolve import key_span
from schemac.diagnostics import DiagnosticBag, did_you_mean
from schemac.grammar import load_parser
from schemac.source import SourceFile, Span

log = logging.getLogger(__name__)

#: How many lines one declaration may lose to recovery before we give up on it.
_MAX_RECOVERIES = 25

#: A line that starts a top-level declaration (recovery restarts there).
_DECL_START = re.compile(r"^\s*(?:model|abstract|enum|import)\s+[^\s:=]")

#: Words for the grammar's named terminals, used in "expected ..." messages.
_TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": 'a string in "quotes"',
    "NUMBER": "a number",
    "INT": "a whole number",
    "_NL": "a new line",
    "$END": "the end of the file",
    "MODEL": "'model'",
    "ABSTRACT": "'abstract'",
}

_COLUMN_STATEMENTS = ("index", "unique", "primary_key")
_STRING_STATEMENTS = ("check", "table")
_WORD_STATEMENTS = ("schema", "was")

Tok = Token
Node = Tree[Token]


def _parser() -> Lark:
    return load_parser("dbs", propagate_positions=True, maybe_placeholders=True)


def parse_dbs(source: SourceFile, bag: DiagnosticBag) -> ast.Module:
    """Parse one ``.dbs`` file.

    Args:
        source: The file and its text.
        bag: Receives syntax errors (and statement-level mistakes the grammar
            lets through, such as an unknown block statement).

    Returns:
        The module. When there were syntax errors it holds the declarations
        that could be recovered; callers should not lower it.
    """
    try:
        tree = _parser().parse(source.text)
    except UnexpectedInput:
        log.debug("syntax error in %s; parsing declaration by declaration", source.path)
        return _parse_with_recovery(source, bag)
    return _Builder(source.path, bag).module(tree)


# ---- error recovery --------------------------------------------------------


def _parse_with_recovery(source: SourceFile, bag: DiagnosticBag) -> ast.Module:
    lines = source.text.split("\n")
    imports: list[ast.ImportDecl] = []
    declarations: list[ast.Declaration] = []
    doc: str | None = None
    for start, end in _chunks(lines):
        tree = _parse_chunk(source, lines, start, end, bag)
        if tree is None:
            continue
        module = _Builder(source.path, bag).module(tree)
        imports.extend(module.imports)
        declarations.extend(module.declarations)
        doc = doc or module.doc
    return ast.Module(source.path, tuple(imports), tuple(declarations), doc)


def _chunks(lines: list[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` line ranges, one per top-level declaration."""
    starts = [i for i, line in enumerate(lines) if i == 0 or _DECL_START.match(line)]
    yield from zip(starts, [*starts[1:], len(lines)], strict=True)


def _parse_chunk(
    source: SourceFile, lines: list[str], start: int, end: int, bag: DiagnosticBag
) -> Node | None:
    # Blank lines in front keep line numbers; dropping a bad line keeps the rest.
    chunk = [""] * start + lines[start:end]
    for _ in range(_MAX_RECOVERIES):
        try:
            return _parser().parse("\n".join(chunk))
        except UnexpectedInput as error:
            bag.error(
                _describe(error, chunk, end < len(lines)),
                _error_span(source.path, error, chunk),
                code=msg.SYNTAX,
            )
            line = _error_line(error, chunk) - 1
            if not _can_drop(chunk, line, start):
                return None
            chunk[line] = ""
    return None


def _can_drop(chunk: list[str], line: int, start: int) -> bool:
    """Whether dropping ``line`` keeps the declaration's braces balanced."""
    if line <= start or line >= len(chunk):
        return False
    text = _strip_strings(chunk[line])
    return "{" not in text and "}" not in text


def _strip_strings(line: str) -> str:
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', line.split("#", 1)[0])


def _error_line(error: UnexpectedInput, chunk: list[str]) -> int:
    if isinstance(error, UnexpectedToken) and error.token.type == "$END":
        return _last_code_line(chunk)
    return max(error.line, 1)


def _last_code_line(chunk: list[str]) -> int:
    for index in range(len(chunk) - 1, -1, -1):
        if chunk[index].split("#", 1)[0].strip():
            return index + 1
    return 1


def _error_span(path: str, error: UnexpectedInput, chunk: list[str]) -> Span:
    if isinstance(error, UnexpectedToken):
        token = error.token
        if token.type == "$END":
            line = _last_code_line(chunk)
            column = len(chunk[line - 1].rstrip()) + 1
            return Span.point(path, line, column)
        if token.type == "_NL":
            return Span.point(path, token.line or 1, token.column or 1)
        return _token_span(path, token)
    return Span.point(path, error.line, error.column)


def _describe(error: UnexpectedInput, chunk: list[str], more: bool) -> str:
    if isinstance(error, UnexpectedCharacters):
        char = chunk[error.line - 1][error.column - 1 : error.column]
        if char == '"':
            return msg.UNTERMINATED_STRING
        return msg.UNEXPECTED_CHAR.format(char=char)
    assert isinstance(error, UnexpectedToken)
    before = _text_before(chunk, error.line, error.column, error.token)
    if error.token.type == "$END" and "RBRACE" in error.expected:
        return msg.MISSING_BRACE
    found = _found(error.token)
    if error.token.type == "$END" and more:
        found = "start of the next declaration"
    return msg.UNEXPECTED_TOKEN.format(
        found=found, expected=_expected(error.expected, before)
    )


def _text_before(chunk: list[str], line: int, column: int, token: Token) -> str:
    """The last non-blank character before the unexpected token."""
    if token.type == "$END":
        line = _last_code_line(chunk)
        column = len(chunk[line - 1]) + 1
    head = "\n".join([*chunk[: line - 1], chunk[line - 1][: column - 1]])
    stripped = re.sub(r"#[^\n]*", "", head).rstrip()
    return stripped[-1:] if stripped else ""


def _found(token: Token) -> str:
    if token.type == "$END":
        return "end of file"
    if token.type == "_NL":
        return "end of line"
    if token.type == "STRING":
        return "a string"
    return f"'{token.value}'"


def _expected(expected: set[str], before: str) -> str:
    if before == ":" and "NAME" in expected:
        return "a type after ':'"
    if before == "=" and "NAME" in expected:
        return "a value after '='"
    words = sorted({_terminal_word(name) for name in expected})
    if len(words) == 1:
        return words[0]
    return "one of " + ", ".join(words[:-1]) + " or " + words[-1]


def _terminal_word(name: str) -> str:
    if name in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[name]
    try:
        pattern = _parser().get_terminal(name).pattern
    except KeyError:
        return name.lower()
    if isinstance(pattern, PatternStr):
        return f"'{pattern.value}'"
    return name.lower()


# ---- tree to AST -----------------------------------------------------------


def _token_span(path: str, token: Token) -> Span:
    line = token.line or 1
    column = token.column or 1
    end_line = token.end_line or line
    end_column = token.end_column or column + len(token.value)
    return Span(path, line, column, end_line, end_column)


def _unquote(token: Token) -> str:
    body = str(token)[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), body)


def _children(tree: Node) -> list[Node | Token]:
    return [child for child in tree.children if child is not None]


class _Builder:
    """Turns the Lark tree of one file into AST nodes."""

    def __init__(self, path: str, bag: DiagnosticBag) -> None:
        self.path = path
        self.bag = bag

    def span(self, node: Node | Token) -> Span:
        if isinstance(node, Token):
            return _token_span(self.path, node)
        meta = node.meta
        if meta.empty:
            return Span.point(self.path, 1, 1)
        return Span(self.path, meta.line, meta.column, meta.end_line, meta.end_column)

    def name(self, token: Node | Token) -> ast.Name:
        assert isinstance(token, Token)
        return ast.Name(str(token), self.span(token))

    # -- module and declarations --

    def module(self, tree: Node) -> ast.Module:
        imports: list[ast.ImportDecl] = []
        declarations: list[ast.Declaration] = []
        doc: str | None = None
        for child in _children(tree):
            assert isinstance(child, Tree)
            if child.data == "module_doc":
                doc = _unquote(_token(child, 0))
            elif child.data == "import_decl":
                imports.append(
                    ast.ImportDecl(_unquote(_token(child, 0)), self.span(child))
                )
            elif child.data == "enum_decl":
                declarations.append(self.enum(child))
            else:
                declarations.append(self.model(child))
        return ast.Module(self.path, tuple(imports), tuple(declarations), doc)

    def enum(self, tree: Node) -> ast.EnumDecl:
        name, *rest = _children(tree)
        values: list[ast.EnumValueDecl] = []
        settings: list[ast.Setting] = []
        doc: str | None = None
        for child in rest:
            assert isinstance(child, Tree)
            if child.data == "header_option":
                settings.extend(self.header_setting(child))
            elif child.data == "enum_setting":
                key, value = _children(child)
                settings.append(ast.Setting(str(key), str(value), self.span(child)))
            elif child.data == "enum_doc" and doc is None and not values:
                doc = _unquote(_token(child, 0))
            elif child.data == "enum_doc":
                self.bag.error(msg.STRAY_STRING, self.span(child), code=msg.SYNTAX)
            else:
                values.append(self.enum_value(child))
        return ast.EnumDecl(
            self.name(name), tuple(values), doc, tuple(settings), self.span(tree)
        )

    def enum_value(self, tree: Node) -> ast.EnumValueDecl:
        name, *rest = _children(tree)
        was: str | None = None
        doc: str | None = None
        for child in rest:
            if isinstance(child, Token):
                doc = _unquote(child)
                continue
            option = self.option(child)
            if option.key == "was":
                was = _word(option.value)
            else:
                self.unknown_option(option, ("was",))
        return ast.EnumValueDecl(self.name(name), was, doc)

    def header_setting(self, tree: Node) -> list[ast.Setting]:
        option = self.option(tree)
        if option.key != "was":
            self.unknown_option(option, ("was",))
            return []
        return [ast.Setting("was", _word(option.value) or "", option.span)]

    def model(self, tree: Node) -> ast.ModelDecl:
        kind, name, *rest = _children(tree)
        bases: tuple[ast.Name, ...] = ()
        members: list[ast.Member] = []
        doc: str | None = None
        for child in rest:
            assert isinstance(child, Tree)
            if child.data == "bases":
                bases = tuple(self.name(t) for t in _children(child))
            elif child.data == "header_option":
                members.extend(self.header_setting(child))
            elif child.data == "doc" and doc is None and not _has_fields(members):
                doc = _unquote(_token(child, 0))
            elif child.data == "doc":
                self.bag.error(msg.STRAY_STRING, self.span(child), code=msg.SYNTAX)
            else:
                member = self.member(child)
                if member is not None:
                    members.append(member)
        return ast.ModelDecl(
            self.name(name),
            str(kind) == "abstract",
            bases,
            doc,
            tuple(members),
            self.span(tree),
        )

    def member(self, tree: Node) -> ast.Member | None:
        if tree.data == "field":
            return self.field(tree)
        if tree.data == "column_statement":
            return self.column_statement(tree)
        if tree.data == "string_statement":
            return self.string_statement(tree)
        if tree.data == "word_statement":
            key, value = _children(tree)
            assert isinstance(key, Token)
            if key not in _WORD_STATEMENTS:
                self._unknown_statement(key, _WORD_STATEMENTS)
                return None
            return ast.Setting(str(key), str(value), self.span(tree))
        return ast.Mixin(str(_token(tree, 0)), self.span(tree))

    # -- fields --

    def field(self, tree: Node) -> ast.FieldDecl:
        name, type_tree, *rest = _children(tree)
        assert isinstance(type_tree, Tree)
        default: ast.Value | None = None
        flags: list[ast.Flag] = []
        options: list[ast.Option] = []
        doc: str | None = None
        for child in rest:
            if isinstance(child, Token):
                doc = _unquote(child)
            elif child.data == "default":
                default = self.value(_tree(child, 0))
            elif child.data == "flag":
                flags.append(ast.Flag(str(_token(child, 0)), self.span(child)))
            elif child.data == "check":
                text = _token(child, 0)
                expr = ast.Literal(_unquote(text), self.span(text))
                options.append(ast.Option("check", expr, self.span(child)))
            else:
                options.append(self.option(child))
        return ast.FieldDecl(
            self.name(name),
            self.type_ref(type_tree),
            default,
            tuple(flags),
            tuple(options),
            doc,
            self.span(tree),
        )

    def type_ref(self, tree: Node) -> ast.TypeRef:
        name, *rest = _children(tree)
        args: tuple[int, ...] = ()
        array = nullable = False
        for child in rest:
            assert isinstance(child, Tree)
            if child.data == "type_args":
                args = tuple(int(t) for t in _children(child))  # type: ignore[arg-type]
            elif child.data == "array":
                array = True
            else:
                nullable = True
        assert isinstance(name, Token)
        return ast.TypeRef(str(name), args, array, nullable, self.span(name))

    def option(self, tree: Node) -> ast.Option:
        key, value = _children(tree)
        assert isinstance(value, Tree | Token)
        return ast.Option(str(key), self.value(value), self.span(tree))

    # -- values --

    def value(self, node: Node | Token) -> ast.Value:
        assert isinstance(node, Tree)
        if node.data == "ident":
            return ast.Ident(str(_token(node, 0)), self.span(node))
        if node.data == "call":
            name, *args = _children(node)
            literals = tuple(self.literal(a) for a in args if isinstance(a, Tree))
            return ast.Call(str(name), literals, self.span(node))
        if node.data == "list_value":
            items = tuple(self.list_item(i) for i in _children(node))
            return ast.ListValue(items, self.span(node))
        return self.literal(node)

    def list_item(self, node: Node | Token) -> ast.Literal | ast.Ident:
        assert isinstance(node, Tree)
        if node.data == "ident":
            return ast.Ident(str(_token(node, 0)), self.span(node))
        return self.literal(node)

    def literal(self, node: Node) -> ast.Literal:
        kind = node.data
        value: ast.Scalar
        if kind == "string":
            value = _unquote(_token(node, 0))
        elif kind == "number":
            text = str(_token(node, 0))
            value = float(text) if re.search(r"[.eE]", text) else int(text)
        else:
            value = {"true": True, "false": False, "null": None}[str(kind)]
        return ast.Literal(value, self.span(node))

    # -- block statements --

    def column_statement(self, tree: Node) -> ast.Member | None:
        keyword, column_list, *attrs = _children(tree)
        assert isinstance(keyword, Token) and isinstance(column_list, Tree)
        if str(keyword) not in _COLUMN_STATEMENTS:
            self._unknown_statement(keyword, _COLUMN_STATEMENTS)
            return None
        columns = [self.index_column(c) for c in _children(column_list)]
        found = _Attrs(self, [a for a in attrs if isinstance(a, Tree)])
        span = self.span(tree)
        if keyword == "index":
            found.allow(flags=("unique",), options=("name",), using=True, where=True)
            return ast.IndexDecl(
                tuple(columns),
                "unique" in found.flags,
                found.using,
                found.where,
                found.text("name"),
                span,
            )
        names = tuple(self._plain_column(c) for c in columns)
        if keyword == "unique":
            found.allow(options=("name",))
            return ast.UniqueDecl(names, found.text("name"), span)
        found.allow()
        return ast.PrimaryKeyDecl(names, span)

    def index_column(self, tree: Node | Token) -> ast.IndexColumn:
        assert isinstance(tree, Tree)
        name, *order = _children(tree)
        desc = False
        if order:
            word = order[0]
            assert isinstance(word, Token)
            if str(word) == "desc":
                desc = True
            elif str(word) != "asc":
                self.bag.error(
                    msg.BAD_SORT_ORDER.format(word=word),
                    self.span(word),
                    code=msg.SYNTAX,
                )
        return ast.IndexColumn(self.name(name), desc)

    def _plain_column(self, column: ast.IndexColumn) -> ast.Name:
        if column.desc:
            self.bag.error(msg.DESC_ONLY_IN_INDEX, column.name.span, code=msg.SYNTAX)
        return column.name

    def string_statement(self, tree: Node) -> ast.Member | None:
        keyword, text, *attrs = _children(tree)
        assert isinstance(keyword, Token) and isinstance(text, Token)
        found = _Attrs(self, [a for a in attrs if isinstance(a, Tree)])
        if keyword == "check":
            found.allow(options=("name",))
            return ast.CheckDecl(_unquote(text), found.text("name"), self.span(tree))
        if keyword in _STRING_STATEMENTS:
            found.allow()
            return ast.Setting(str(keyword), _unquote(text), self.span(tree))
        self._unknown_statement(keyword, _STRING_STATEMENTS)
        return None

    # -- errors --

    def _unknown_statement(self, keyword: Token, known: tuple[str, ...]) -> None:
        hint = did_you_mean(str(keyword), known)
        if hint is None and known == _WORD_STATEMENTS:
            hint = msg.FIELD_NEEDS_COLON
        self.bag.error(
            msg.UNKNOWN_STATEMENT.format(name=keyword),
            self.span(keyword),
            hint=hint,
            code=msg.SYNTAX,
        )

    def unknown_option(self, option: ast.Option, known: tuple[str, ...]) -> None:
        self.bag.error(
            msg.UNKNOWN_OPTION.format(name=option.key),
            key_span(option),
            hint=did_you_mean(option.key, known),
            code=msg.UNKNOWN_KEY,
        )


class _Attrs:
    """The flags and options after a block statement's column list."""

    def __init__(self, builder: _Builder, trees: list[Node]) -> None:
        self.builder = builder
        self.trees = trees
        self.flags: dict[str, Span] = {}
        self.options: dict[str, ast.Option] = {}
        self.using: str | None = None
        self.where: str | None = None

    def allow(
        self,
        flags: tuple[str, ...] = (),
        options: tuple[str, ...] = (),
        using: bool = False,
        where: bool = False,
    ) -> None:
        """Sort the attributes, reporting any the statement does not take."""
        bag = self.builder.bag
        for tree in self.trees:
            span = self.builder.span(tree)
            if tree.data == "flag" and str(_token(tree, 0)) in flags:
                self.flags[str(_token(tree, 0))] = span
            elif tree.data == "flag":
                word = str(_token(tree, 0))
                hint = did_you_mean(word, flags + options)
                bag.error(
                    msg.UNKNOWN_FLAG.format(name=word),
                    span,
                    hint=hint,
                    code=msg.UNKNOWN_KEY,
                )
            elif tree.data == "option":
                option = self.builder.option(tree)
                if option.key in options:
                    self.options[option.key] = option
                else:
                    self.builder.unknown_option(option, options)
            elif tree.data == "using" and using:
                self.using = str(_token(tree, 0))
            elif tree.data == "where" and where:
                self.where = _unquote(_token(tree, 0))
            else:
                bag.error(msg.NOT_HERE.format(what=tree.data), span, code=msg.SYNTAX)

    def text(self, key: str) -> str | None:
        option = self.options.get(key)
        return None if option is None else _word(option.value)


def _word(value: ast.Value) -> str | None:
    if isinstance(value, ast.Ident):
        return value.name
    if isinstance(value, ast.Literal) and isinstance(value.value, str):
        return value.value
    return None


def _has_fields(members: list[ast.Member]) -> bool:
    return any(not isinstance(m, ast.Setting) for m in members)


def _token(tree: Node, index: int) -> Token:
    child = tree.children[index]
    assert isinstance(child, Token)
    return child


def _tree(tree: Node, index: int) -> Node | Token:
    child = tree.children[index]
    assert child is not None
    return child
