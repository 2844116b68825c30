#!/usr/bin/python3
"""The corpus: public projects' Alembic migrations, run by real Alembic and by
petmigrate side by side (see README.md beside this file).

    corpus.py materialize [--force]         bring each project's versions/ in
    corpus.py run --petmigrate PM [...]     the differential suite (CTest: corpus)
    corpus.py diff PROJECT REV [--down [PARENT]] --petmigrate PM
                                            one revision's --sql from both tools
    corpus.py graph PROJECT COMMAND... --petmigrate PM
                                            one graph command from both tools
    corpus.py oracle ...                    (internal) Alembic's side, one process

Run with Debian's /usr/bin/python3 (python3-alembic 1.8.1, SQLAlchemy 1.4).
"""
import argparse
import concurrent.futures
import contextlib
import difflib
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(os.path.dirname(HERE))
PYTHON = "/usr/bin/python3"
SKIP = 77  # CTest's SKIP_RETURN_CODE for this suite

# (name, petmigrate arguments, alembic.command function name, its keywords)
GRAPH_COMMANDS = [
    ("heads", ["heads"], "heads", {}),
    ("heads -v", ["heads", "-v"], "heads", {"verbose": True}),
    ("heads --resolve-dependencies", ["heads", "--resolve-dependencies"], "heads",
     {"resolve_dependencies": True}),
    ("branches", ["branches"], "branches", {}),
    ("branches -v", ["branches", "-v"], "branches", {"verbose": True}),
    ("history", ["history"], "history", {}),
    ("history -v", ["history", "-v"], "history", {"verbose": True}),
]

# Alembic's graph output follows Python's string hashing in a few places.
# The oracle runs under these seeds; see compare_graph().
HASH_SEEDS = ["0", "1", "2", "3"]

CLASSES = ["identical", "alembic fails", "refused", "differ", "crash"]


def load_projects(names=None):
    with open(os.path.join(HERE, "projects.json")) as f:
        projects = json.load(f)["projects"]
    if names:
        wanted = names.split(",")
        unknown = set(wanted) - {p["name"] for p in projects}
        if unknown:
            sys.exit("unknown corpus project(s): " + ", ".join(sorted(unknown)))
        projects = [p for p in projects if p["name"] in wanted]
    return projects


def project_dir(p):
    return os.path.join(HERE, p["name"])


def ini_of(p):
    return os.path.join(project_dir(p), "alembic.ini")


# ---------------------------------------------------------------- materialize

def versions_digest(root):
    """sha256 over every .py file's relative path and bytes, sorted."""
    h = hashlib.sha256()
    count = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if not name.endswith(".py"):
                continue
            path = os.path.join(dirpath, name)
            h.update(os.path.relpath(path, root).encode() + b"\0")
            with open(path, "rb") as f:
                h.update(f.read())
            count += 1
    return count, h.hexdigest()


def sources_for(p, args):
    """Where a project's versions/ can come from, most specific first."""
    owner_name = p["repo"].replace("/", "+")
    candidates = []
    for base in [args.get("source"), os.environ.get("PM_CORPUS_DIR"),
                 os.path.join(os.path.dirname(SOURCE_ROOT), "shared", "corpus"),
                 os.path.join(os.path.dirname(os.path.dirname(SOURCE_ROOT)), "shared", "corpus")]:
        if base:
            candidates.append(("copy", os.path.join(base, p["name"], "versions")))
    mirrors = os.environ.get("PM_CORPUS_MIRRORS", "/work/.mirror")
    candidates.append(("git", os.path.join(mirrors, owner_name, "repo")))
    return candidates


def materialize_one(p, args):
    dest = os.path.join(project_dir(p), "versions")
    if os.path.isdir(dest) and not args.get("force"):
        count, digest = versions_digest(dest)
        if count == p.get("files") and digest == p.get("digest"):
            return "present"
    for kind, src in sources_for(p, args):
        if not os.path.exists(src):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            staged = os.path.join(tmp, "versions")
            if kind == "copy":
                shutil.copytree(src, staged, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                archive = subprocess.run(["git", "--git-dir=" + src, "archive", p["commit"], p["path"]],
                                         capture_output=True)
                if archive.returncode != 0:
                    continue
                with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                    tar.extractall(tmp)
                os.rename(os.path.join(tmp, p["path"]), staged)
            # Only the migration scripts: no other file of the project.
            for dirpath, _, filenames in os.walk(staged):
                for name in filenames:
                    if not name.endswith(".py"):
                        os.remove(os.path.join(dirpath, name))
            count, digest = versions_digest(staged)
            if p.get("digest") and (count, digest) != (p.get("files"), p["digest"]):
                return "MISMATCH at %s: %d files, digest %s" % (src, count, digest)
            if os.path.isdir(dest):
                shutil.rmtree(dest)
            shutil.copytree(staged, dest)
            return "from %s (%d files)" % (src, count)
    return None


def materialize(projects, args, quiet=False):
    missing = []
    for p in projects:
        how = materialize_one(p, args)
        if how is None or how.startswith("MISMATCH"):
            missing.append(p["name"])
        if not quiet or how != "present":
            print("%-20s %s" % (p["name"], how or "NOT AVAILABLE (no shared copy, no mirror)"))
    return missing


# -------------------------------------------------------------------- oracle

def normalize_schema(db_path):
    con = sqlite3.connect(db_path)
    try:
        rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                           "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()
        version = []
        if any(r[1] == "alembic_version" for r in rows):
            version = sorted(r[0] for r in con.execute("SELECT version_num FROM alembic_version"))
    finally:
        con.close()
    lines = ["%s %s on %s: %s" % (t, n, tn, sorted_table_constraints(re.sub(r"\s+", " ", s or "").strip()))
             for t, n, tn, s in rows]
    return lines + ["alembic_version: " + ", ".join(version)]


TABLE_CONSTRAINT = re.compile(r"(CONSTRAINT|FOREIGN KEY|UNIQUE|CHECK|PRIMARY KEY)\b", re.I)


def sorted_table_constraints(sql):
    """A CREATE TABLE with its table constraints sorted (columns keep their
    order). Alembic's batch rebuild copies the reflected constraints by
    iterating Table.constraints, a Python set of objects hashed by id(), so
    their order in the rebuilt table follows memory addresses: two runs of
    Alembic itself give different orders (seen on prefect-sqlite)."""
    open_at = sql.find("(")
    if not sql.upper().startswith("CREATE TABLE") or open_at < 0 or not sql.endswith(")"):
        return sql
    body = sql[open_at + 1:-1]
    parts, depth, quote, start = [], 0, None, 0
    for i, ch in enumerate(body):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"`[":
            quote = "]" if ch == "[" else ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(body[start:i].strip())
            start = i + 1
    parts.append(body[start:].strip())
    columns = [p for p in parts if not TABLE_CONSTRAINT.match(p)]
    constraints = sorted(p for p in parts if TABLE_CONSTRAINT.match(p))
    return sql[:open_at + 1] + ", ".join(columns + constraints) + ")"


def render_ranges(script):
    """Every revision's upgrade and downgrade ranges: the upgrade from all of
    its parents at once, a downgrade to each parent (base for a root)."""
    out = []
    for rev in script.revision_map.iterate_revisions("heads", "base"):
        parents = list(rev._versioned_down_revisions)
        start = ",".join(parents) if parents else "base"
        ranges = [("up", "%s:%s" % (start, rev.revision))]
        for parent in parents or ["base"]:
            ranges.append(("down", "%s:%s" % (rev.revision, parent)))
        out.append((rev.revision, ranges))
    return out


class Utf8Buffer(io.StringIO):
    """Alembic encodes what it prints with the stream's encoding ('ascii',
    with '?' for the rest, when the stream has none): as on a UTF-8 console."""
    encoding = "utf-8"


def sqlalchemy_compat():
    """What the projects' scripts take for granted of their environment.

    SQLAlchemy 2.0's postgresql.CITEXT and sqlalchemy.UUID, which the test
    machine's 1.4 lacks and warehouse's scripts use: types PostgreSQL calls
    CITEXT and UUID, as in 2.0. And sqlalchemy.orm imported, as it is in
    every application with models (neutron's scripts use sa.orm without
    importing it), so that results do not depend on the order projects run.
    """
    import sqlalchemy
    import sqlalchemy.orm  # noqa: F401
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.dialects.postgresql.base import PGTypeCompiler
    from sqlalchemy.types import TEXT
    if not hasattr(postgresql, "CITEXT"):
        class CITEXT(TEXT):
            __visit_name__ = "CITEXT"
        postgresql.CITEXT = CITEXT
        PGTypeCompiler.visit_CITEXT = lambda self, type_, **kw: "CITEXT"
    if not hasattr(sqlalchemy, "UUID"):
        class UUID(postgresql.UUID):
            def __init__(self, as_uuid=True):
                super().__init__(as_uuid=as_uuid)
        sqlalchemy.UUID = UUID


# Alembic's offline batch refusals during the current render, caught or not.
SWALLOWED_BATCH_REFUSALS = []


def watch_offline_batch():
    """Record every "cannot proceed in --sql mode" of a batch block, even one
    the script catches: privacyidea wraps its batch blocks in `try: ...
    except Exception: print(...)`, so Alembic's --sql output simply lacks the
    batch. That output is Alembic failing to render the revision, not SQL to
    compare with petmigrate's (which renders batch blocks offline, DESIGN.md):
    the render counts as "Alembic fails"."""
    from alembic import util
    from alembic.operations.batch import BatchOperationsImpl
    if getattr(BatchOperationsImpl.flush, "corpus_watch", False):
        return
    flush = BatchOperationsImpl.flush

    def watched(self, *a, **kw):
        try:
            return flush(self, *a, **kw)
        except util.CommandError as e:
            if "cannot proceed in --sql mode" in str(e):
                SWALLOWED_BATCH_REFUSALS.append(str(e).splitlines()[0])
            raise
    watched.corpus_watch = True
    BatchOperationsImpl.flush = watched


def alembic_result(run):
    """{"ok", "out"[, "error"]} of run(), which writes to the buffer it returns."""
    del SWALLOWED_BATCH_REFUSALS[:]
    try:
        out = run()
    except Exception as e:  # Alembic's failure is a result here
        return {"ok": False, "out": "",
                "error": "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")}
    if SWALLOWED_BATCH_REFUSALS:
        return {"ok": False, "out": out,
                "error": "CommandError (caught by the script): " + SWALLOWED_BATCH_REFUSALS[0]}
    return {"ok": True, "out": out}


def oracle(args):
    """Alembic's side for a list of projects, in this one process: every
    graph command, and unless --graph-only every revision's --sql and the
    online SQLite run. Writes JSON to --out."""
    sys.dont_write_bytecode = True
    warnings.simplefilter("ignore")
    import logging
    logging.disable(logging.CRITICAL)
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    sqlalchemy_compat()
    watch_offline_batch()

    # One ScriptDirectory per project for the whole run: command.upgrade()
    # builds a new one (importing every script again) on every call.
    cache = {}
    from_config = ScriptDirectory.from_config.__func__

    def cached(cls, config):
        key = os.path.abspath(config.config_file_name)
        if key not in cache:
            cache[key] = from_config(cls, config)
        return cache[key]

    ScriptDirectory.from_config = classmethod(cached)

    def call(ini, fn, *a, url=None, **kw):
        buf = Utf8Buffer()
        cfg = Config(ini, stdout=buf, output_buffer=buf)
        if url:
            cfg.set_main_option("sqlalchemy.url", url)
        result = alembic_result(lambda: (getattr(command, fn)(cfg, *a, **kw), buf.getvalue())[1])
        if not result["ok"]:
            result["out"] = buf.getvalue()
        return result

    results = {}
    for p in load_projects(args.projects):
        ini = ini_of(p)
        stubs = os.path.join(project_dir(p), "stubs")
        # A project's stand-in for a package an earlier project imported for
        # real (dispatch-tenant's pydantic 2 names) must win, as in a fresh
        # Alembic process: set the imported one aside for this project.
        shadowed = {}
        tops = {n[:-3] if n.endswith(".py") else n for n in (os.listdir(stubs) if os.path.isdir(stubs) else [])}
        for mod in list(sys.modules):
            if mod.split(".")[0] in tops:
                shadowed[mod] = sys.modules.pop(mod)
        before = set(sys.modules)
        res = {"graph": {}, "renders": {}, "paths": {}, "online": None}
        for name, _, fn, kw in GRAPH_COMMANDS:
            res["graph"][name] = call(ini, fn, **kw)
        if not args.graph_only:
            try:
                script = ScriptDirectory.from_config(Config(ini))
                ranges = render_ranges(script)
            except Exception as e:
                ranges = []
                res["error"] = "%s: %s" % (type(e).__name__, e)
            res["paths"] = {rev: os.path.basename(script.get_revision(rev).path) for rev, _ in ranges}
            for rev, rs in ranges:
                res["renders"][rev] = {}
                for direction, r in rs:
                    fn = "upgrade" if direction == "up" else "downgrade"
                    res["renders"][rev][direction + " " + r] = call(ini, fn, r, sql=True)
            if p.get("online") and ranges:
                with tempfile.TemporaryDirectory() as tmp:
                    db = os.path.join(tmp, "alembic.db")
                    url = "sqlite:///" + db
                    steps = {}
                    for step, fn, target in (("upgrade heads", "upgrade", "heads"), ("downgrade base", "downgrade", "base")):
                        r = call(ini, fn, target, url=url)
                        r["schema"] = normalize_schema(db) if os.path.exists(db) else []
                        steps[step] = r
                        if not r["ok"]:
                            break
                    res["online"] = steps
        results[p["name"]] = res
        # The next project may have stand-ins of the same name.
        for mod in set(sys.modules) - before:
            f = getattr(sys.modules[mod], "__file__", None) or ""
            if f.startswith(stubs):
                del sys.modules[mod]
        sys.path[:] = [x for x in sys.path if not x.startswith(stubs)]
        for mod, module in shadowed.items():
            sys.modules.setdefault(mod, module)
    with open(args.out, "w") as f:
        json.dump(results, f)


def run_oracle(projects, workdir, graph_only, seed):
    out = os.path.join(workdir, "alembic-%s%s.json" % ("graph-" if graph_only else "", seed))
    env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONDONTWRITEBYTECODE="1")
    cmd = [PYTHON, os.path.abspath(__file__), "oracle", "--out", out,
           "--projects", ",".join(p["name"] for p in projects)]
    if graph_only:
        cmd.append("--graph-only")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("the Alembic oracle failed:\n" + proc.stderr[-4000:])
    with open(out) as f:
        return json.load(f)


# ------------------------------------------------------------------ petmigrate

class Petmigrate:
    def __init__(self, path, timeout=120):
        self.path = path
        self.timeout = timeout

    def __call__(self, ini, *args, url=None):
        cmd = [self.path, "-c", ini] + (["--url", url] if url else []) + list(args)
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            return {"rc": None, "out": "", "err": "", "hang": True}
        return {"rc": proc.returncode, "out": proc.stdout, "err": proc.stderr}


LOCATED = re.compile(r"^(FAILED: )?\S.*:\d+:\d+: \S")


def refusal_of(r):
    """petmigrate's one-line reason, and whether it is located path:line:col."""
    text = (r["out"].strip().splitlines() or [""])[-1]
    if not text.startswith("FAILED: "):
        text = (r["err"].strip().splitlines() or [""])[-1]
    return text, bool(LOCATED.match(text))


def classify(alembic, pm):
    """One render: (class, detail)."""
    if pm.get("hang"):
        return "crash", "petmigrate did not finish"
    if pm["rc"] is None or pm["rc"] < 0 or pm["rc"] not in (0, 1, 255):
        return "crash", "petmigrate exited with %s: %s" % (pm["rc"], pm["err"][-300:])
    if not alembic["ok"]:
        return "alembic fails", alembic["error"]
    if pm["rc"] != 0:
        reason, located = refusal_of(pm)
        return "refused", reason if located else "NOT LOCATED: " + reason
    if normalize_sql(pm["out"]) == normalize_sql(alembic["out"]):
        return "identical", ""
    return "differ", first_difference(normalize_sql(alembic["out"]), normalize_sql(pm["out"]))


_CREATE_TABLE = re.compile(r"CREATE TABLE (\S+) \(")
_CREATE_INDEX = re.compile(r"CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?\S+ ON (?:ONLY )?(\S+) ")


def normalize_sql(text):
    """Alembic's create_table() (alembic/ddl/impl.py) emits the CREATE INDEX
    of the table's Column(index=True) and Index() objects by iterating
    table.indexes, a Python set of Index objects. Index hashes by id(), so
    that order follows memory addresses and changes from run to run whatever
    PYTHONHASHSEED is (fixing the seed cannot make it stable). So in both
    outputs the run of CREATE INDEX statements that directly follows a
    CREATE TABLE, on that same table, is sorted; nothing else moves. (An
    op.create_index() on the new table written right after op.create_table()
    joins that run: its order against the table's own indexes is then not
    checked; every other statement's order still is.)"""
    chunks = text.split("\n\n")
    out, i = [], 0
    while i < len(chunks):
        out.append(chunks[i])
        m = _CREATE_TABLE.match(chunks[i])
        i += 1
        if not m:
            continue
        run = []
        while i < len(chunks):
            ix = _CREATE_INDEX.match(chunks[i])
            if not ix or ix.group(1) != m.group(1) or "\n" in chunks[i].strip():
                break
            run.append(chunks[i])
            i += 1
        out.extend(sorted(run))
    return "\n\n".join(out)


def first_difference(a, b):
    for line in difflib.unified_diff(a.splitlines(), b.splitlines(), "alembic", "petmigrate", n=0, lineterm=""):
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++")):
            return line[:200]
    return "(whitespace at the end)"


# ------------------------------------------------------------- graph commands

_SET_LIST = re.compile(r"^(Branches into|Branch names): (.*)$")
_PAREN_GROUP = re.compile(r" \(([^()]*, [^()]*)\)(?= \(|,|$)")


def _sorted_list(text):
    return ", ".join(sorted(text.split(", ")))


def normalize_graph(text):
    """Alembic writes three things in set order (Python string hashing, a
    different order in every process): a branch point's children (`branches`
    lines, "Branches into:") and a revision's branch labels ("Branch names:",
    "rev (a, b)"). Sorting exactly those makes every order Alembic can print
    the same text; nothing else is touched."""
    out = []
    block = []
    for line in text.split("\n"):
        m = _SET_LIST.match(line)
        if m:
            line = "%s: %s" % (m.group(1), _sorted_list(m.group(2)))
        else:
            line = _PAREN_GROUP.sub(lambda g: " (%s)" % _sorted_list(g.group(1)), line)
        if re.match(r"^ +-> ", line):
            block.append(line)
            continue
        out.extend(sorted(block))
        block = []
        out.append(line)
    out.extend(sorted(block))
    return "\n".join(out)


def compare_graph(alembic_runs, pm):
    """Identical when petmigrate's output (normalized) equals Alembic's under
    any of the hash seeds. Returns (ok, alembic output shown, note)."""
    if pm.get("hang") or pm["rc"] is None:
        return False, "", "petmigrate did not finish"
    outputs = []
    for run in alembic_runs:
        if not run["ok"]:
            # Alembic failed: petmigrate must fail too (its message differs).
            outputs.append(None)
        else:
            outputs.append(run["out"])
    if all(o is None for o in outputs):
        ok = pm["rc"] != 0
        return ok, alembic_runs[0]["error"], "" if ok else "Alembic fails, petmigrate succeeds"
    if pm["rc"] != 0:
        return False, outputs[0] or "", "petmigrate failed: " + refusal_of(pm)[0]
    mine = normalize_graph(pm["out"])
    for o in outputs:
        if o is not None and normalize_graph(o) == mine:
            return True, o, ""
    return False, next(o for o in outputs if o is not None), "differs"


# ------------------------------------------------------------------------ run

def petmigrate_renders(pm, p, alembic_renders, jobs):
    ini = ini_of(p)
    tasks = []
    for rev, renders in alembic_renders.items():
        for key in renders:
            direction, r = key.split(" ", 1)
            tasks.append((rev, key, ["upgrade" if direction == "up" else "downgrade", r, "--sql"]))
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(pm, ini, *args): (rev, key) for rev, key, args in tasks}
        for f in concurrent.futures.as_completed(futures):
            rev, key = futures[f]
            results.setdefault(rev, {})[key] = f.result()
    return results


def revision_class(classes):
    """A revision's class from its renders' (its upgrade, a downgrade to each
    parent): over the ones Alembic renders, the worst; "alembic fails" only
    when Alembic renders none of them."""
    rendered = [c for c in classes if c != "alembic fails"]
    if not rendered:
        return "alembic fails"
    for c in ["crash", "differ", "refused"]:
        if c in rendered:
            return c
    return "identical"


def read_expected():
    expected = {}
    with open(os.path.join(HERE, "expected.txt")) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if len(line) == 2:
                expected[line[0]] = int(line[1])
    return expected


def online_run(pm, p, workdir):
    ini = ini_of(p)
    db = os.path.join(workdir, p["name"] + "-petmigrate.db")
    if os.path.exists(db):
        os.remove(db)
    url = "sqlite:///" + db
    steps = {}
    for step, args in (("upgrade heads", ["upgrade", "heads"]), ("downgrade base", ["downgrade", "base"])):
        r = pm(ini, *args, url=url)
        r["ok"] = r["rc"] == 0
        r["schema"] = normalize_schema(db) if os.path.exists(db) else []
        steps[step] = r
        if not r["ok"]:
            break
    return steps


def run(args):
    started = time.monotonic()
    projects = load_projects(args.projects)
    missing = materialize(projects, {}, quiet=True)
    if missing:
        print("The corpus is not materialized for: %s.\nSee tests/corpus/README.md (corpus.py materialize)."
              % ", ".join(missing))
        return SKIP
    pm = Petmigrate(args.petmigrate)
    workdir = tempfile.mkdtemp(prefix="corpus-")
    failures = []
    try:
        t0 = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(HASH_SEEDS)) as pool:
            main = pool.submit(run_oracle, projects, workdir, False, HASH_SEEDS[0])
            others = [pool.submit(run_oracle, projects, workdir, True, s) for s in HASH_SEEDS[1:]]
            alembic = main.result()
            graph_seeds = [alembic] + [o.result() for o in others]
        alembic_seconds = time.monotonic() - t0

        t0 = time.monotonic()
        table = []
        totals = {c: 0 for c in CLASSES}
        totals["revisions"] = 0
        graph_total = [0, 0]
        refusal_reasons = {}
        online_rows = []
        online_steps = {}
        seed_dependent = []
        expected = read_expected()
        for p in projects:
            name = p["name"]
            al = alembic[name]
            ini = ini_of(p)
            # graph commands
            graph_ok = 0
            for gname, gargs, _, _ in GRAPH_COMMANDS:
                seeds = {normalize_graph(s[name]["graph"][gname]["out"]) for s in graph_seeds
                         if s[name]["graph"][gname]["ok"]}
                if len(seeds) > 1:
                    seed_dependent.append("%s `%s`" % (name, gname))
                mine = pm(ini, *gargs)
                ok, shown, note = compare_graph([s[name]["graph"][gname] for s in graph_seeds], mine)
                graph_ok += ok
                if not ok:
                    failures.append("%s: `%s` not identical to Alembic's (%s)" % (name, gname, note))
            graph_total[0] += graph_ok
            graph_total[1] += len(GRAPH_COMMANDS)
            # --sql per revision
            mine = petmigrate_renders(pm, p, al["renders"], args.jobs)
            counts = {c: 0 for c in CLASSES}
            refused_here = 0
            for rev, renders in al["renders"].items():
                classes = []
                own_refusal = False
                for key, a in renders.items():
                    c, detail = classify(a, mine[rev][key])
                    classes.append(c)
                    if c == "crash":
                        failures.append("%s %s: %s" % (name, key, detail))
                    elif c == "refused":
                        if detail.startswith("NOT LOCATED"):
                            failures.append("%s %s: refusal without a location: %s" % (name, key, detail))
                        reason = re.sub(r"^(FAILED: )?\S+:\d+:\d+: ", "", detail)
                        refusal_reasons[reason] = refusal_reasons.get(reason, 0) + 1
                        where = re.match(r"^(?:FAILED: )?(\S+):\d+:\d+: ", detail)
                        own_refusal = own_refusal or bool(where and os.path.basename(where.group(1)) == al["paths"].get(rev))
                    if args.verbose and c != "identical":
                        print("  %s %s: %s: %s" % (name, key, c, detail))
                cls = revision_class(classes)
                counts[cls] += 1
                refused_here += cls == "refused" and own_refusal
            n = len(al["renders"])
            totals["refused here"] = totals.get("refused here", 0) + refused_here
            for c in CLASSES:
                totals[c] += counts[c]
            totals["revisions"] += n
            floor = expected.get(name, 0)
            if counts["identical"] < floor:
                failures.append("%s: %d revisions identical, fewer than the %d recorded in expected.txt"
                                % (name, counts["identical"], floor))
            table.append((name, p["dialect"], n, "%d/%d" % (graph_ok, len(GRAPH_COMMANDS)), counts, refused_here))
            # online on SQLite
            if p.get("online"):
                ours = online_run(pm, p, workdir)
                theirs = al.get("online") or {}
                verdict = []
                # Migration steps petmigrate completed where Alembic completes
                # them too: a ratchet in expected.txt ("online:NAME N").
                steps_done = 0
                for step in ("upgrade heads", "downgrade base"):
                    a, m = theirs.get(step), ours.get(step)
                    ran = (m["out"] + m["err"]).count("Running " + step.split()[0]) if m else 0
                    if a is None or m is None:
                        verdict.append("%s: not reached" % step)
                    elif not a["ok"]:
                        verdict.append("%s: Alembic fails (%s)" % (step, a["error"][:120]))
                    elif not m["ok"]:
                        # The step that was refused (the run was rolled back).
                        steps_done += max(ran - 1, 0)
                        kind, detail = classify({"ok": True, "out": ""}, m)
                        reason, located = refusal_of(m)
                        reason = reason[len("FAILED: "):] if reason.startswith("FAILED: ") else reason
                        reason = reason.replace(os.path.join(HERE, name, "versions") + os.sep, "")
                        if kind == "crash" or not located:
                            failures.append("%s online %s: petmigrate %s: %s" % (
                                name, step, "crashes" if kind == "crash" else "refuses without a location",
                                detail[:200]))
                        verdict.append("%s: petmigrate refuses at step %d (%s)" % (step, ran, reason[:170]))
                    elif a["schema"] != m["schema"]:
                        # Both tools ran the whole step: a different schema is a
                        # fault, never a gap (the gate).
                        diff = [l for l in difflib.unified_diff(a["schema"], m["schema"], lineterm="", n=0)
                                if l[:1] in "+-" and l[:3] not in ("---", "+++")]
                        verdict.append("%s: schemas differ: %s" % (step, diff[0][:160] if diff else "?"))
                        failures.append("%s online %s: the schemas differ from Alembic's: %s" % (
                            name, step, diff[0][:160] if diff else "?"))
                    else:
                        steps_done += ran
                        verdict.append("%s: same schema" % step)
                floor = expected.get("online:" + name, 0)
                if steps_done < floor:
                    failures.append("%s online: %d migration steps run as Alembic runs them, fewer than the %d "
                                    "recorded in expected.txt" % (name, steps_done, floor))
                online_steps[name] = steps_done
                verdict.append("%d steps run" % steps_done)
                online_rows.append((name, verdict))
        pm_seconds = time.monotonic() - t0

        # report
        print()
        print("| project | dialect | revisions | graph commands identical | --sql identical | Alembic fails offline "
              "| refused (its own body / an ancestor's) | differ |")
        print("|---|---|---:|---|---:|---:|---:|---:|")
        for name, dialect, n, graph, counts, here in table:
            print("| %s | %s | %d | %s | %d | %d | %d (%d / %d) | %d |" % (
                name, dialect, n, graph, counts["identical"], counts["alembic fails"], counts["refused"], here,
                counts["refused"] - here, counts["differ"]))
        renderable = totals["revisions"] - totals["alembic fails"]
        print("| **total** | | %d | %d/%d | %d (%.0f%% of the %d revisions Alembic renders) | %d | %d (%d / %d) | %d |" % (
            totals["revisions"], graph_total[0], graph_total[1], totals["identical"],
            100.0 * totals["identical"] / renderable if renderable else 0, renderable,
            totals["alembic fails"], totals["refused"], totals["refused here"],
            totals["refused"] - totals["refused here"], totals["differ"]))
        print("\nAlembic under %d hash seeds: %s" % (
            len(HASH_SEEDS), "the normalized graph outputs agree on every project" if not seed_dependent else
            "the order depends on the seed for " + ", ".join(seed_dependent)))
        if refusal_reasons:
            print("\nMost frequent refusals (per render):")
            for reason, count in sorted(refusal_reasons.items(), key=lambda kv: -kv[1])[:args.reasons]:
                print("  %5d  %s" % (count, reason[:150]))
        if online_rows:
            print("\nOnline on SQLite (upgrade heads, then downgrade base, fresh files, sqlite_master compared):")
            for name, verdict in online_rows:
                print("  %-16s %s" % (name, "; ".join(verdict)))
        print("\nAlembic (oracle, %d hash seeds in parallel): %.1f s; petmigrate and comparison: %.1f s; "
              "whole suite: %.1f s" % (len(HASH_SEEDS), alembic_seconds, pm_seconds, time.monotonic() - started))
        if args.update_expected:
            with open(os.path.join(HERE, "expected.txt"), "w") as f:
                f.write("# Revisions whose upgrade and downgrade --sql are identical to Alembic's, per project.\n"
                        "# A ratchet: the suite fails when a count falls below; raise them as petmigrate improves\n"
                        "# (corpus.py run --update-expected writes the current counts).\n")
                for name, _, _, _, counts, _ in table:
                    f.write("%s %d\n" % (name, counts["identical"]))
                f.write("# Online on SQLite: migration steps (upgrade heads, then downgrade base) petmigrate runs\n"
                        "# before it stops, where Alembic runs them; a run that completes must leave Alembic's schema.\n")
                for name in sorted(online_steps):
                    f.write("online:%s %d\n" % (name, online_steps[name]))
            print("expected.txt updated")
        if failures:
            print("\nFAILURES:")
            for f in failures:
                print("  " + f)
            return 1
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print("work files kept in " + workdir)


# ------------------------------------------------------------------ debugging

def find_project(name):
    return load_projects(name)[0]


def alembic_one(p, fn, *a, **kw):
    """One Alembic command in a child process, output captured."""
    code = ("import io,sys,json,warnings; warnings.simplefilter('ignore'); sys.dont_write_bytecode=True\n"
            "sys.path.insert(0, %r); import corpus; corpus.sqlalchemy_compat(); corpus.watch_offline_batch()\n"
            "from alembic import command; from alembic.config import Config\n"
            "class B(io.StringIO): encoding='utf-8'\n"
            "buf=B(); cfg=Config(%r, stdout=buf, output_buffer=buf)\n"
            "r=corpus.alembic_result(lambda: (command.%s(cfg, *%r, **%r), buf.getvalue())[1])\n"
            "r['out']=buf.getvalue(); print(json.dumps(r))\n"
            % (HERE, ini_of(p), fn, a, kw))
    proc = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    if proc.returncode != 0:
        return {"ok": False, "out": "", "error": proc.stderr.strip().splitlines()[-1]}
    # The result is the last line: a script's own print() comes before it.
    return json.loads(proc.stdout.strip().splitlines()[-1])


def show_pair(title, alembic, mine):
    print("=== %s" % title)
    if not alembic["ok"]:
        print("Alembic fails: %s" % alembic["error"])
    if mine.get("hang") or mine["rc"] != 0:
        print("petmigrate exits %s: %s" % (mine["rc"], refusal_of(mine)[0]))
    if alembic["ok"] and mine.get("rc") == 0:
        if alembic["out"] == mine["out"]:
            print("identical (%d lines)" % alembic["out"].count("\n"))
        elif normalize_sql(alembic["out"]) == normalize_sql(mine["out"]):
            print("identical once the CREATE INDEX after each CREATE TABLE are sorted (%d lines; see normalize_sql)"
                  % alembic["out"].count("\n"))
        else:
            sys.stdout.writelines(difflib.unified_diff(alembic["out"].splitlines(True), mine["out"].splitlines(True),
                                                       "alembic", "petmigrate"))
    return 0


def diff(args):
    p = find_project(args.project)
    if materialize([p], {}, quiet=True):
        return SKIP
    pm = Petmigrate(args.petmigrate)
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    sys.dont_write_bytecode = True
    warnings.simplefilter("ignore")
    sqlalchemy_compat()
    script = ScriptDirectory.from_config(Config(ini_of(p)))
    rev = script.get_revision(args.revision)
    parents = list(rev._versioned_down_revisions)
    if args.down is None:
        r = "%s:%s" % (",".join(parents) or "base", rev.revision)
        return show_pair("upgrade %s --sql" % r, alembic_one(p, "upgrade", r, sql=True),
                         pm(ini_of(p), "upgrade", r, "--sql"))
    parent = args.down or (parents[0] if parents else "base")
    r = "%s:%s" % (rev.revision, parent)
    return show_pair("downgrade %s --sql" % r, alembic_one(p, "downgrade", r, sql=True),
                     pm(ini_of(p), "downgrade", r, "--sql"))


def graph(args):
    p = find_project(args.project)
    if materialize([p], {}, quiet=True):
        return SKIP
    pm = Petmigrate(args.petmigrate)
    name = " ".join(args.command)
    entry = next((g for g in GRAPH_COMMANDS if g[0] == name), None)
    if entry is None:
        sys.exit("graph commands: " + ", ".join(g[0] for g in GRAPH_COMMANDS))
    alembic = alembic_one(p, entry[2], **entry[3])
    mine = pm(ini_of(p), *entry[1])
    if alembic["ok"] and mine.get("rc") == 0:
        alembic["out"] = normalize_graph(alembic["out"])
        mine["out"] = normalize_graph(mine["out"])
        print("(both outputs normalized for Python's set order; one hash seed)")
    return show_pair(name, alembic, mine)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="verb", required=True)
    m = sub.add_parser("materialize", help="bring each project's versions/ from a shared copy or a mirror")
    m.add_argument("--projects")
    m.add_argument("--source", help="a folder with <project>/versions/ in it")
    m.add_argument("--force", action="store_true")
    r = sub.add_parser("run", help="the differential suite")
    r.add_argument("--petmigrate", required=True)
    r.add_argument("--projects")
    r.add_argument("--jobs", type=int, default=2)
    r.add_argument("--verbose", "-v", action="store_true", help="print every render that is not identical")
    r.add_argument("--reasons", type=int, default=12, help="how many refusal reasons to print")
    r.add_argument("--update-expected", action="store_true")
    r.add_argument("--keep", action="store_true")
    d = sub.add_parser("diff", help="one revision's --sql from both tools")
    d.add_argument("project")
    d.add_argument("revision")
    d.add_argument("--down", nargs="?", const="", default=None, metavar="PARENT")
    d.add_argument("--petmigrate", required=True)
    g = sub.add_parser("graph", help="one graph command from both tools")
    g.add_argument("project")
    g.add_argument("command", nargs="+")
    g.add_argument("--petmigrate", required=True)
    o = sub.add_parser("oracle")
    o.add_argument("--out", required=True)
    o.add_argument("--projects")
    o.add_argument("--graph-only", action="store_true")
    args = parser.parse_args()
    if args.verb == "materialize":
        missing = materialize(load_projects(args.projects), vars(args))
        return 1 if missing else 0
    return {"run": run, "diff": diff, "graph": graph, "oracle": oracle}[args.verb](args) or 0


if __name__ == "__main__":
    sys.exit(main())
