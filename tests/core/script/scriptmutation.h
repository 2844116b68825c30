// Random small edits of a script's bytes, for the suites that hold two
// readers of the same source to the same answer (tst_scriptpreamble,
// tst_scriptheaderskim): 1 to 3 edits, each a deletion, an insertion or an
// overwrite from `pieces`, or a line moved elsewhere.
#pragma once

#include <QByteArray>
#include <QList>
#include <QRandomGenerator>

namespace pm::test {

inline QByteArray mutateScript(QByteArray s, QRandomGenerator &rng, const QList<QByteArray> &pieces)
{
    const int edits = 1 + int(rng.bounded(3u));
    for (int e = 0; e < edits && !s.isEmpty(); ++e) {
        const qsizetype at = qsizetype(rng.bounded(quint32(s.size())));
        switch (rng.bounded(4u)) {
        case 0: s.remove(at, 1 + qsizetype(rng.bounded(3u))); break;
        case 1: s.insert(at, pieces.at(qsizetype(rng.bounded(quint32(pieces.size()))))); break;
        case 2: s[at] = pieces.at(qsizetype(rng.bounded(quint32(pieces.size())))).at(0); break;
        default: {
            const qsizetype from = s.lastIndexOf('\n', at);
            const qsizetype to = s.indexOf('\n', at);
            if (from < 0 || to < 0)
                break;
            const QByteArray line = s.mid(from, to - from);
            s.remove(from, to - from);
            s.insert(qsizetype(rng.bounded(quint32(s.size()))), line);
            break;
        }
        }
    }
    return s;
}

// The edits of the suites that parse bodies too (tst_scriptpreamble, and
// tst_scriptheaderskim's preamble handed to the body parse): bytes that are
// not UTF-8, and statements of a body.
inline QByteArray mutateWithBodies(QByteArray s, QRandomGenerator &rng)
{
    static const QList<QByteArray> pieces{" ", "\t", "\n", "'", "\"", "(", ")", "[", "]", "{", "}", "#", "\\", ",",
                                          ":", "=", "a", "->", "\r", "\f", "\xc3\xa9", "\xc3", "\"\"\"", "'''",
                                          "None", "def ", "import ", " as ", "r'", "b\"", "revision", "\n    ",
                                          "\n\n", "\xef\xbb\xbf", ";", "x = 1\n", "if x:\n", "sa.", "\\\n", "op.",
                                          "from alembic import op\n", "import os\n", "('a')", "\n    pass\n"};
    return mutateScript(std::move(s), rng, pieces);
}

} // namespace pm::test
