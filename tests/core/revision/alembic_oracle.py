"""Differential oracle: runs real Alembic (Debian's python3-alembic 1.8.1)
on revision graphs described in JSON and prints what it computes, in the
same text format tst_revisiondifferential prints for pm_revision.

stdin:  [{"name": str, "revisions": [{"rev", "down": [..], "deps": [..],
          "labels": [..], "doc": str|null, "path": str}], "queries": [..]}]
stdout: "== name" per graph, then "-- <query json>" and result lines.

Where Alembic iterates a Python set (hash order, different in every
process) the C++ port uses a fixed order that Alembic can also produce.
The patches below pin Alembic to that same order and change nothing else:
  * _normalized_resolved_dependencies: declared order instead of tuple(set)
  * RevisionStep.merge_branch_idents / _unmerge_to_revisions: declared
    order instead of list(set) / tuple(set)
  * util.format_as_comma on a set: revision ids in map order, labels sorted
  * `branches` walks nextrev and `current` walks get_all_current() in map
    order (the command bodies are re-stated here for that reason only)

Where Alembic 1.8.1 breaks, the expected answer is a correct Alembic's.
It breaks when a revision's normalized down revisions are not independent:
one lies below another, because depends_on names an ancestor of a parent
(directly, through a branch label, or a merge point below a parent). Its
HeadMaintainer then updates or deletes a row that is not there (KeyError
online; offline, a version table left without the revision) or inserts a
row below another row. CorrectRevisionStep is Alembic's RevisionStep with
those two places fixed, and nothing else. Its answer is then checked, step
by step, against a definition written independently of Alembic's code:
after every step the rows are the heads of the applied set (the revisions
of the starting rows and everything below them, plus upgraded, minus
downgraded), where a head is an applied revision with no applied revision
above it through down_revision or depends_on. The upgrade and downgrade
answers print Alembic 1.8.1's when it agrees and the correct one when it
does not, followed by a "# alembic 1.8.1 ..." line saying how it breaks.

It also breaks on a graph with a cycle every revision of which is reachable
from a head and from a base (a merge below the cycle, or a second parent
of one of its revisions): its cycle check misses it, it builds the map and
plans steps through the cycle. A correct Alembic refuses every cycle, as
1.8.1 does the others; the patched _detect_cycles below does, and the build
error is followed by a "# alembic 1.8.1 misses a cycle" line.
"""
import json
import sys
import types
import warnings

warnings.simplefilter("ignore")

try:
    import alembic
    from alembic import util
    from alembic.runtime import migration
    from alembic.runtime.migration import HeadMaintainer, RevisionStep, StampStep
    from alembic.script import revision as revmod
    from alembic.script.base import Script, ScriptDirectory
except Exception as exc:  # the C++ test turns this into a failure
    print("ORACLE-UNAVAILABLE: cannot import alembic: %r" % (exc,))
    sys.exit(3)

if alembic.__version__ != "1.8.1":
    print("ORACLE-UNAVAILABLE: alembic %s, expected 1.8.1" % alembic.__version__)
    sys.exit(3)

MAP_ORDER = {}

_orig_normalize = revmod.RevisionMap._normalize_depends_on


def _normalize_depends_on(self, revisions, map_):
    _orig_normalize(self, revisions, map_)
    for rev in revisions:
        keep = set(rev._normalized_resolved_dependencies)
        rev._normalized_resolved_dependencies = tuple(
            util.dedupe_tuple(
                tuple(d for d in rev._resolved_dependencies if d in keep)
            )
        )


revmod.RevisionMap._normalize_depends_on = _normalize_depends_on

_orig_detect_cycles = revmod.RevisionMap._detect_cycles
MISSED_CYCLES = []


def _detect_cycles(self, rev_map, heads, bases, _real_heads, _real_bases):
    """1.8.1's check, then every cycle it misses: its check only refuses
    revisions unreachable from a head or from a base, so a cycle reachable
    from both passes. Alembic means to refuse every cycle (issue #757, which
    added the check). A revision is on a cycle when it lies below itself."""
    _orig_detect_cycles(self, rev_map, heads, bases, _real_heads, _real_bases)
    for kind, down in (
        (revmod.CycleDetected, lambda r: r._versioned_down_revisions),
        (revmod.DependencyCycleDetected, lambda r: r._all_down_revisions),
    ):
        def below(rev_id):
            seen, todo = set(), [d for d in down(rev_map[rev_id]) if d in rev_map]
            while todo:
                r = todo.pop()
                if r not in seen:
                    seen.add(r)
                    todo.extend(d for d in down(rev_map[r]) if d in rev_map)
            return seen

        on_cycle = sorted(r for r in rev_map if r in below(r))
        if on_cycle:
            MISSED_CYCLES.append(kind.kind.lower())
            raise kind(on_cycle)


revmod.RevisionMap._detect_cycles = _detect_cycles


def _merge_branch_idents(self, heads):
    other_heads = set(heads).difference(self.from_revisions)
    if other_heads:
        ancestors = set(
            r.revision
            for r in self.revision_map._get_ancestor_nodes(
                self.revision_map.get_revisions(other_heads), check=False
            )
        )
        from_revisions = [
            r for r in util.dedupe_tuple(self.from_revisions)
            if r not in ancestors
        ]
    else:
        from_revisions = list(self.from_revisions)
    return (
        list(from_revisions[0:-1]),
        from_revisions[-1],
        self.to_revisions[0],
    )


def _unmerge_to_revisions(self, heads):
    other_heads = set(heads).difference([self.revision.revision])
    if other_heads:
        ancestors = set(
            r.revision
            for r in self.revision_map._get_ancestor_nodes(
                self.revision_map.get_revisions(other_heads), check=False
            )
        )
        return tuple(
            r for r in util.dedupe_tuple(self.to_revisions)
            if r not in ancestors
        )
    else:
        return self.to_revisions


RevisionStep.merge_branch_idents = _merge_branch_idents
RevisionStep._unmerge_to_revisions = _unmerge_to_revisions

_orig_format_as_comma = util.format_as_comma


def _format_as_comma(value):
    if isinstance(value, (set, frozenset)):
        if value and all(v in MAP_ORDER for v in value):
            value = sorted(value, key=MAP_ORDER.__getitem__)
        else:
            value = sorted(value)
    return _orig_format_as_comma(value)


util.format_as_comma = _format_as_comma


def scalar(values):
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return tuple(values)


def upgrade():
    pass


def downgrade():
    pass


def make_script(spec):
    module = types.ModuleType("rev_" + spec["rev"])
    module.upgrade = upgrade
    module.downgrade = downgrade
    module.__doc__ = spec.get("doc")
    module.down_revision = scalar(spec.get("down", []))
    module.branch_labels = scalar(spec.get("labels", []))
    module.depends_on = scalar(spec.get("deps", []))
    return Script(module, spec["rev"], spec.get("path", ""))


class RecordingHeadMaintainer(HeadMaintainer):
    """HeadMaintainer with the three SQL-issuing methods replaced by a log;
    update_to_step, the logic under test, is Alembic's own."""

    def __init__(self, heads):
        self.heads = set(heads)
        self.changes = []

    def _insert_version(self, version):
        assert version not in self.heads
        self.heads.add(version)
        self.changes.append("insert %s" % version)

    def _delete_version(self, version):
        self.heads.remove(version)
        self.changes.append("delete %s" % version)

    def _update_version(self, from_, to_):
        assert to_ not in self.heads
        self.heads.remove(from_)
        self.heads.add(to_)
        self.changes.append("update %s to %s" % (from_, to_))


def err(exc):
    if isinstance(exc, util.CommandError):
        return "ERROR " + str(exc)
    if isinstance(exc, revmod.RevisionError):
        return "ERROR " + str(exc.args[0])
    return "ERROR internal"


def by_index(revs):
    return sorted(revs, key=lambda r: MAP_ORDER[r.revision])


def describe_step(step):
    info = step.info
    return "%s | %s | up=%s down=%s upgrade=%s stamp=%s" % (
        step.short_log,
        str(step),
        ",".join(info.up_revision_ids),
        ",".join(info.down_revision_ids),
        int(info.is_upgrade),
        int(info.is_stamp),
    )


class CorrectRevisionStep(RevisionStep):
    """RevisionStep as a correct Alembic has it: a normalized down revision
    that lies below another one is never given a row of its own."""

    def merge_branch_idents(self, heads):
        delete_revs, update_from, update_to = _merge_branch_idents(self, heads)
        from_revisions = [r for r in delete_revs + [update_from] if r in heads]
        return from_revisions[0:-1], from_revisions[-1], update_to

    def _unmerge_to_revisions(self, heads):
        below = set()
        if len(self.to_revisions) > 1:
            for down in self.to_revisions:
                below.update(
                    r.revision
                    for r in self.revision_map._get_ancestor_nodes(
                        [self.revision_map.get_revision(down)], check=False
                    )
                    if r.revision != down
                )
        return tuple(
            r for r in _unmerge_to_revisions(self, heads) if r not in below
        )


class Lineage:
    """The revision graph as plain sets, independent of Alembic's code."""

    def __init__(self, specs):
        labels = {}
        for spec in specs:
            for label in spec.get("labels", []):
                labels[label] = spec["rev"]
        self.below = {
            spec["rev"]: [labels.get(d, d) for d in spec.get("down", []) + spec.get("deps", [])]
            for spec in specs
        }

    def closure(self, revs):
        seen, todo = set(), list(revs)
        while todo:
            rev = todo.pop()
            if rev not in seen:
                seen.add(rev)
                todo.extend(self.below[rev])
        return seen

    def heads(self, applied):
        under = set()
        for rev in applied:
            under |= self.closure(self.below[rev])
        return set(applied) - under

    def consistent(self, rows):
        """rows Alembic itself writes: known, distinct, none below another"""
        return (
            all(r in self.below for r in rows)
            and len(set(rows)) == len(rows)
            and self.heads(self.closure(rows)) == set(rows)
        )


def maintain(steps, heads, purge, step_class, lineage):
    """changes, error, and the first step after which the rows are not the
    heads of the applied set (None: never; only checked from consistent rows)"""
    hm = RecordingHeadMaintainer(() if purge else heads)
    applied = lineage.closure(heads) if lineage else None
    wrong_at = None
    error = None
    for number, step in enumerate(steps):
        original = step.__class__
        if isinstance(step, RevisionStep):
            step.__class__ = step_class
        try:
            hm.update_to_step(step)
        except Exception as exc:
            error = exc
            break
        finally:
            step.__class__ = original
        if applied is not None and isinstance(step, RevisionStep):
            if step.is_upgrade:
                applied.add(step.revision.revision)
            else:
                applied.discard(step.revision.revision)
            if wrong_at is None and set(hm.heads) != lineage.heads(applied):
                wrong_at = number + 1
    return hm, error, wrong_at


def run_steps(out, steps, heads, purge=False, specs=None):
    out.append("steps: %d" % len(steps))
    for step in steps:
        out.append("step " + describe_step(step))
    lineage = Lineage(specs) if specs is not None else None
    consistent = (
        lineage is not None and not purge and lineage.consistent(heads)
        and not any(isinstance(s, StampStep) for s in steps)
    )
    checked = lineage if consistent else None
    real, real_error, real_wrong = maintain(steps, heads, purge, RevisionStep, checked)
    hm, error, wrong_at = maintain(steps, heads, purge, CorrectRevisionStep, checked)
    if purge:
        out.append("change delete all")
    out.extend("change " + c for c in hm.changes)
    if error is not None:
        out.append(err(error))
    else:
        out.append("heads: " + ",".join(sorted(hm.heads)))
    if wrong_at is not None:
        # the C++ side never prints this: the comparison fails
        out.append("INVARIANT VIOLATED: the rows after step %d are not the "
                   "heads of the applied revisions" % wrong_at)
    if (real.changes, repr(real_error)) == (hm.changes, repr(error)):
        return
    if real_error is not None and error is None:
        how = "raises %s" % type(real_error).__name__
    elif not consistent:
        how = "differs, from rows Alembic does not write"
    elif set(real.heads) != set(hm.heads):
        how = "ends with rows that are not the heads"
    elif real_wrong is not None:
        how = "leaves rows that are not the heads between steps"
    else:
        how = "differs"
    out.append("# alembic 1.8.1 %s: %s%s" % (
        how, " ".join("[%s]" % c for c in real.changes),
        "" if real_error is None else " " + err(real_error)))


def run_query(sd, rm, q, specs):
    out = []
    kind = q[0]
    try:
        if kind == "map":
            out.append("heads: " + ",".join(rm.heads))
            out.append("bases: " + ",".join(rm.bases))
            out.append("real heads: " + ",".join(rm._real_heads))
            out.append("real bases: " + ",".join(rm._real_bases))
            for rev in by_index(
                r for k, r in rm._revision_map.items()
                if r is not None and k == r.revision
            ):
                out.append(
                    "%s next=%s allnext=%s labels=%s normdown=%s flags=%d%d%d%d%d%d%d" % (
                        rev.revision,
                        ",".join(sorted(rev.nextrev, key=MAP_ORDER.__getitem__)),
                        ",".join(sorted(rev._all_nextrev, key=MAP_ORDER.__getitem__)),
                        ",".join(sorted(rev.branch_labels)),
                        ",".join(rev._normalized_down_revisions),
                        rev.is_head, rev._is_real_head, rev.is_base,
                        rev._is_real_base, rev.is_branch_point,
                        rev._is_real_branch_point, rev.is_merge_point,
                    )
                )
        elif kind == "get_revisions":
            revs = rm.get_revisions(q[1])
            out.append("revs: " + ",".join(
                "None" if r is None else ("base" if r == "base" else r.revision)
                for r in revs
            ))
        elif kind == "get_revision":
            r = rm.get_revision(q[1])
            out.append("rev: " + ("None" if r is None else r.revision))
        elif kind == "iterate":
            # upper, lower (str or list), implicit_base, inclusive,
            # assert_relative_length, select_for_downgrade
            upper = tuple(q[1]) if isinstance(q[1], list) else q[1]
            lower = tuple(q[2]) if isinstance(q[2], list) else q[2]
            revs = list(rm.iterate_revisions(
                upper, lower, implicit_base=q[3], inclusive=q[4],
                assert_relative_length=q[5], select_for_downgrade=q[6]))
            out.append("order: " + ",".join(r.revision for r in revs))
        elif kind == "upgrade":
            heads = tuple(q[2])
            steps = sd._upgrade_revs(q[1], heads)
            run_steps(out, steps, heads, specs=specs)
        elif kind == "downgrade":
            heads = tuple(q[2])
            steps = sd._downgrade_revs(q[1], heads)
            run_steps(out, steps, heads, specs=specs)
        elif kind == "stamp":
            dests, heads, purge = tuple(q[1]), tuple(q[2]), q[3]
            steps = sd._stamp_revs(dests, () if purge else heads)
            run_steps(out, steps, heads, purge, specs=specs)
        elif kind == "history":
            rev_range, verbose, indicate, currents = q[1], q[2], q[3], tuple(q[4])
            out.extend(history(sd, rev_range, verbose, indicate, currents))
        elif kind == "heads":
            verbose, resolve = q[1], q[2]
            heads = sd.get_revisions("heads") if resolve else sd.get_revisions(sd.get_heads())
            for rev in heads:
                out.append(rev.cmd_format(verbose, include_branches=True, tree_indicators=False))
        elif kind == "branches":
            verbose = q[1]
            for sc in sd.walk_revisions():
                if sc.is_branch_point:
                    out.append("%s\n%s\n" % (
                        sc.cmd_format(verbose, include_branches=True),
                        "\n".join(
                            "%s -> %s" % (
                                " " * len(str(sc.revision)),
                                rev_obj.cmd_format(False, include_branches=True, include_doc=verbose),
                            )
                            for rev_obj in (
                                sd.get_revision(rev)
                                for rev in sorted(sc.nextrev, key=MAP_ORDER.__getitem__)
                            )
                        ),
                    ))
        elif kind == "show":
            rev, currents = q[1], tuple(q[2])
            for sc in sd.get_revisions(currents if rev == "current" else rev):
                out.append(sc.log_entry)
        elif kind == "current":
            verbose, heads = q[1], tuple(q[2])
            for rev in by_index(sd.get_all_current(heads)):
                out.append(rev.cmd_format(verbose))
        else:
            out.append("unknown query")
    except Exception as exc:
        out.append(err(exc))
    return out


def history(sd, rev_range, verbose, indicate_current, currents):
    """command.history with the database part replaced by `currents`."""
    out = []
    if rev_range is not None:
        if ":" not in rev_range:
            raise util.CommandError(
                "History range requires [start]:[end], [start]:, or :[end]"
            )
        base, head = rev_range.strip().split(":")
    else:
        base = head = None

    def display(base, head, currents=()):
        for sc in sd.walk_revisions(base=base or "base", head=head or "heads"):
            if indicate_current:
                sc._db_current_indicator = sc.revision in currents
            out.append(sc.cmd_format(
                verbose=verbose, include_branches=True,
                include_doc=True, include_parents=True))

    try:
        if head == "current":
            display(base, currents, currents)
        elif base == "current":
            display(currents, head, currents)
        else:
            display(base, head, currents)
    finally:
        for sc in sd.revision_map._revision_map.values():
            if sc is not None:
                sc._db_current_indicator = None
    return out


def run_graph(graph):
    out = ["== " + graph["name"]]
    specs = graph["revisions"]
    MAP_ORDER.clear()
    for i, spec in enumerate(specs):
        MAP_ORDER.setdefault(spec["rev"], i)

    sd = object.__new__(ScriptDirectory)
    rm = revmod.RevisionMap(lambda: (make_script(s) for s in specs))
    sd.revision_map = rm
    del MISSED_CYCLES[:]
    try:
        rm.heads
    except Exception as exc:
        out.append("build " + err(exc))
        if MISSED_CYCLES:
            out.append("# alembic 1.8.1 misses a %s: builds the map and "
                       "answers every query on it" % MISSED_CYCLES[0])
        return out
    for q in graph["queries"]:
        out.append("-- " + json.dumps(q, separators=(",", ":"), ensure_ascii=False))
        for line in run_query(sd, rm, q, specs):
            out.extend(line.split("\n"))
    return out


def main():
    graphs = json.load(sys.stdin)
    lines = []
    for g in graphs:
        lines.extend(run_graph(g))
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
