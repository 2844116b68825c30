#pragma once

#include <memory>
#include <optional>

#include <QDateTime>
#include <QString>
#include <QStringList>

#include "base/result.h"
#include "template/templateexpression.h"
#include "template/templatevalue.h"

namespace pm {

// The subset of Mako (1.2) that Alembic's templates use, lexed with Mako's
// own rules so output is byte-for-byte what Mako renders:
//   ${expr} and ${expr | filter,...}   (default filter str; n, str, trim and
//                                       Alembic's comma)
//   % if / % elif / % else / % endif, % for x in seq: / % endfor
//   ## comment lines, <%doc>...</%doc>, <%text>...</%text>
//   a backslash at the end of a line joins it with the next
// Python blocks (<% %>, <%! %>) and other <%tags> are refused with
// "file:line:col: sentence" when the template is parsed.
class MakoTemplate final
{
public:
    using Context = TemplateExpression::Scope;

    static Result<MakoTemplate> parse(const QString &text, const QString &fileName);
    // Mako reads template files as UTF-8 (a leading BOM is dropped).
    static Result<MakoTemplate> load(const QString &path);

    Result<QString> render(const Context &context) const;
    // util.template_to_file: render, encode with `outputEncoding`, write.
    Status renderToFile(const Context &context, const QString &destination,
                        const QString &outputEncoding = QStringLiteral("utf-8")) const;
    // The second half of renderToFile, for text rendered earlier (and maybe
    // edited since): encode with `outputEncoding`, write atomically.
    static Status writeText(const QString &text, const QString &destination,
                            const QString &outputEncoding = QStringLiteral("utf-8"));

    // The arguments ScriptDirectory.generate_revision passes to
    // script.py.mako (without autogenerate's imports/upgrades/downgrades):
    // down_revision and depends_on through tuple_rev_as_scalar,
    // branch_labels through to_tuple, create_date as str(datetime), and
    // "empty message" for a missing message.
    static Context revisionContext(const QString &revision, const QStringList &downRevisions,
                                   const QStringList &branchLabels, const QStringList &dependsOn,
                                   const QDateTime &createDate, const std::optional<QString> &message);

    const QString &fileName() const { return m_fileName; }

    struct Block;

private:
    QString m_fileName;
    std::shared_ptr<const QList<Block>> m_blocks;
};

} // namespace pm
