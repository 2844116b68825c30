"""The parser suite's oracle: CPython's own parse of each source.

Reads a JSON list of sources on stdin; writes a JSON list, one entry per
source: {"dump": ast.dump(tree), "locations": [...]} or {"error":
"line:col: message"}. Locations are "Kind line:col-endline:endcol" (1-based
columns) for statements and expressions, "Kind line:col" for arg, keyword,
alias and ExceptHandler, in ast.dump()'s field order; nothing inside an
f-string (CPython 3.11 locates f-string parts at the whole string).
Run with /usr/bin/python3 (the tests name it).
"""
import ast
import json
import sys
import warnings


def locations(node, out, in_fstring=False):
    if isinstance(node, list):
        for item in node:
            locations(item, out, in_fstring)
        return
    if not isinstance(node, ast.AST):
        return
    name = type(node).__name__
    if not in_fstring:
        if isinstance(node, (ast.expr, ast.stmt)):
            out.append("%s %d:%d-%d:%d" % (name, node.lineno, node.col_offset + 1,
                                           node.end_lineno, node.end_col_offset + 1))
        elif isinstance(node, (ast.arg, ast.keyword, ast.alias, ast.excepthandler)):
            out.append("%s %d:%d" % (name, node.lineno, node.col_offset + 1))
    inner = in_fstring or isinstance(node, ast.JoinedStr)
    for _, value in ast.iter_fields(node):
        locations(value, out, inner)


def main():
    warnings.simplefilter("ignore")
    results = []
    for source in json.load(sys.stdin):
        try:
            compile(source, "<test>", "exec")
            tree = ast.parse(source)
            out = []
            locations(tree.body, out)
            results.append({"dump": ast.dump(tree), "locations": out})
        except SyntaxError as e:
            results.append({"error": "%d:%d: %s" % (e.lineno or 0, e.offset or 0, e.msg)})
    json.dump(results, sys.stdout)


main()
