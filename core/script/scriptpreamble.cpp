#include "script/scriptpreamble.h"

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
        list.ids << QString::fromUtf8(id);
    return list;
}

} // namespace

std::optional<ScriptPreamble> readScriptPreamble(QByteArrayView source)
{
    ScriptByteReader reader(source);
    // no def: nothing to read after the statements
    if (reader.readStatements() != ScriptByteReader::Stop::Def)
        return std::nullopt;
    // What the statements before it were read from: bytes the decoder
    // would read otherwise than as they are, or that the tokenizer reads
    // as line or indentation breaks, are the parser's (checked here, on a
    // few hundred bytes, not above).
    const QByteArrayView before = source.first(reader.lineStart());
    for (const char stop : {'\r', '\f', '\0'}) {
        if (before.contains(stop))
            return std::nullopt;
    }
    if (!before.isValidUtf8())
        return std::nullopt;

    ScriptPreamble out;
    MigrationScript &script = out.script;
    using R = ScriptByteReader;
    if (reader.hasDocstring())
        script.docstring = QString::fromUtf8(reader.docstring());
    if (reader.seen(R::Revision)) {
        const R::Identifiers &revision = reader.identifiers(R::Revision);
        script.revision = QString::fromUtf8(revision.ids.front());
        script.revisionLocation = SourceLocation{QString(), revision.line, 1};
    }
    script.downRevision = revisionList(reader.identifiers(R::DownRevision));
    script.branchLabels = revisionList(reader.identifiers(R::BranchLabels));
    script.dependsOn = revisionList(reader.identifiers(R::DependsOn));
    if (!reader.imports().isEmpty())
        script.imports.reserve(reader.imports().size());
    for (const R::Import &imp : reader.imports())
        script.imports << PythonImport{sharedName(imp.module), sharedName(imp.name), sharedName(imp.alias), imp.line,
                                       imp.column, true};
    for (int i = 0; i < R::IdentifierCount; ++i)
        out.seen[i] = reader.seen(R::Identifier(i));
    out.anyStatement = reader.anyStatement();
    out.bodyOffset = reader.lineStart();
    out.bodyLine = reader.line();
    return out;
}

} // namespace pm
