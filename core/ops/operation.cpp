#include "ops/operation.h"

namespace pm {

QString Operation::tableName() const
{
    return std::visit(
        [](const auto &o) -> QString {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, CreateTableOp>)
                return o.table.name;
            else if constexpr (std::is_same_v<T, RenameTableOp>)
                return o.oldName;
            else if constexpr (std::is_same_v<T, ExecuteOp> || std::is_same_v<T, EnumTypeOp>)
                return QString();
            else
                return o.tableName;
        },
        op);
}

QString Operation::schemaName() const
{
    return std::visit(
        [](const auto &o) -> QString {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, CreateTableOp>)
                return o.table.schema;
            else if constexpr (std::is_same_v<T, ExecuteOp>)
                return o.dml ? o.dml->schema : QString();
            else if constexpr (std::is_same_v<T, EnumTypeOp>)
                return QString(); // a type's schema holds no table to reflect
            else
                return o.schema;
        },
        op);
}

} // namespace pm
