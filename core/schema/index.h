#pragma once

#include <QString>
#include <QStringList>

namespace pm {

// An index over columns (or, when reflected, expressions kept as SQL text).
struct Index
{
    QString name;
    bool conventionName = false;
    QStringList columns;
    bool unique = false;

    friend bool operator==(const Index &, const Index &) = default;
};

} // namespace pm
