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

} // namespace pm
