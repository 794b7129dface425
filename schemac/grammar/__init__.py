"""Lark grammars for the text front-ends, shipped as package data."""
