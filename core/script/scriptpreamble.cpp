#include "script/scriptpreamble.h"

#include <cstring>

#include <QVarLengthArray>

#include "script/expressionreader.h"
#include "script/scriptbytereader.h"

namespace pm {

namespace {

// The statement reader's strings for the same names (ExpressionReader::nameText),
// shared instead of made anew for every script.
QString sharedName(QByteArrayView text)
{
    if (text.isEmpty())
        return QString();
    QVarLengthArray<char16_t, 64> wide(text.size());
    for (qsizetype i = 0; i < text.size(); ++i)
        wide[i] = char16_t(uchar(text[i]));
    return ExpressionReader::nameText(QStringView(wide.constData(), wide.size()));
}

RevisionList revisionList(const ScriptByteReader::Identifiers &value)
{
    RevisionList list;
    list.form = value.form;
    if (!value.ids.isEmpty())
        list.ids.reserve(value.ids.size());
    for (QByteArrayView id : value.ids)
        list.ids << ScriptByteReader::decoded(id);
    return list;
}

bool same(const QString &text, QByteArrayView name)
{
    // Names are ASCII, read here as identifiers, and short: compared here
    // rather than by a call into the library.
    if (text.size() != name.size())
        return false;
    const QChar *t = text.constData();
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (t[i].unicode() != char16_t(uchar(name[i])))
            return false;
    }
    return true;
}

// The imports as PythonImport values. A project's scripts mostly import the
// same names on the same lines: the list made for the last script that did
// is shared then, not made again.
void importsOf(const QVarLengthArray<ScriptByteReader::Import, 8> &imports, ScriptPreamble &out)
{
    thread_local QList<PythonImport> last;
    thread_local QList<ScriptPreamble::Binding> lastBindings;
    if (imports.isEmpty())
        return;
    bool reuse = last.size() == imports.size();
    for (qsizetype i = 0; reuse && i < imports.size(); ++i) {
        const PythonImport &was = last.at(i);
        const ScriptByteReader::Import &imp = imports[i];
        reuse = was.line == imp.line && was.column == imp.column && same(was.module, imp.module)
            && same(was.name, imp.name) && same(was.alias, imp.alias);
    }
    if (!reuse) {
        QList<PythonImport> made;
        QList<ScriptPreamble::Binding> bindings;
        made.reserve(imports.size());
        bindings.reserve(imports.size());
        for (const ScriptByteReader::Import &imp : imports) {
            made << PythonImport{sharedName(imp.module), sharedName(imp.name), sharedName(imp.alias), imp.line,
                                 imp.column, true};
            bindings << ScriptPreamble::Binding{made.back().boundName(), made.back().target()};
        }
        last = made;
        lastBindings = bindings;
    }
    out.imports = last;
    out.bindings = lastBindings;
}

} // namespace

std::optional<ScriptPreamble> preambleOf(const ScriptByteReader &reader)
{
    // What the statements before the def were read from: bytes the decoder
    // would read otherwise than as they are are the parser's (checked
    // here, on a few hundred bytes, not by the byte reader).
    const QByteArrayView before(reader.data(), reader.lineStart());
    if (!ScriptByteReader::isAscii(before) && !before.isValidUtf8())
        return std::nullopt;

    std::optional<ScriptPreamble> result; // made in place: it is large to move
    ScriptPreamble &out = result.emplace();
    using R = ScriptByteReader;
    if (reader.hasDocstring())
        out.docstring = ScriptByteReader::decoded(reader.docstring());
    if (reader.seen(R::Revision)) {
        const R::Identifiers &revision = reader.identifiers(R::Revision);
        out.revision = ScriptByteReader::decoded(revision.ids.front());
        out.revisionLine = revision.line;
    }
    out.downRevision = revisionList(reader.identifiers(R::DownRevision));
    out.branchLabels = revisionList(reader.identifiers(R::BranchLabels));
    out.dependsOn = revisionList(reader.identifiers(R::DependsOn));
    importsOf(reader.imports(), out);
    for (int i = 0; i < R::IdentifierCount; ++i)
        out.seen[i] = reader.seen(R::Identifier(i));
    out.anyStatement = reader.anyStatement();
    out.bodyOffset = reader.lineStart();
    out.bodyLine = reader.line();
    return result;
}

std::optional<ScriptPreamble> readScriptPreamble(QByteArrayView source)
{
    ScriptByteReader reader(source);
    // no def: nothing to read after the statements
    if (reader.readStatements() != ScriptByteReader::Stop::Def)
        return std::nullopt;
    // Bytes the tokenizer reads as line or indentation breaks are the
    // parser's (the skim looks for them in the whole file).
    const QByteArrayView before = source.first(reader.lineStart());
    for (const char stop : {'\r', '\f', '\0'}) {
        if (std::memchr(before.data(), stop, size_t(before.size())))
            return std::nullopt;
    }
    return preambleOf(reader);
}

} // namespace pm
