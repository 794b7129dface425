"""The compiler: AST, name resolution, relation inference, checks and the IR."""
