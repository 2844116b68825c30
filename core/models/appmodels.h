#pragma once

#include "base/result.h"
#include "schema/metadata.h"

namespace pm::app {

// The Pet Manager's own models, the C++ counterpart of the tutorial's
// sqlmodel_alembic/models.py: SQLModel.metadata with its NAMING_CONVENTION.
NamingConvention namingConvention();
Result<MetaData> metadata();

// Table names the window knows how to present specially.
inline constexpr auto UserTable = u"user";
inline constexpr auto PetTable = u"pet";

} // namespace pm::app
