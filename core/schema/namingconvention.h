#pragma once

#include <QMap>
#include <QString>

#include "base/result.h"

namespace pm {

struct Constraint;
struct Index;
struct Table;

// SQLAlchemy's MetaData.naming_convention: patterns keyed by "ix", "uq", "ck",
// "fk", "pk", expanded with Python %-formatting over the tokens SQLAlchemy
// knows (table_name, column_0_name, column_0_label, column_0N_name,
// column_0_N_name, referred_table_name, referred_column_0_name,
// constraint_name, ...).
class NamingConvention final
{
public:
    // SQLAlchemy's default when none is set: {"ix": "ix_%(column_0_label)s"}.
    NamingConvention();
    explicit NamingConvention(QMap<QString, QString> patterns);

    const QMap<QString, QString> &patterns() const { return m_patterns; }
    QString pattern(const QString &key) const { return m_patterns.value(key); }
    bool isEmpty() const { return m_patterns.isEmpty(); }

    // The name SQLAlchemy would give this constraint or index when attached
    // to the table. An empty string means "no convention applies; keep the
    // given name" (check conventionApplied on the result).
    struct Naming
    {
        QString name;
        bool fromConvention = false;
    };
    Result<Naming> nameFor(const Constraint &constraint, const Table &table) const;
    Result<Naming> nameFor(const Index &index, const Table &table) const;

    friend bool operator==(const NamingConvention &, const NamingConvention &) = default;

private:
    QMap<QString, QString> m_patterns;
};

} // namespace pm
