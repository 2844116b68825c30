#!/usr/bin/python3
"""Seeds tests/fuzz/corpus/<target>/ with the real inputs the suites hold.

Usage: tests/fuzz/seed_corpora.py [BUILD_DIR]

Three sources, each file named seed-<sha1 of its bytes> so a re-run is
idempotent and a changed input adds a file rather than editing one:
  - the project's own files: migrations/, resources/templates/;
  - files the suites generate with real Alembic (tests/core/script/
    make_corpus.py) and, with a BUILD_DIR, petmigrate's offline SQL for the
    app's own migrations (schema text as SQLite stores it);
  - the string literals of tests/**/*.cpp (adjacent literals joined, as the
    compiler joins them), sorted into targets by what they look like.
Regression inputs found by fuzzing are named regress-<what>, never seed-*,
and are kept by hand.
"""
import hashlib
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")
MAX_SIZE = 64 * 1024

LITERAL = re.compile(
    r'(?P<raw>(?:u8|u|U|L)?R"(?P<delim>[^(\s]*)\((?P<rawbody>.*?)\)(?P=delim)")'
    r'|(?P<plain>(?:u8|u|U|L)?"(?P<body>(?:[^"\\\n]|\\.)*)")',
    re.S)
BETWEEN = re.compile(r'(?:\s|//[^\n]*\n|/\*.*?\*/)*', re.S)
ESCAPE = re.compile(r'\\(x[0-9a-fA-F]+|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)', re.S)
SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a",
          "b": "\b", "f": "\f", "v": "\v", "?": "?"}


def unescape(body):
    def one(m):
        e = m.group(1)
        if e[0] in "xuU":
            return chr(int(e[1:], 16))
        if e[0].isdigit():
            return chr(int(e, 8))
        return SIMPLE.get(e, e)
    return ESCAPE.sub(one, body)


def literals(source):
    """Each run of adjacent string literals in a C++ file, joined."""
    out = []
    pos = 0
    while True:
        m = LITERAL.search(source, pos)
        if not m:
            return out
        # Skip character literals like '"' that the regex would misread.
        if m.start() > 0 and source[m.start() - 1] == "'":
            pos = m.end()
            continue
        parts = []
        while m:
            parts.append(m.group("rawbody") if m.group("raw") else unescape(m.group("body")))
            pos = m.end()
            if source.startswith("_s", pos):
                pos += 2
            gap = BETWEEN.match(source, pos)
            m = LITERAL.match(source, gap.end())
            if m and m.start() != gap.end():
                m = None
        out.append("".join(parts))


def classify(text):
    targets = set()
    if re.search(r"^\s*revision\s*=", text, re.M) or "def upgrade" in text:
        targets |= {"script_header", "script_full"}
    if "context.configure" in text or "target_metadata" in text:
        targets.add("env_settings")
    if "SQLModel" in text or "sqlmodel" in text:
        targets.add("sqlmodel_models")
    if re.search(r"^\s*\[[A-Za-z_ ]+\]\s*$", text, re.M):
        targets.add("alembic_ini")
    if "${" in text or re.search(r"^\s*%\s*(if|for|endif|endfor)", text, re.M) or "<%" in text:
        targets.add("mako_template")
    if re.fullmatch(r"\s*[A-Za-z][A-Za-z0-9+.-]*://\S*\s*", text):
        targets.add("database_url")
    if re.search(r"\bCREATE\s+(UNIQUE\s+)?(TABLE|INDEX|VIEW|TRIGGER)\b", text, re.I):
        targets.add("sqlite_schema")
    return targets


def write(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not data or len(data) > MAX_SIZE:
        return False
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "seed-" + hashlib.sha1(data).hexdigest())
    if os.path.exists(path):
        return False
    with open(path, "wb") as f:
        f.write(data)
    return True


def files_under(folder, suffixes):
    for dirpath, _, names in os.walk(folder):
        for name in sorted(names):
            if name.endswith(suffixes):
                yield os.path.join(dirpath, name)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    added = {}

    def add(target, data):
        if write(target, data):
            added[target] = added.get(target, 0) + 1

    # The project's own files.
    for path in files_under(os.path.join(ROOT, "migrations", "versions"), (".py",)):
        add("script_header", read(path))
        add("script_full", read(path))
    for folder in (os.path.join(ROOT, "migrations"), os.path.join(ROOT, "resources", "templates")):
        for path in files_under(folder, ("env.py",)):
            add("env_settings", read(path))
        for path in files_under(folder, (".mako",)):
            add("mako_template", read(path))
        for path in files_under(folder, ("alembic.ini", "alembic.ini.mako")):
            add("alembic_ini", read(path))

    # What the suites generate with real Alembic.
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests/core/script/make_corpus.py"), out],
                       check=True, stdout=subprocess.DEVNULL)
        for path in files_under(out, (".py",)):
            add("script_header", read(path))
            add("script_full", read(path))
    if len(sys.argv) > 1:
        petmigrate = os.path.join(sys.argv[1], "app/petmigrate/petmigrate")
        sql = subprocess.run([petmigrate, "-c", os.path.join(ROOT, "migrations/alembic.ini"),
                              "--url", "sqlite:///seed.db", "upgrade", "head", "--sql"],
                             check=True, capture_output=True).stdout
        add("sqlite_schema", sql)

    # The literals of every suite.
    for path in files_under(os.path.join(ROOT, "tests"), (".cpp", ".h")):
        if os.sep + "fuzz" + os.sep in path:
            continue
        with open(path, encoding="utf-8") as f:
            source = f.read()
        for text in literals(source):
            if len(text) < 4:
                continue
            for target in classify(text):
                add(target, text)

    for target in sorted(added):
        print(f"{target}: {added[target]} new seed(s)")


if __name__ == "__main__":
    main()
