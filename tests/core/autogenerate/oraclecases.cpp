#include "oraclecases.h"

#include <functional>

#include "schema/model.h"

using namespace Qt::StringLiterals;

namespace pm::test {

namespace {

// sa.Column(...) options, as the Python cases spell them.
struct Col
{
    bool nullable = true;
    std::optional<ServerDefault> serverDefault;
    bool index = false;
    bool unique = false;
    QString foreignKey; // "table.column"
    QString onDelete;
    QString onUpdate;
    Column::Autoincrement autoincrement = Column::Autoincrement::Auto;
};

// sa.Table(name, md, sa.Column("id", sa.Integer, primary_key=True), ...)
class TableBuilder
{
public:
    explicit TableBuilder(QString name)
    {
        m_table.name = std::move(name);
        Column id;
        id.name = u"id"_s;
        id.type = SqlType::integer();
        id.nullable = false;
        id.primaryKey = true;
        m_table.columns << id;
        m_table.constraints << Constraint::primaryKey({u"id"_s});
    }

    TableBuilder &col(const QString &name, const SqlType &type, const Col &o = {})
    {
        Column c;
        c.name = name;
        c.type = type;
        c.nullable = o.nullable;
        c.serverDefault = o.serverDefault;
        c.autoincrement = o.autoincrement;
        m_table.columns << c;
        if (o.index)
            m_table.indexes << Index{{}, false, {name}, o.unique};
        else if (o.unique)
            m_table.constraints << Constraint::unique({name});
        if (!o.foreignKey.isEmpty()) {
            Constraint fk = Constraint::foreignKey({name}, o.foreignKey.section(u'.', 0, 0),
                                                   {o.foreignKey.section(u'.', 1, 1)});
            fk.onDelete = o.onDelete;
            fk.onUpdate = o.onUpdate;
            m_table.constraints << fk;
        }
        return *this;
    }

    TableBuilder &constraint(const Constraint &c)
    {
        m_table.constraints << c;
        return *this;
    }

    TableBuilder &index(const QString &name, const QStringList &columns, bool unique = false)
    {
        m_table.indexes << Index{name, false, columns, unique};
        return *this;
    }

    Status addTo(MetaData &md) const { return md.addTable(m_table); }

private:
    Table m_table;
};

ServerDefault lit(const QString &v)
{
    return ServerDefault::literal(v);
}

ServerDefault text(const QString &v)
{
    return ServerDefault::expression(v);
}

Status users(MetaData &md)
{
    return TableBuilder(u"user"_s).col(u"name"_s, SqlType::autoString(), {.nullable = false}).addTo(md);
}

Status seedModels(MetaData &md)
{
    for (const QString &name : {u"user"_s, u"pet"_s}) {
        auto table = model(name, {field<std::optional<int>>(u"id"_s, {.primaryKey = true}), field<QString>(u"name"_s)});
        if (!table)
            return std::unexpected(table.error());
        if (auto st = md.addTable(*table); !st)
            return st;
    }
    return {};
}

Status allTypes(MetaData &md)
{
    return TableBuilder(u"thing"_s)
        .col(u"big"_s, SqlType::bigInteger(), {.nullable = false})
        .col(u"small"_s, SqlType::smallInteger())
        .col(u"flag"_s, SqlType::boolean(), {.nullable = false, .serverDefault = text(u"0"_s)})
        .col(u"ratio"_s, SqlType::floating())
        .col(u"ratio_p"_s, SqlType::floating(10))
        .col(u"amount"_s, SqlType::numeric())
        .col(u"price"_s, SqlType::numeric(10, 2))
        .col(u"code"_s, SqlType::string())
        .col(u"label"_s, SqlType::string(20), {.serverDefault = lit(u"none"_s)})
        .col(u"title"_s, SqlType::autoString(), {.nullable = false})
        .col(u"title_n"_s, SqlType::autoString(30))
        .col(u"body"_s, SqlType::text())
        .col(u"born"_s, SqlType::date())
        .col(u"seen"_s, SqlType::dateTime(), {.serverDefault = text(u"CURRENT_TIMESTAMP"_s)})
        .col(u"seen_tz"_s, SqlType::dateTime(true))
        .col(u"at"_s, SqlType::time())
        .col(u"blob"_s, SqlType::largeBinary())
        .col(u"mood"_s, SqlType::enumeration({u"happy"_s, u"sad"_s}, u"mood"_s))
        .col(u"data"_s, SqlType::json())
        .col(u"uid"_s, SqlType::uuid())
        .col(u"span"_s, SqlType::interval())
        .col(u"count"_s, SqlType::integer(),
             {.serverDefault = text(u"10"_s), .autoincrement = Column::Autoincrement::No})
        .col(u"quote"_s, SqlType::string(), {.serverDefault = lit(u"it's"_s)})
        .addTo(md);
}

Status addedTable(MetaData &md)
{
    if (auto st = users(md); !st)
        return st;
    auto pet = TableBuilder(u"pet"_s)
                   .col(u"name"_s, SqlType::autoString(), {.nullable = false, .index = true})
                   .col(u"tag"_s, SqlType::string(10), {.unique = true})
                   .col(u"owner_id"_s, SqlType::integer(),
                        {.index = true, .foreignKey = u"user.id"_s, .onDelete = u"SET NULL"_s})
                   .constraint(Constraint::check(u"length(tag) > 1"_s, u"tag_len"_s))
                   .addTo(md);
    if (!pet)
        return pet;
    return TableBuilder(u"toy"_s)
        .col(u"pet_id"_s, SqlType::integer(), {.nullable = false, .foreignKey = u"pet.id"_s})
        .col(u"name"_s, SqlType::autoString(), {.nullable = false})
        .addTo(md);
}

Status serverDefaults(MetaData &md)
{
    return TableBuilder(u"pet"_s)
        .col(u"name"_s, SqlType::string(), {.serverDefault = lit(u"rex"_s)})
        .col(u"legs"_s, SqlType::integer(), {.serverDefault = text(u"3"_s)})
        .col(u"born"_s, SqlType::dateTime(), {.serverDefault = text(u"CURRENT_TIMESTAMP"_s)})
        .col(u"kind"_s, SqlType::string())
        .col(u"note"_s, SqlType::string(), {.serverDefault = lit(u"n/a"_s)})
        .addTo(md);
}

const QList<std::pair<QString, std::function<Status(MetaData &)>>> &builders()
{
    static const QList<std::pair<QString, std::function<Status(MetaData &)>>> cases{
        {u"seed_initial"_s, seedModels},
        {u"all_types"_s, allTypes},
        {u"reflected_types"_s, [](MetaData &) { return Status{}; }},
        {u"columns_changed"_s,
         [](MetaData &md) {
             return TableBuilder(u"pet"_s)
                 .col(u"name"_s, SqlType::autoString(), {.nullable = false})
                 .col(u"kind"_s, SqlType::string(50))
                 .col(u"weight"_s, SqlType::floating())
                 .col(u"born"_s, SqlType::date(), {.nullable = true})
                 .col(u"species"_s, SqlType::autoString())
                 .col(u"score"_s, SqlType::numeric(5, 1), {.nullable = false, .serverDefault = lit(u"0"_s)})
                 .addTo(md);
         }},
        {u"autostring_same"_s,
         [](MetaData &md) {
             return TableBuilder(u"pet"_s)
                 .col(u"name"_s, SqlType::autoString(), {.nullable = false})
                 .col(u"n"_s, SqlType::numeric(10, 2))
                 .col(u"when"_s, SqlType::dateTime())
                 .col(u"data"_s, SqlType::json())
                 .col(u"uid"_s, SqlType::uuid())
                 .col(u"flag"_s, SqlType::boolean())
                 .addTo(md);
         }},
        {u"varchar_length"_s,
         [](MetaData &md) { return TableBuilder(u"pet"_s).col(u"name"_s, SqlType::string(200)).addTo(md); }},
        {u"pk_type_change"_s,
         [](MetaData &md) {
             Table pet;
             pet.name = u"pet"_s;
             Column id{u"id"_s, SqlType::bigInteger(), false, true};
             Column n{u"n"_s, SqlType::integer(), false};
             n.autoincrement = Column::Autoincrement::Yes;
             pet.columns = {id, n};
             pet.constraints = {Constraint::primaryKey({u"id"_s})};
             return md.addTable(pet);
         }},
        {u"server_defaults"_s, serverDefaults},
        {u"server_defaults_off"_s, serverDefaults},
        {u"indexes"_s,
         [](MetaData &md) {
             return TableBuilder(u"pet"_s)
                 .col(u"a"_s, SqlType::integer())
                 .col(u"b"_s, SqlType::integer(), {.index = true})
                 .col(u"c"_s, SqlType::integer(), {.index = true, .unique = true})
                 .col(u"d"_s, SqlType::integer())
                 .index(u"idx_ad"_s, {u"a"_s, u"b"_s})
                 .index(u"idx_cd"_s, {u"c"_s, u"d"_s})
                 .addTo(md);
         }},
        {u"uniques"_s,
         [](MetaData &md) {
             return TableBuilder(u"user"_s)
                 .col(u"x"_s, SqlType::integer(), {.unique = true})
                 .col(u"y"_s, SqlType::integer())
                 .col(u"z"_s, SqlType::integer(), {.unique = true})
                 .col(u"w"_s, SqlType::integer())
                 .constraint(Constraint::unique({u"w"_s, u"z"_s}, u"my_w"_s))
                 .addTo(md);
         }},
        {u"foreign_keys"_s,
         [](MetaData &md) {
             if (auto st = users(md); !st)
                 return st;
             auto pet = TableBuilder(u"pet"_s)
                            .col(u"owner_id"_s, SqlType::integer(),
                                 {.foreignKey = u"user.id"_s, .onDelete = u"CASCADE"_s})
                            .addTo(md);
             if (!pet)
                 return pet;
             return TableBuilder(u"toy"_s)
                 .col(u"pet_id"_s, SqlType::integer(), {.foreignKey = u"pet.id"_s, .onUpdate = u"SET NULL"_s})
                 .addTo(md);
         }},
        {u"added_table"_s, addedTable},
        {u"removed_table"_s,
         [](MetaData &md) {
             if (auto st = users(md); !st)
                 return st;
             return TableBuilder(u"toy"_s)
                 .col(u"pet_id"_s, SqlType::integer(), {.nullable = false})
                 .col(u"name"_s, SqlType::autoString(), {.nullable = false})
                 .addTo(md);
         }},
        {u"no_changes"_s, addedTable},
        {u"added_tables_order"_s,
         [](MetaData &md) {
             const QList<std::pair<QString, QString>> tables{
                 {u"a"_s, u"d"_s}, {u"b"_s, u"c"_s}, {u"c"_s, {}}, {u"d"_s, {}}, {u"e"_s, u"a"_s}};
             for (const auto &[name, parent] : tables) {
                 TableBuilder t(name);
                 if (!parent.isEmpty())
                     t.col(parent + u"_id"_s, SqlType::integer(), {.foreignKey = parent + u".id"_s});
                 if (auto st = t.addTo(md); !st)
                     return st;
             }
             return Status{};
         }},
        {u"added_tables_cycle"_s,
         [](MetaData &md) {
             const QList<std::pair<QString, QString>> tables{{u"a"_s, u"p"_s}, {u"p"_s, u"q"_s}, {u"q"_s, u"p"_s}};
             for (const auto &[name, parent] : tables) {
                 auto st = TableBuilder(name)
                               .col(parent + u"_id"_s, SqlType::integer(), {.foreignKey = parent + u".id"_s})
                               .addTo(md);
                 if (!st)
                     return st;
             }
             return Status{};
         }},
    };
    return cases;
}

} // namespace

NamingConvention seedConvention()
{
    return NamingConvention({
        {u"ix"_s, u"ix_%(column_0_label)s"_s},
        {u"uq"_s, u"uq_%(table_name)s_%(column_0_name)s"_s},
        {u"ck"_s, u"ck_%(table_name)s_%(constraint_name)s"_s},
        {u"fk"_s, u"fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"_s},
        {u"pk"_s, u"pk_%(table_name)s"_s},
    });
}

QStringList OracleCases::names()
{
    QStringList out;
    for (const auto &[name, build] : builders())
        out << name;
    return out;
}

Result<MetaData> OracleCases::target(const QString &name, bool withConvention)
{
    MetaData md = withConvention ? MetaData(seedConvention()) : MetaData();
    for (const auto &[caseName, build] : builders()) {
        if (caseName != name)
            continue;
        if (auto st = build(md); !st)
            return std::unexpected(st.error());
        return md;
    }
    return fail(u"no oracle case named '%1'"_s.arg(name));
}

CompareOptions OracleCases::options(const QString &name)
{
    CompareOptions options;
    options.compareServerDefault = name == u"server_defaults";
    return options;
}

} // namespace pm::test
