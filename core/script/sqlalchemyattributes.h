#pragma once

#include <optional>

#include <QString>

namespace pm {

// What a script may ask of a value it made by calling SQLAlchemy: the public
// attributes of SQLAlchemy 1.4's classes, so that `sa.Column(...).nope()` is
// the AttributeError Python raises there, not a value read silently.
enum class AttributeKind { Column, Constraint, Table, Text, Type };

// The kind of value a call of `path` ("sqlalchemy.Column", "sqlalchemy.func.now")
// makes; nullopt when petmigrate does not check its attributes.
std::optional<AttributeKind> attributeKindOf(const QString &path);
bool hasAttribute(AttributeKind kind, const QString &name);

} // namespace pm
