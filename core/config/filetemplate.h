#pragma once

#include <QDateTime>
#include <QString>

#include "base/result.h"

namespace pm {

// Alembic's revision file naming (ScriptDirectory._rev_path): the message
// becomes a slug, and `file_template` is a Python %-format applied to the
// tokens rev, slug, epoch, year, month, day, hour, minute and second.
class FileTemplate final
{
public:
    static constexpr int DefaultTruncateSlugLength = 40;

    // "%(rev)s_%(slug)s": the value after configparser has turned the
    // ini file's "%%(rev)s_%%(slug)s" into single percent signs.
    static QString defaultTemplate();

    explicit FileTemplate(QString pattern = defaultTemplate(),
                          int truncateSlugLength = DefaultTruncateSlugLength);

    const QString &pattern() const { return m_pattern; }
    int truncateSlugLength() const { return m_truncateSlugLength; }

    // "_".join(re.findall(r"\w+", message)).lower(), cut at the last "_"
    // before `truncateSlugLength` characters (then ending in "_").
    static QString slug(const QString &message, int truncateSlugLength = DefaultTruncateSlugLength);

    // The file name without ".py". `createDate` supplies the date tokens as
    // shown (local or zone time) and epoch from its instant.
    Result<QString> render(const QString &revision, const QString &message,
                           const QDateTime &createDate) const;
    // render() + ".py"
    Result<QString> fileName(const QString &revision, const QString &message,
                             const QDateTime &createDate) const;

private:
    QString m_pattern;
    int m_truncateSlugLength;
};

} // namespace pm
