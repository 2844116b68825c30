#include "models/appmodels.h"

#include "schema/model.h"

using namespace Qt::StringLiterals;

namespace pm::app {

NamingConvention namingConvention()
{
    // NAMING_CONVENTION from the tutorial, so constraint names match what
    // SQLModel + Alembic give the same models.
    return NamingConvention({
        {u"ix"_s, u"ix_%(column_0_label)s"_s},
        {u"uq"_s, u"uq_%(table_name)s_%(column_0_name)s"_s},
        {u"ck"_s, u"ck_%(table_name)s_%(constraint_name)s"_s},
        {u"fk"_s, u"fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"_s},
        {u"pk"_s, u"pk_%(table_name)s"_s},
    });
}

Result<MetaData> metadata()
{
    MetaData metadata(namingConvention());

    // class User(SQLModel, table=True):
    //     id: Optional[int] = Field(default=None, primary_key=True)
    //     name: str
    auto user = model(u"user"_s, {
        field<std::optional<int>>(u"id"_s, {.primaryKey = true}),
        field<QString>(u"name"_s),
    });
    if (!user)
        return std::unexpected(user.error());

    // class Pet(SQLModel, table=True):
    //     id: Optional[int] = Field(default=None, primary_key=True)
    //     name: str
    auto pet = model(u"pet"_s, {
        field<std::optional<int>>(u"id"_s, {.primaryKey = true}),
        field<QString>(u"name"_s),
    });
    if (!pet)
        return std::unexpected(pet.error());

    for (Table *t : {&*user, &*pet}) {
        if (auto added = metadata.addTable(std::move(*t)); !added)
            return std::unexpected(added.error());
    }
    return metadata;
}

} // namespace pm::app
