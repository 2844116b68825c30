#pragma once

#include <QString>
#include <QStringList>

#include "autogenerate/comparator.h"
#include "base/result.h"
#include "schema/metadata.h"

namespace pm::test {

// The seed tutorial's NAMING_CONVENTION.
NamingConvention seedConvention();

// The C++ declaration of schema B of each case in alembic_oracle.py, under
// the same name.
class OracleCases final
{
public:
    static QStringList names();
    static Result<MetaData> target(const QString &name, bool withConvention);
    static CompareOptions options(const QString &name);
};

} // namespace pm::test
