#pragma once

#include <QList>
#include <QStringList>
#include <QVariantList>
#include <optional>

#include "base/result.h"
#include "ops/operation.h"
#include "schema/metadata.h"

namespace pm {

// The migration's own connection, as a body evaluated during an online run
// sees it: each op.* call is applied when the script makes it, and
// op.get_bind().execute(...) runs in the same transaction and returns its
// rows. The runtime implements it (core/script knows no database); errors
// come back located at the call and the run rolls back as for any op.
class LiveConnection
{
public:
    struct Rows
    {
        QStringList columns;       // empty: the statement returns no rows
        QList<QVariantList> rows;
        qint64 rowsAffected = -1;  // INSERT / UPDATE / DELETE, as the driver says
    };

    // A statement the database refused, as the DB-API driver reports it:
    // the script sees it as SQLAlchemy's DBAPIError subclass wrapping it.
    struct StatementFault
    {
        QString driverModule;    // "sqlite3", "psycopg2.errors"
        QString driverClass;     // the driver's exception class: "IntegrityError", "UniqueViolation"
        QString driverBase;      // its PEP 249 class, which names SQLAlchemy's: "IntegrityError"
        QString message;         // str() of the driver's exception
        QString sql;             // the statement as SQLAlchemy passed it to the driver
        QVariantList parameters; // its bound values, in order
        bool parametersByName = false; // psycopg2's paramstyle: SQLAlchemy passes a dict
    };

    virtual ~LiveConnection() = default;

    // Runs one operation now, in the run's transaction.
    virtual Status apply(const Operation &op) = 0;
    // Runs an op.execute()-shaped operation (text or DML) and returns the
    // rows of its last statement.
    virtual Result<Rows> query(const Operation &op) = 0;
    // The schema as it is now, for sa.inspect(bind).
    virtual Result<MetaData> reflect() = 0;
    // Why the last query() failed, where the script may catch it as
    // SQLAlchemy raises it: a statement the database refused, the SQL and
    // parameters those SQLAlchemy shows. Otherwise (nothing, or an error
    // SQLAlchemy would word differently) the failure ends the run, located.
    virtual std::optional<StatementFault> lastFault() const { return std::nullopt; }
    // The script caught that fault and goes on, in the transaction as the
    // database left it; a later failure is its own.
    virtual void faultCaught() {}
};

} // namespace pm
