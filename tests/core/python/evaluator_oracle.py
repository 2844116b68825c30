"""The evaluator suite's oracle: CPython runs each snippet as a module.

Reads a JSON list of sources on stdin; writes a JSON list of outcomes, one
per source, in the form the suite builds from petmigrate's run: what the
snippet printed, then "result=" + repr(result) if it defines `result`, then
"!Type: message @line:col" if an exception ended it (line and 1-based
column of the innermost place in the snippet, as CPython 3.11's traceback
positions give them). Run with /usr/bin/python3 (the tests name it).
"""
import contextlib
import io
import json
import sys
import traceback
import warnings


def run(source):
    out = io.StringIO()
    namespace = {"__name__": "__main__"}
    ending = ""
    try:
        code = compile(source, "<snippet>", "exec")
        with contextlib.redirect_stdout(out):
            exec(code, namespace)
    except BaseException as e:  # the snippet's own exception is the outcome
        where = ""
        frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == "<snippet>"]
        if frames:
            where = " @%d:%d" % (frames[-1].lineno, (frames[-1].colno or 0) + 1)
        message = str(e)
        ending = "!" + type(e).__name__ + (": " + message if message else "") + where
    text = out.getvalue()
    if "result" in namespace and not ending:
        text += "result=" + repr(namespace["result"])
    return text + ending


def main():
    warnings.simplefilter("ignore")  # compile()'s SyntaxWarnings about the snippets
    sys.setrecursionlimit(1000)
    results = [run(source) for source in json.load(sys.stdin)]
    json.dump(results, sys.stdout)


main()
