#include <functional>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "dialect/postgresdialect.h"
#include "ops/schemasimulator.h"
#include "runtime/sqlplanner.h"
#include "runtime/versiontable.h"
#include "schema/metadata.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

using Statements = std::function<Result<QStringList>(const PostgresDialect &)>;

// One case: our statements, and the Python that makes SQLAlchemy's.
struct Case
{
    QString name;
    Statements ours;
    QString python;
};

Column col(const QString &name, SqlType type, bool nullable = true, std::optional<ServerDefault> def = {})
{
    Column c;
    c.name = name;
    c.type = std::move(type);
    c.nullable = nullable;
    c.serverDefault = std::move(def);
    return c;
}

Column pkCol(const QString &name, SqlType type = SqlType::integer())
{
    Column c = col(name, std::move(type), false);
    c.primaryKey = true;
    return c;
}

QMap<QString, QString> convention()
{
    return {{u"ix"_s, u"ix_%(column_0_label)s"_s},
            {u"uq"_s, u"uq_%(table_name)s_%(column_0_name)s"_s},
            {u"ck"_s, u"ck_%(table_name)s_%(constraint_name)s"_s},
            {u"fk"_s, u"fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"_s},
            {u"pk"_s, u"pk_%(table_name)s"_s}};
}

Table named(Table t, bool withConvention)
{
    MetaData md{NamingConvention(withConvention ? convention() : QMap<QString, QString>{})};
    auto added = md.addTable(t);
    if (!added)
        qFatal("bad test model: %s", qPrintable(added.error().message));
    return *md.table(t.name, t.schema);
}

Statements one(std::function<Result<QString>(const PostgresDialect &)> f)
{
    return [f](const PostgresDialect &d) -> Result<QStringList> {
        auto s = f(d);
        if (!s)
            return std::unexpected(s.error());
        return QStringList{*s};
    };
}

Table petTable(bool withConvention)
{
    Table pet;
    pet.name = u"pet"_s;
    pet.columns = {pkCol(u"id"_s),
                   col(u"name"_s, SqlType::autoString(), false),
                   col(u"species"_s, SqlType::string(20), false, ServerDefault::literal(u"it's"_s)),
                   col(u"owner_id"_s, SqlType::integer()),
                   col(u"weight_kg"_s, SqlType::floating()),
                   col(u"price"_s, SqlType::numeric(10, 2)),
                   col(u"born"_s, SqlType::date()),
                   col(u"created"_s, SqlType::dateTime(), false, ServerDefault::expression(u"now()"_s)),
                   col(u"seen"_s, SqlType::dateTime(true)),
                   col(u"photo"_s, SqlType::largeBinary()),
                   col(u"data"_s, SqlType::json()),
                   col(u"guid"_s, SqlType::uuid()),
                   col(u"mood"_s, SqlType::enumeration({u"happy"_s, u"grumpy"_s}, u"mood"_s)),
                   col(u"vaccinated"_s, SqlType::boolean(), false, ServerDefault::expression(u"false"_s))};
    Constraint fk = Constraint::foreignKey({u"owner_id"_s}, u"user"_s, {u"id"_s});
    fk.onDelete = u"SET NULL"_s;
    // SQLAlchemy makes an inline ForeignKey's constraint when the column is
    // attached, after the Table's other arguments exist: it comes last.
    pet.constraints = {Constraint::primaryKey({u"id"_s}), Constraint::unique({u"name"_s}),
                       Constraint::check(u"weight_kg > 0"_s, u"positive_weight"_s), fk};
    Index ix;
    ix.name = withConvention ? QString() : u"ix_pet_species"_s;
    ix.columns = {u"species"_s};
    pet.indexes = {ix};
    return named(pet, withConvention);
}

const QString kPetPython = uR"PY(m = sa.MetaData(naming_convention=%1)
sa.Table("user", m, sa.Column("id", sa.Integer, primary_key=True))
pet = sa.Table("pet", m,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", st.AutoString, nullable=False),
    sa.Column("species", sa.String(20), nullable=False, server_default="it's"),
    sa.Column("owner_id", sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL")),
    sa.Column("weight_kg", sa.Float),
    sa.Column("price", sa.Numeric(10, 2)),
    sa.Column("born", sa.Date),
    sa.Column("created", sa.DateTime, nullable=False, server_default=sa.text("now()")),
    sa.Column("seen", sa.DateTime(timezone=True)),
    sa.Column("photo", sa.LargeBinary),
    sa.Column("data", sa.JSON),
    sa.Column("guid", st.GUID),
    sa.Column("mood", sa.Enum("happy", "grumpy", name="mood")),
    sa.Column("vaccinated", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.UniqueConstraint("name"),
    sa.CheckConstraint("weight_kg > 0", name="positive_weight"),
    sa.Index(%2, "species"))
)PY"_s;

QList<Case> typeCases()
{
    auto t = [](QString name, SqlType type, QString py) {
        return Case{std::move(name), one([type](const PostgresDialect &d) { return d.typeSql(type); }), std::move(py)};
    };
    return {
        t(u"Integer"_s, SqlType::integer(), u"sa.Integer()"_s),
        t(u"BigInteger"_s, SqlType::bigInteger(), u"sa.BigInteger()"_s),
        t(u"SmallInteger"_s, SqlType::smallInteger(), u"sa.SmallInteger()"_s),
        t(u"Boolean"_s, SqlType::boolean(), u"sa.Boolean()"_s),
        t(u"Float"_s, SqlType::floating(), u"sa.Float()"_s),
        t(u"Float(53)"_s, SqlType::floating(53), u"sa.Float(53)"_s),
        t(u"Numeric"_s, SqlType::numeric(), u"sa.Numeric()"_s),
        t(u"Numeric(10)"_s, SqlType::numeric(10), u"sa.Numeric(10)"_s),
        t(u"Numeric(10,2)"_s, SqlType::numeric(10, 2), u"sa.Numeric(10, 2)"_s),
        t(u"String"_s, SqlType::string(), u"sa.String()"_s),
        t(u"String(50)"_s, SqlType::string(50), u"sa.String(50)"_s),
        t(u"AutoString"_s, SqlType::autoString(), u"st.AutoString()"_s),
        t(u"Text"_s, SqlType::text(), u"sa.Text()"_s),
        t(u"Date"_s, SqlType::date(), u"sa.Date()"_s),
        t(u"DateTime"_s, SqlType::dateTime(), u"sa.DateTime()"_s),
        t(u"DateTime(tz)"_s, SqlType::dateTime(true), u"sa.DateTime(timezone=True)"_s),
        t(u"Time"_s, SqlType::time(), u"sa.Time()"_s),
        t(u"LargeBinary"_s, SqlType::largeBinary(), u"sa.LargeBinary()"_s),
        t(u"Enum"_s, SqlType::enumeration({u"a"_s, u"b"_s}, u"mood"_s), u"sa.Enum('a', 'b', name='mood')"_s),
        t(u"Enum reserved name"_s, SqlType::enumeration({u"a"_s}, u"user"_s), u"sa.Enum('a', name='user')"_s),
        t(u"JSON"_s, SqlType::json(), u"sa.JSON()"_s),
        t(u"GUID"_s, SqlType::uuid(), u"st.GUID().load_dialect_impl(DIALECT)"_s.replace(u"DIALECT"_s, u"postgresql.dialect()"_s)),
        t(u"Interval"_s, SqlType::interval(), u"sa.Interval()"_s),
        t(u"reflected VARCHAR"_s, SqlType::string(50).spelledAs(u"VARCHAR"_s), u"sa.VARCHAR(length=50)"_s),
        t(u"reflected CHAR"_s, SqlType::string(3).spelledAs(u"CHAR"_s), u"sa.CHAR(3)"_s),
        t(u"reflected TIMESTAMP"_s, SqlType::dateTime().spelledAs(u"TIMESTAMP"_s, u"postgresql"_s), u"postgresql.TIMESTAMP()"_s),
        t(u"reflected TIMESTAMP tz"_s, SqlType::dateTime(true).spelledAs(u"TIMESTAMP"_s, u"postgresql"_s),
          u"postgresql.TIMESTAMP(timezone=True)"_s),
        t(u"reflected TIME"_s, SqlType::time().spelledAs(u"TIME"_s, u"postgresql"_s), u"postgresql.TIME()"_s),
        t(u"reflected DOUBLE_PRECISION"_s, SqlType::floating(53).spelledAs(u"DOUBLE_PRECISION"_s, u"postgresql"_s),
          u"postgresql.DOUBLE_PRECISION(precision=53)"_s),
        t(u"reflected REAL"_s, SqlType::floating().spelledAs(u"REAL"_s), u"sa.REAL()"_s),
        t(u"reflected NUMERIC"_s, SqlType::numeric(7, 3).spelledAs(u"NUMERIC"_s), u"sa.NUMERIC(7, 3)"_s),
        t(u"reflected BYTEA"_s, SqlType::largeBinary().spelledAs(u"BYTEA"_s, u"postgresql"_s), u"postgresql.BYTEA()"_s),
        t(u"reflected JSONB"_s, SqlType::json().spelledAs(u"JSONB"_s, u"postgresql"_s), u"postgresql.JSONB()"_s),
        t(u"reflected UUID"_s, SqlType::uuid().spelledAs(u"UUID"_s, u"postgresql"_s), u"postgresql.UUID()"_s),
        t(u"reflected ENUM"_s, SqlType::enumeration({u"x"_s}, u"Kind"_s).spelledAs(u"ENUM"_s, u"postgresql"_s),
          u"postgresql.ENUM('x', name='Kind')"_s),
        t(u"reflected INTERVAL"_s, SqlType::interval().spelledAs(u"INTERVAL"_s, u"postgresql"_s), u"postgresql.INTERVAL()"_s),
    };
}

// Statements compiled as SQLAlchemy executes them (online form).
QList<Case> compileCases()
{
    QList<Case> cases;
    auto table = [&](QString name, Table t, QString py) {
        cases << Case{std::move(name), one([t](const PostgresDialect &d) { return d.createTable(t); }), std::move(py)};
    };
    // Autoincrement choices of Table._autoincrement_column + PGDDLCompiler.
    {
        Table t{u"a"_s, {}, {pkCol(u"id"_s, SqlType::bigInteger()), col(u"x"_s, SqlType::integer())}};
        table(u"bigserial"_s, named(t, false),
              u"CreateTable(sa.Table('a', sa.MetaData(), sa.Column('id', sa.BigInteger, primary_key=True), sa.Column('x', sa.Integer)))"_s);
    }
    {
        Table t{u"a"_s, {}, {pkCol(u"id"_s, SqlType::smallInteger())}};
        table(u"smallserial"_s, named(t, false),
              u"CreateTable(sa.Table('a', sa.MetaData(), sa.Column('id', sa.SmallInteger, primary_key=True)))"_s);
    }
    {
        Table t{u"a"_s, {}, {pkCol(u"id"_s, SqlType::numeric(10, 0))}};
        table(u"numeric pk is serial"_s, named(t, false),
              u"CreateTable(sa.Table('a', sa.MetaData(), sa.Column('id', sa.Numeric(10, 0), primary_key=True)))"_s);
    }
    {
        Table t{u"a"_s, {}, {pkCol(u"code"_s, SqlType::string(5))}};
        table(u"string pk"_s, named(t, false),
              u"CreateTable(sa.Table('a', sa.MetaData(), sa.Column('code', sa.String(5), primary_key=True)))"_s);
    }
    {
        Table t{u"a"_s, {}, {pkCol(u"id"_s), pkCol(u"n"_s)}};
        table(u"composite pk no serial"_s, named(t, false),
              u"CreateTable(sa.Table('a', sa.MetaData(), sa.Column('id', sa.Integer, primary_key=True), sa.Column('n', sa.Integer, primary_key=True)))"_s);
    }
    {
        Table t{u"a"_s, {}, {pkCol(u"id"_s), pkCol(u"n"_s)}};
        t.columns[1].autoincrement = Column::Autoincrement::Yes;
        table(u"composite pk autoincrement=True"_s, named(t, false),
              u"CreateTable(sa.Table('a', sa.MetaData(), sa.Column('id', sa.Integer, primary_key=True), sa.Column('n', sa.Integer, primary_key=True, autoincrement=True)))"_s);
    }
    {
        Table t{u"a"_s, {}, {pkCol(u"id"_s)}};
        t.columns[0].autoincrement = Column::Autoincrement::No;
        table(u"autoincrement=False"_s, named(t, false),
              u"CreateTable(sa.Table('a', sa.MetaData(), sa.Column('id', sa.Integer, primary_key=True, autoincrement=False)))"_s);
    }
    {
        Table t{u"a"_s, {}, {pkCol(u"id"_s)}};
        t.columns[0].serverDefault = ServerDefault::expression(u"42"_s);
        table(u"pk with server default"_s, named(t, false),
              u"CreateTable(sa.Table('a', sa.MetaData(), sa.Column('id', sa.Integer, primary_key=True, server_default=sa.text('42'))))"_s);
    }
    {
        Table t{u"a"_s, {}, {pkCol(u"id"_s)}};
        t.constraints = {Constraint::foreignKey({u"id"_s}, u"b"_s, {u"id"_s})};
        table(u"pk that is a foreign key"_s, named(t, false),
              u"(lambda m: (sa.Table('b', m, sa.Column('id', sa.Integer)), CreateTable(sa.Table('a', m, sa.Column('id', sa.Integer, sa.ForeignKey('b.id'), primary_key=True))))[1])(sa.MetaData())"_s);
    }
    {
        // Reserved words, mixed case, schemas, deferrable FK across schemas.
        Table t{u"order"_s, u"Shop"_s, {pkCol(u"id"_s), col(u"user"_s, SqlType::integer(), false), col(u"Total"_s, SqlType::numeric(8, 2))}};
        Constraint fk = Constraint::foreignKey({u"user"_s}, u"user"_s, {u"id"_s}, u"fk_order_user"_s);
        fk.referredSchema = u"auth"_s;
        fk.onUpdate = u"CASCADE"_s;
        fk.deferrable = u"DEFERRABLE"_s;
        fk.initially = u"DEFERRED"_s;
        t.constraints = {fk, Constraint::check(u"\"Total\" >= 0"_s)};
        table(u"reserved words and schemas"_s, named(t, false),
              uR"PY((lambda m: (sa.Table('user', m, sa.Column('id', sa.Integer), schema='auth'), CreateTable(sa.Table('order', m, sa.Column('id', sa.Integer, primary_key=True), sa.Column('user', sa.Integer, nullable=False), sa.Column('Total', sa.Numeric(8, 2)), sa.ForeignKeyConstraint(['user'], ['auth.user.id'], name='fk_order_user', onupdate='CASCADE', deferrable=True, initially='DEFERRED'), sa.CheckConstraint('"Total" >= 0'), schema='Shop')))[1])(sa.MetaData()))PY"_s);
    }
    cases << Case{u"pet table"_s, one([](const PostgresDialect &d) { return d.createTable(petTable(true)); }),
                  u"(lambda g: (exec(PET, g), CreateTable(g['pet']))[1])({**globals()})"_s};
    cases << Case{u"pet table without convention"_s, one([](const PostgresDialect &d) { return d.createTable(petTable(false)); }),
                  u"(lambda g: (exec(PET0, g), CreateTable(g['pet']))[1])({**globals()})"_s};
    // Alembic's ALTER COLUMN ... TYPE keeps its trailing space without USING.
    cases << Case{u"alter type"_s, [](const PostgresDialect &d) {
                      Dialect::ColumnAlteration a;
                      a.type = SqlType::string(100);
                      return d.alterColumn(u"pet"_s, u"name"_s, a);
                  }, u"PostgresqlColumnType('pet', 'name', sa.String(100))"_s};
    cases << Case{u"alter type using"_s, [](const PostgresDialect &d) {
                      Dialect::ColumnAlteration a;
                      a.type = SqlType::integer();
                      return d.alterColumn(u"user"_s, u"age"_s, a, u"age::integer"_s, u"s"_s);
                  }, u"PostgresqlColumnType('user', 'age', sa.Integer(), schema='s', using='age::integer')"_s};
    cases << Case{u"create index"_s, one([](const PostgresDialect &d) {
                      return d.createIndex(u"order"_s, Index{u"ix_order_user"_s, false, {u"user"_s, u"Total"_s}, true}, u"Shop"_s);
                  }), u"CreateIndex(sa.Index('ix_order_user', sa.Table('order', sa.MetaData(), sa.Column('user', sa.Integer), sa.Column('Total', sa.Integer), schema='Shop').c.user, 'Total', unique=True))"_s};
    cases << Case{u"drop index"_s, one([](const PostgresDialect &d) -> Result<QString> { return d.dropIndex(u"ix_Order"_s, u"Shop"_s); }),
                  u"DropIndex(sa.Index('ix_Order', sa.Table('order', sa.MetaData(), sa.Column('user', sa.Integer), schema='Shop').c.user))"_s};
    cases << Case{u"drop table"_s, one([](const PostgresDialect &d) -> Result<QString> { return d.dropTable(u"user"_s); }),
                  u"DropTable(sa.Table('user', sa.MetaData()))"_s};
    const QString longName = u"ix_"_s + QString(70, u'x');
    cases << Case{u"long convention name truncated"_s, one([longName](const PostgresDialect &d) {
                      return d.createIndex(u"t"_s, Index{longName, true, {u"a"_s}, false});
                  }), u"CreateIndex(sa.Index(sa.sql.elements.conv('%1'), sa.Table('t', sa.MetaData(), sa.Column('a', sa.Integer)).c.a))"_s.arg(longName)};
    return cases;
}

// Whole ops through Alembic's --sql mode, compared in offline form.
QList<Case> offlineCases()
{
    QList<Case> cases;
    auto add = [&](QString name, Statements ours, QString py) { cases << Case{std::move(name), std::move(ours), std::move(py)}; };
    add(u"create_table pet"_s, [](const PostgresDialect &d) { return d.createTableStatements(petTable(true)); },
        u"exec(PET)\nop.impl.create_table(pet)"_s);
    add(u"drop_table with enum"_s, [](const PostgresDialect &d) { return d.dropTableStatements(petTable(true)); },
        u"s = []\nt = sa.Table('pet', sa.MetaData(), sa.Column('mood', sa.Enum('happy', 'grumpy', name='mood')))\nt.drop(mock_engine(s), checkfirst=False)\nRESULT = ''.join(s)"_s);
    add(u"add_column serial"_s, one([](const PostgresDialect &d) { return d.addColumn(u"pet"_s, pkCol(u"id"_s)); }),
        u"op.add_column('pet', sa.Column('id', sa.Integer, primary_key=True))"_s);
    add(u"add_column default"_s, one([](const PostgresDialect &d) {
            return d.addColumn(u"user"_s, col(u"from"_s, SqlType::string(10), false, ServerDefault::literal(u"x"_s)), u"s"_s);
        }), u"op.add_column('user', sa.Column('from', sa.String(10), nullable=False, server_default='x'), schema='s')"_s);
    add(u"drop_column"_s, one([](const PostgresDialect &d) -> Result<QString> { return d.dropColumn(u"user"_s, u"Name"_s); }),
        u"op.drop_column('user', 'Name')"_s);
    add(u"rename table"_s, one([](const PostgresDialect &d) -> Result<QString> { return d.renameTable(u"a"_s, u"user"_s, u"s"_s); }),
        u"op.rename_table('a', 'user', schema='s')"_s);
    add(u"alter_column everything"_s, [](const PostgresDialect &d) {
            Dialect::ColumnAlteration a;
            a.nullable = false;
            a.serverDefault = std::optional<ServerDefault>(ServerDefault::literal(u"n/a"_s));
            a.type = SqlType::text();
            a.newName = u"label"_s;
            return d.alterColumn(u"pet"_s, u"name"_s, a);
        }, u"op.alter_column('pet', 'name', nullable=False, server_default='n/a', type_=sa.Text(), new_column_name='label')"_s);
    add(u"alter_column drop default, nullable"_s, [](const PostgresDialect &d) {
            Dialect::ColumnAlteration a;
            a.nullable = true;
            a.serverDefault = std::optional<ServerDefault>();
            return d.alterColumn(u"user"_s, u"order"_s, a);
        }, u"op.alter_column('user', 'order', nullable=True, server_default=None)"_s);
    add(u"alter_column comment, type, rename"_s, [](const PostgresDialect &d) {
            Dialect::ColumnAlteration a;
            a.comment = u"it's the order"_s;
            a.type = SqlType::string(20);
            a.newName = u"sequence"_s;
            return d.alterColumn(u"user"_s, u"order"_s, a, u"s"_s);
        }, u"op.alter_column('user', 'order', comment=\"it's the order\", type_=sa.String(20), new_column_name='sequence', schema='s')"_s);
    add(u"alter_column comment=None"_s, [](const PostgresDialect &d) {
            Dialect::ColumnAlteration a;
            a.comment = QString();
            a.nullable = false;
            return d.alterColumn(u"pet"_s, u"Name"_s, a);
        }, u"op.alter_column('pet', 'Name', comment=None, nullable=False)"_s);
    add(u"bulk_insert literals"_s, [](const PostgresDialect &d) -> Result<QStringList> {
            BulkInsertOp bulk{u"pet"_s, {}, {col(u"id"_s, SqlType::integer()), col(u"ok"_s, SqlType::boolean()),
                                            col(u"name"_s, SqlType::string())}, {}};
            bulk.rows = {{{u"id"_s, 1}, {u"ok"_s, true}, {u"name"_s, u"it's"_s}},
                         {{u"id"_s, 2}, {u"ok"_s, false}, {u"name"_s, QVariant()}}};
            SchemaSimulator schema;
            SqlPlanner planner(d, schema, SqlPlanner::Mode::Offline);
            auto planned = planner.plan(Operation{bulk, {}});
            if (!planned)
                return std::unexpected(planned.error());
            QStringList out;
            for (const SqlPlanner::Statement &st : *planned)
                out << st.sql;
            return out;
        }, u"op.bulk_insert(sa.table('pet', sa.column('id', sa.Integer), sa.column('ok', sa.Boolean), sa.column('name', sa.String)), "
           u"[{'id': 1, 'ok': True, 'name': \"it's\"}, {'id': 2, 'ok': False, 'name': None}])"_s);
    add(u"two tables, one enum, one run"_s, [](const PostgresDialect &d) -> Result<QStringList> {
            const SqlType xy = SqlType::enumeration({u"x"_s, u"y"_s}, u"xy"_s);
            QSet<QString> created;
            QStringList out;
            for (const QString &name : {u"a"_s, u"b"_s}) {
                auto sql = d.createTableStatements(named(Table{name, {}, {pkCol(u"id"_s), col(u"m"_s, xy)}}, false), &created);
                if (!sql)
                    return sql;
                out << *sql;
            }
            return out;
        }, u"op.create_table('a', sa.Column('id', sa.Integer, primary_key=True), sa.Column('m', sa.Enum('x', 'y', name='xy')))\n"
           u"op.create_table('b', sa.Column('id', sa.Integer, primary_key=True), sa.Column('m', sa.Enum('x', 'y', name='xy')))"_s);
    add(u"create_foreign_key"_s, one([](const PostgresDialect &d) {
            Constraint fk = Constraint::foreignKey({u"owner_id"_s}, u"user"_s, {u"id"_s}, u"fk_pet_owner_id_user"_s);
            fk.onDelete = u"CASCADE"_s;
            return d.addConstraint(u"pet"_s, fk);
        }), u"op.create_foreign_key('fk_pet_owner_id_user', 'pet', 'user', ['owner_id'], ['id'], ondelete='CASCADE')"_s);
    add(u"create_unique_constraint"_s, one([](const PostgresDialect &d) {
            return d.addConstraint(u"pet"_s, Constraint::unique({u"name"_s, u"species"_s}, u"uq_pet_name"_s), u"s"_s);
        }), u"op.create_unique_constraint('uq_pet_name', 'pet', ['name', 'species'], schema='s')"_s);
    add(u"create_check_constraint"_s, one([](const PostgresDialect &d) {
            return d.addConstraint(u"pet"_s, Constraint::check(u"weight_kg > 0"_s, u"ck_pet_w"_s));
        }), u"op.create_check_constraint('ck_pet_w', 'pet', 'weight_kg > 0')"_s);
    add(u"create_primary_key"_s, one([](const PostgresDialect &d) {
            return d.addConstraint(u"pet"_s, Constraint::primaryKey({u"id"_s}, u"pk_pet"_s));
        }), u"op.create_primary_key('pk_pet', 'pet', ['id'])"_s);
    add(u"drop_constraint"_s, one([](const PostgresDialect &d) { return d.dropConstraint(u"user"_s, u"Uq"_s); }),
        u"op.drop_constraint('Uq', 'user', type_='unique')"_s);
    add(u"create/drop index"_s, [](const PostgresDialect &d) -> Result<QStringList> {
            auto c = d.createIndex(u"pet"_s, Index{u"ix_pet_name"_s, false, {u"name"_s}, false}, u"s"_s);
            if (!c)
                return std::unexpected(c.error());
            return QStringList{*c, d.dropIndex(u"ix_pet_name"_s, u"s"_s)};
        }, u"op.create_index('ix_pet_name', 'pet', ['name'], schema='s')\nop.drop_index('ix_pet_name', table_name='pet', schema='s')"_s);
    add(u"comments"_s, [](const PostgresDialect &d) {
            Table t{u"c"_s, {}, {pkCol(u"id"_s), col(u"n"_s, SqlType::integer())}};
            t.comment = u"it's a table"_s;
            t.columns[1].comment = u"a count"_s;
            return d.createTableStatements(named(t, false));
        }, u"op.create_table('c', sa.Column('id', sa.Integer, primary_key=True), sa.Column('n', sa.Integer, comment='a count'), comment=\"it's a table\")"_s);
    // The version table's rows as Alembic's HeadMaintainer writes them offline
    // (migration.py: _version.insert/update/delete with literal_column values).
    for (const QString &schema : {QString(), u"vs"_s}) {
        add(u"version table rows"_s + (schema.isEmpty() ? QString() : u" in "_s + schema),
            [schema](const PostgresDialect &) -> Result<QStringList> {
                const VersionTable v(u"alembic_version"_s, schema);
                return QStringList{v.insertSql(u"abc"_s, true), v.updateSql(u"abc"_s, u"def"_s), v.deleteSql(u"def"_s)};
            },
            u"v = sa.Table('alembic_version', sa.MetaData(), sa.Column('version_num', sa.String(32), nullable=False), "
            u"sa.PrimaryKeyConstraint('version_num', name='alembic_version_pkc'), schema=%1)\n"
            u"x = op.get_context().impl._exec\n"
            u"x(v.insert().values(version_num=sa.literal_column(\"'abc'\")))\n"
            u"x(v.update().where(v.c.version_num == sa.literal_column(\"'abc'\")).values(version_num=sa.literal_column(\"'def'\")))\n"
            u"x(v.delete().where(v.c.version_num == sa.literal_column(\"'def'\")))"_s.arg(
                schema.isEmpty() ? u"None"_s : u"'"_s + schema + u"'"_s));
    }
    return cases;
}

QString offline(const QStringList &statements)
{
    QString out;
    for (const QString &s : statements)
        out += Dialect::offlineForm(s);
    return out;
}

// QCOMPARE cuts long strings; say where they part.
QByteArray firstDifference(const QString &ours, const QString &theirs)
{
    qsizetype i = 0;
    while (i < ours.size() && i < theirs.size() && ours[i] == theirs[i])
        ++i;
    const qsizetype from = std::max<qsizetype>(0, i - 40);
    return (u"at "_s + QString::number(i) + u":\n ours:   "_s + ours.mid(from, 120) + u"\n theirs: "_s + theirs.mid(from, 120))
        .toUtf8();
}

// (name, Python literal). psycopg2's adapt() without a connection quotes
// non-ASCII text and backslashes for a server this test does not have, so
// those stay out.
QList<std::pair<QString, QString>> listCases()
{
    return {
        {u"integers"_s, u"[1, 2, -3]"_s},
        {u"strings"_s, u"['a', \"o'x\", 'tab\\there', '\"q\"']"_s},
        {u"empty"_s, u"[]"_s},
        {u"nested"_s, u"[[1, 2], [3, 4]]"_s},
        {u"nested empty"_s, u"[[]]"_s},
        {u"mixed scalars"_s, u"[True, False, None, 1.5, -2.5, 1e100, 0.1]"_s},
        {u"floats beyond numbers"_s, u"[float('nan'), float('inf'), float('-inf')]"_s},
        {u"one"_s, u"['x']"_s},
    };
}

QStringList quoteCases()
{
    return {u"pet"_s, u"user"_s, u"User"_s, u"order"_s, u"select"_s, u"analyse"_s, u"window"_s, u"key"_s,
            u"index"_s, u"current_user"_s, u"1a"_s, u"$a"_s, u"a$"_s, u"a b"_s, u"a\"b"_s, u"émile"_s, u"ſ"_s,
            u"abc\n"_s, u"snake_case_2"_s, u"FROM"_s};
}

} // namespace

class TestPostgresDialect : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void quote_data();
    void quote();
    void types_data();
    void types();
    void compiled_data();
    void compiled();
    void offlineOps_data();
    void offlineOps();
    void percentIsNotDoubled();
    void listsAsPsycopg2_data();
    void listsAsPsycopg2();
    void errors();

private:
    void addRows(const QList<Case> &cases);
    QJsonObject m_oracle;
    PostgresDialect m_dialect;
};

void TestPostgresDialect::initTestCase()
{
    // SQLAlchemy is the oracle; without it nothing can be compared, which
    // is a failure, not a skip.
    QJsonObject request;
    request[u"quote"_s] = QJsonArray::fromStringList(quoteCases());
    QJsonObject compile;
    for (const Case &c : typeCases())
        compile[u"type:"_s + c.name] = c.python;
    for (const Case &c : compileCases())
        compile[c.name] = c.python;
    request[u"compile"_s] = compile;
    QJsonObject ops;
    for (const Case &c : offlineCases())
        ops[c.name] = c.python;
    request[u"offline"_s] = ops;
    QJsonObject bound;
    for (const auto &[name, literal] : listCases())
        bound[name] = literal;
    request[u"bound"_s] = bound;
    // PET / PET0 are the pet table's Python with and without the convention.
    const QString pet = kPetPython.arg(u"CONVENTION"_s, u"None"_s);
    const QString pet0 = kPetPython.arg(u"{}"_s, u"'ix_pet_species'"_s);
    QByteArray prelude = "PET = " + QJsonDocument(QJsonArray{pet}).toJson(QJsonDocument::Compact).mid(1).chopped(1)
        + "\nPET0 = " + QJsonDocument(QJsonArray{pet0}).toJson(QJsonDocument::Compact).mid(1).chopped(1) + "\n";

    QProcess python;
    python.start(QStringLiteral(PM_PYTHON), {u"-c"_s, QString::fromUtf8(prelude) + u"exec(open(%1).read())"_s.arg(
                                                       pythonStringRepr(QStringLiteral(PM_SOURCE_DIR "/tests/core/postgres/pg_oracle.py")))});
    QVERIFY(python.waitForStarted());
    python.write(QJsonDocument(request).toJson(QJsonDocument::Compact));
    python.closeWriteChannel();
    QVERIFY2(python.waitForFinished(120000), "the Python oracle did not finish");
    QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0, python.readAllStandardError().constData());
    QJsonParseError error;
    m_oracle = QJsonDocument::fromJson(python.readAllStandardOutput(), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
}

void TestPostgresDialect::quote_data()
{
    QTest::addColumn<QString>("identifier");
    for (const QString &name : quoteCases())
        QTest::newRow(name.toUtf8().constData()) << name;
}

void TestPostgresDialect::quote()
{
    QFETCH(QString, identifier);
    QCOMPARE(m_dialect.quote(identifier), m_oracle[u"quote"_s].toObject()[identifier].toString());
}

void TestPostgresDialect::addRows(const QList<Case> &cases)
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < cases.size(); ++i)
        QTest::newRow(cases[i].name.toUtf8().constData()) << i;
}

void TestPostgresDialect::types_data()
{
    addRows(typeCases());
}

void TestPostgresDialect::types()
{
    QFETCH(int, index);
    const Case c = typeCases().at(index);
    auto ours = c.ours(m_dialect);
    QVERIFY2(ours, qPrintable(ours ? QString() : ours.error().message));
    QCOMPARE(ours->join(u'\n'), m_oracle[u"compile"_s].toObject()[u"type:"_s + c.name].toString());
}

void TestPostgresDialect::compiled_data()
{
    addRows(compileCases());
}

void TestPostgresDialect::compiled()
{
    QFETCH(int, index);
    const Case c = compileCases().at(index);
    auto ours = c.ours(m_dialect);
    QVERIFY2(ours, qPrintable(ours ? QString() : ours.error().message));
    const QString theirs = m_oracle[u"compile"_s].toObject()[c.name].toString();
    QVERIFY2(ours->join(u'\n') == theirs, firstDifference(ours->join(u'\n'), theirs).constData());
}

void TestPostgresDialect::offlineOps_data()
{
    addRows(offlineCases());
}

void TestPostgresDialect::offlineOps()
{
    QFETCH(int, index);
    const Case c = offlineCases().at(index);
    auto ours = c.ours(m_dialect);
    QVERIFY2(ours, qPrintable(ours ? QString() : ours.error().message));
    const QString theirs = m_oracle[u"offline"_s].toObject()[c.name].toString();
    QVERIFY2(offline(*ours) == theirs, firstDifference(offline(*ours), theirs).constData());
}

void TestPostgresDialect::percentIsNotDoubled()
{
    // SQLAlchemy's compiled text says '50%%' for psycopg2, which sends '50%'.
    // QPSQL sends our text as is, so it must already be what the server sees.
    QCOMPARE(*m_dialect.serverDefaultSql(ServerDefault::literal(u"50%"_s)), u"'50%'"_s);
}

// A list given for a column that is not JSON: psycopg2 inlines it as an
// ARRAY (SQLAlchemy's ARRAY type has no processor for these items).
void TestPostgresDialect::listsAsPsycopg2_data()
{
    QTest::addColumn<QString>("name");
    for (const auto &c : listCases())
        QTest::newRow(c.first.toUtf8().constData()) << c.first;
}

void TestPostgresDialect::listsAsPsycopg2()
{
    QFETCH(QString, name);
    const QJsonArray oracle = m_oracle[u"bound"_s].toObject()[name].toArray();
    QCOMPARE(oracle.size(), 3);
    PythonObject list;
    list.kind = PythonObject::Kind::Json;
    list.json = oracle[0].toString();
    list.repr = oracle[1].toString();
    QVariantList bindings;
    const auto ours = m_dialect.parameterSql(QVariant::fromValue(list), SqlType::array(SqlType::string()), bindings);
    QVERIFY2(ours, qPrintable(ours ? QString() : ours.error().message));
    QCOMPARE(*ours, oracle[2].toString());
    QVERIFY(bindings.isEmpty());
}

void TestPostgresDialect::errors()
{
    QVERIFY(!m_dialect.typeSql(SqlType::enumeration({u"a"_s})));
    QVERIFY(!m_dialect.typeSql(SqlType()));
    QVERIFY(!m_dialect.createIndex(u"t"_s, Index{u"ix_"_s + QString(70, u'y'), false, {u"a"_s}, false}));
    // A tuple in a list is a record to psycopg2; a dict it cannot adapt.
    for (const char *repr : {"[(1, 2)]", "[{'a': 1}]"}) {
        PythonObject list;
        list.repr = QString::fromLatin1(repr);
        list.json = repr[1] == '(' ? u"[[1, 2]]"_s : u"[{\"a\": 1}]"_s;
        QVariantList bindings;
        QVERIFY(!m_dialect.parameterSql(QVariant::fromValue(list), SqlType::array(SqlType::integer()), bindings));
    }
    // A string that holds a parenthesis is no tuple.
    PythonObject paren;
    paren.repr = u"['a(b', \"c'{\"]"_s;
    paren.json = u"[\"a(b\", \"c'{\"]"_s;
    QVariantList bindings;
    QCOMPARE(*m_dialect.parameterSql(QVariant::fromValue(paren), SqlType::array(SqlType::string()), bindings),
             u"ARRAY['a(b','c''{']"_s);
    Dialect::ColumnAlteration a;
    a.nullable = false;
    QVERIFY(!m_dialect.alterColumn(u"t"_s, u"c"_s, a, u"c::int"_s, {}));
}

QTEST_GUILESS_MAIN(TestPostgresDialect)
#include "tst_postgresdialect.moc"
