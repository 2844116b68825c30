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
    //     email: Optional[str] = Field(default=None, unique=True)
    auto user = model(u"user"_s, {
        field<std::optional<int>>(u"id"_s, {.primaryKey = true}),
        field<QString>(u"name"_s),
        field<std::optional<QString>>(u"email"_s, {.unique = true}),
    });
    if (!user)
        return std::unexpected(user.error());

    // class Pet(SQLModel, table=True):
    //     id: Optional[int] = Field(default=None, primary_key=True)
    //     name: str = Field(index=True)
    //     owner_id: Optional[int] = Field(default=None, foreign_key="user.id")  # ON DELETE SET NULL
    //     species: str = Field(max_length=40, sa_column_kwargs={"server_default": "unknown"})
    //     birth_date: Optional[date] = None
    //     weight_kg: Optional[float] = None
    auto pet = model(u"pet"_s, {
        field<std::optional<int>>(u"id"_s, {.primaryKey = true}),
        field<QString>(u"name"_s, {.index = true}),
        field<std::optional<int>>(u"owner_id"_s, {.foreignKey = u"user.id"_s, .onDelete = u"SET NULL"_s}),
        field<QString>(u"species"_s, {.maxLength = 40, .serverDefault = ServerDefault::literal(u"unknown"_s)}),
        field<std::optional<QDate>>(u"birth_date"_s),
        field<std::optional<double>>(u"weight_kg"_s),
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
