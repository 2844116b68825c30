#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "runtime/planreport.h"

namespace pm {

class Dialect;

// What an operation will do to the rows there are, counted on a database
// just before the operation runs: rows of a dropped table, non-NULL values
// of a dropped column, values a narrower type cuts (Destroys); NULLs under a
// new NOT NULL, duplicates under a new unique index, orphans under a new
// foreign key (WillFail). Counting only reads.
class ImpactMeasurer
{
public:
    ImpactMeasurer(const QSqlDatabase &db, const Dialect &dialect) : m_db(db), m_dialect(dialect) {}

    // Appends the findings for `op` (and a batch's inner operations) to
    // `out`; `batchTable`/`batchSchema` name the table of an enclosing batch.
    void measure(const Operation &op, const QString &batchTable, const QString &batchSchema, const QString &revision,
                 QList<Impact> &out) const;

private:
    // A count query; a table or column that does not exist yet counts 0.
    qint64 count(const QString &sql) const;
    QString t(const QString &table) const;
    QString c(const QString &column) const;
    void measureDuplicates(const QString &table, const QStringList &columns, const SchemaElementRef &element,
                           const QString &revision, const Operation &op, QList<Impact> &out) const;

    QSqlDatabase m_db;
    const Dialect &m_dialect;
};

} // namespace pm
