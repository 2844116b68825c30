#pragma once

#include <QJsonObject>
#include <QString>
#include <QTemporaryDir>

#include "base/result.h"
#include "schema/metadata.h"

namespace pm::test {

// Real Alembic's output for the corpus of alembic_oracle.py, produced once
// per test run with Debian's Python (PM_PYTHON).
class AlembicOracle final
{
public:
    // Runs the script; a missing interpreter or Alembic is an error, not a skip.
    Status run();

    // Keys "case/plain" and "case/conv".
    QStringList variants() const { return m_corpus.keys(); }
    QJsonObject variant(const QString &key) const { return m_corpus.value(key).toObject(); }

    // The rendered bodies for one render setting ("batch=1,prefix=0").
    static QJsonObject render(const QJsonObject &variant, bool batch, bool prefix);

    // The MetaData SQLAlchemy's inspector reflected from schema A, built as
    // core/inspect would build it: uppercase spellings, dialect modules,
    // names as the database has them.
    static Result<MetaData> reflected(const QJsonObject &variant);

private:
    QTemporaryDir m_dir;
    QJsonObject m_corpus;
};

} // namespace pm::test
