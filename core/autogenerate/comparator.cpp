#include "autogenerate/comparator.h"

#include <algorithm>
#include <map>

#include <QHash>
#include <QMap>
#include <QSet>

#include "autogenerate/reverser.h"
#include "autogenerate/typecomparison.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

bool ignored(const Table &table, const CompareOptions &options)
{
    return table.name.startsWith(u"sqlite_"_s) || options.ignoreTables.contains(table.name);
}

Operation wrap(Operation::Variant v)
{
    return Operation{std::move(v), {}};
}

// What SQLAlchemy's reflection hands to Alembic after the column_reflect
// hook: expression defaults parenthesized as SQLite needs them.
Table normalizedReflected(Table table)
{
    for (Column &c : table.columns) {
        if (c.serverDefault)
            c.serverDefault = typecomparison::normalizeReflectedDefault(*c.serverDefault);
    }
    return table;
}

// PrimaryKeyConstraint._autoincrement_column.
const Column *autoincrementColumn(const Table &table)
{
    const Constraint *pk = table.primaryKey();
    if (!pk)
        return nullptr;
    auto hasForeignKey = [&](const QString &name) {
        return std::ranges::any_of(table.constraints, [&](const Constraint &c) {
            return c.isForeignKey() && c.columns.contains(name);
        });
    };
    if (pk->columns.size() == 1) {
        const Column *col = table.column(pk->columns.first());
        if (!col)
            return nullptr;
        if (col->autoincrement == Column::Autoincrement::Yes)
            return col;
        if (col->autoincrement != Column::Autoincrement::Auto)
            return nullptr;
        const SqlType::Kind k = col->type.kind;
        const bool numeric = col->type.isInteger() || k == SqlType::Kind::Numeric || k == SqlType::Kind::Float;
        if (!numeric || col->serverDefault || hasForeignKey(col->name))
            return nullptr;
        return col;
    }
    for (const QString &name : pk->columns) {
        const Column *col = table.column(name);
        if (col && col->autoincrement == Column::Autoincrement::Yes)
            return col;
    }
    return nullptr;
}

QStringList sortedColumns(QStringList columns)
{
    columns.sort();
    return columns;
}

// _uq_constraint_sig / _ix_constraint_sig: one facade over indexes and
// unique constraints, matched by name or by sorted column names.
struct ConstraintSig
{
    bool isIndex = false;
    bool isUnique = true;
    QString name;
    QStringList sig;
    Index index;
    Constraint unique;
};

ConstraintSig indexSig(const Index &index)
{
    return {true, index.unique, index.name, sortedColumns(index.columns), index, {}};
}

ConstraintSig uniqueSig(const Constraint &c)
{
    return {false, true, c.name, sortedColumns(c.columns), {}, c};
}

void compareIndexesAndUniques(OperationList &out, const QString &tname, const QString &schema,
                              const Table *connTable, const Table *metaTable)
{
    const bool isCreateTable = connTable == nullptr;
    const bool isDropTable = metaTable == nullptr;
    // Only a reflected table tells Alembic the backend reports uniques.
    const bool supportsUniqueConstraints = connTable != nullptr;

    QList<ConstraintSig> metaUniques, metaIndexes, connUniques, connIndexes;
    if (metaTable) {
        for (const Constraint &c : metaTable->constraints) {
            if (c.isUnique())
                metaUniques << uniqueSig(c);
        }
        for (const Index &i : metaTable->indexes)
            metaIndexes << indexSig(i);
    }
    if (connTable) {
        // For DROP TABLE uniques are inline: Alembic does not look at them.
        if (!isDropTable) {
            for (const Constraint &c : connTable->constraints) {
                if (c.isUnique())
                    connUniques << uniqueSig(c);
            }
        }
        for (const Index &i : connTable->indexes)
            connIndexes << indexSig(i);
    }

    std::map<QString, ConstraintSig> metadataNames;
    for (const ConstraintSig &s : metaUniques) {
        if (!s.name.isEmpty())
            metadataNames[s.name] = s;
    }
    for (const ConstraintSig &s : metaIndexes)
        metadataNames[s.name] = s;

    std::map<QString, ConstraintSig> connNames;
    QMap<QStringList, ConstraintSig> connUniquesBySig;
    for (const ConstraintSig &s : connUniques) {
        if (!s.name.isEmpty())
            connNames[s.name] = s;
        connUniquesBySig.insert(s.sig, s);
    }
    for (const ConstraintSig &s : connIndexes) {
        if (!s.name.isEmpty())
            connNames[s.name] = s;
    }
    QMap<QStringList, ConstraintSig> unnamedMetadataUniques;
    for (const ConstraintSig &s : metaUniques) {
        if (s.name.isEmpty())
            unnamedMetadataUniques.insert(s.sig, s);
    }

    auto added = [&](const ConstraintSig &obj) {
        if (obj.isIndex) {
            out.push_back(wrap(CreateIndexOp{tname, schema, obj.index}));
            return;
        }
        if (!supportsUniqueConstraints || isCreateTable || isDropTable)
            return;
        out.push_back(wrap(AddConstraintOp{tname, schema, obj.unique}));
    };
    auto removed = [&](const ConstraintSig &obj) {
        if (obj.isIndex) {
            if (obj.isUnique && !supportsUniqueConstraints)
                return;
            out.push_back(wrap(DropIndexOp{obj.name, tname, schema, obj.index}));
            return;
        }
        if (isCreateTable || isDropTable)
            return;
        out.push_back(wrap(DropConstraintOp{obj.name, tname, schema, u"unique"_s, obj.unique}));
    };

    // std::map iterates names sorted, as Alembic's sorted(set(...)) does.
    for (const auto &[name, connObj] : connNames) {
        if (metadataNames.contains(name))
            continue;
        if (!connObj.isIndex && unnamedMetadataUniques.contains(connObj.sig))
            continue;
        removed(connObj);
    }
    for (const auto &[name, metaObj] : metadataNames) {
        const auto it = connNames.find(name);
        if (it == connNames.end())
            continue;
        const ConstraintSig &connObj = it->second;
        if (connObj.isIndex != metaObj.isIndex) {
            removed(connObj);
            added(metaObj);
        } else if (connObj.isUnique != metaObj.isUnique || connObj.sig != metaObj.sig) {
            removed(connObj);
            added(metaObj);
        }
    }
    for (const auto &[name, metaObj] : metadataNames) {
        if (!connNames.contains(name))
            added(metaObj);
    }
    for (const ConstraintSig &s : std::as_const(unnamedMetadataUniques)) {
        if (!connUniquesBySig.contains(s.sig))
            added(s);
    }
}

QString normalizedAction(const QString &action)
{
    const QString lower = action.toLower();
    return lower == u"no action" ? QString() : lower;
}

// _fk_constraint_sig, as one comparable string list.
QStringList foreignKeySig(const Constraint &fk, const Table &table, bool includeOptions)
{
    QStringList sig{table.schema, table.name, fk.columns.join(u'\x1f'), fk.referredSchema, fk.referredTable,
                    fk.referredColumns.join(u'\x1f')};
    if (includeOptions) {
        sig << normalizedAction(fk.onUpdate) << normalizedAction(fk.onDelete);
        if (fk.initially.compare(u"deferred"_s, Qt::CaseInsensitive) == 0)
            sig << u"initially_deferrable"_s;
        else if (fk.deferrable.compare(u"DEFERRABLE"_s, Qt::CaseInsensitive) == 0)
            sig << u"deferrable"_s;
        else
            sig << u"not deferrable"_s;
    }
    return sig;
}

void compareForeignKeys(OperationList &out, const Table &connTable, const Table &metaTable)
{
    const QList<Constraint> connFks = connTable.constraintsOfKind(Constraint::Kind::ForeignKey);
    const QList<Constraint> metaFks = metaTable.constraintsOfKind(Constraint::Kind::ForeignKey);
    // SQLite reports ON DELETE/ON UPDATE, so Alembic compares them as soon as
    // the database has a foreign key to report.
    const bool includeOptions = !connFks.isEmpty();

    QMap<QStringList, Constraint> connBySig, metaBySig;
    for (const Constraint &fk : connFks)
        connBySig.insert(foreignKeySig(fk, metaTable, includeOptions), fk);
    for (const Constraint &fk : metaFks)
        metaBySig.insert(foreignKeySig(fk, metaTable, includeOptions), fk);

    for (auto it = connBySig.cbegin(); it != connBySig.cend(); ++it) {
        if (!metaBySig.contains(it.key()))
            out.push_back(wrap(DropConstraintOp{it->name, metaTable.name, metaTable.schema, u"foreignkey"_s, *it}));
    }
    for (auto it = metaBySig.cbegin(); it != metaBySig.cend(); ++it) {
        if (!connBySig.contains(it.key()))
            out.push_back(wrap(AddConstraintOp{metaTable.name, metaTable.schema, *it}));
    }
}

QString normalizedCheckText(QString sql)
{
    sql = sql.simplified();
    while (sql.startsWith(u'(') && sql.endsWith(u')')) {
        // Only strip parentheses that enclose the whole expression.
        int depth = 0;
        bool enclosing = true;
        for (qsizetype i = 0; i < sql.size() - 1; ++i) {
            if (sql.at(i) == u'(')
                ++depth;
            else if (sql.at(i) == u')')
                --depth;
            if (depth == 0) {
                enclosing = false;
                break;
            }
        }
        if (!enclosing)
            break;
        sql = sql.mid(1, sql.size() - 2).trimmed();
    }
    return sql;
}

// Beyond Alembic: named CHECK constraints, matched by name (SQLite only
// reflects named ones), changed when their text differs.
void compareCheckConstraints(OperationList &out, const Table &connTable, const Table &metaTable)
{
    std::map<QString, Constraint> connByName, metaByName;
    for (const Constraint &c : connTable.constraints) {
        if (c.isCheck() && !c.name.isEmpty())
            connByName[c.name] = c;
    }
    for (const Constraint &c : metaTable.constraints) {
        if (c.isCheck() && !c.name.isEmpty())
            metaByName[c.name] = c;
    }
    for (const auto &[name, c] : connByName) {
        if (!metaByName.contains(name))
            out.push_back(wrap(DropConstraintOp{name, metaTable.name, metaTable.schema, u"check"_s, c}));
    }
    for (const auto &[name, c] : metaByName) {
        const auto it = connByName.find(name);
        if (it == connByName.end())
            continue;
        if (normalizedCheckText(it->second.sqlText) != normalizedCheckText(c.sqlText)) {
            out.push_back(wrap(DropConstraintOp{name, metaTable.name, metaTable.schema, u"check"_s, it->second}));
            out.push_back(wrap(AddConstraintOp{metaTable.name, metaTable.schema, c}));
        }
    }
    for (const auto &[name, c] : metaByName) {
        if (!connByName.contains(name))
            out.push_back(wrap(AddConstraintOp{metaTable.name, metaTable.schema, c}));
    }
}

// The column's alter_column with everything Alembic records about it;
// changed() says whether autogenerate would emit it.
AlterColumnOp compareColumn(const Table &metaTable, const Column &conn, const Column &meta, const CompareOptions &options)
{
    AlterColumnOp alter;
    alter.tableName = metaTable.name;
    alter.schema = metaTable.schema;
    alter.columnName = meta.name;

    // _compare_nullable
    alter.existingNullable = conn.nullable;
    if (conn.nullable != meta.nullable)
        alter.nullable = meta.nullable;

    // _setup_autoincrement
    if (autoincrementColumn(metaTable) == metaTable.column(meta.name))
        alter.autoincrement = true;
    else if (meta.autoincrement == Column::Autoincrement::Yes)
        alter.autoincrement = true;
    else if (meta.autoincrement == Column::Autoincrement::No)
        alter.autoincrement = false;

    // _compare_type
    alter.existingType = conn.type;
    if (options.compareType && !typecomparison::isNullType(conn.type) && !typecomparison::isNullType(meta.type)
        && typecomparison::typesDiffer(conn.type, meta.type, options.dialect)) {
        alter.type = meta.type;
    }

    // _compare_server_default: existing_server_default is recorded whenever
    // either side has one, compared or not.
    if (conn.serverDefault || meta.serverDefault) {
        alter.existingServerDefault = conn.serverDefault;
        if (options.compareServerDefault
            && typecomparison::serverDefaultsDiffer(conn.serverDefault, meta.serverDefault, meta.type)) {
            alter.serverDefault = meta.serverDefault;
        }
    }
    return alter;
}

bool changed(const AlterColumnOp &alter)
{
    return alter.nullable || alter.type || alter.serverDefault;
}

// `renamedFrom`: a renamed column's new name -> its name in the database
// before the rename (`conn` already carries the new name).
void compareExistingTable(OperationList &out, const Table &conn, const Table &meta, const CompareOptions &options,
                          const QHash<QString, QString> &renamedFrom)
{
    for (const Column &c : meta.columns) {
        if (!conn.column(c.name))
            out.push_back(wrap(AddColumnOp{meta.name, meta.schema, c, {}, false}));
    }
    for (const Column &c : meta.columns) {
        if (const Column *connCol = conn.column(c.name)) {
            AlterColumnOp alter = compareColumn(meta, *connCol, c, options);
            const auto renamed = renamedFrom.constFind(c.name);
            if (renamed != renamedFrom.cend()) {
                alter.columnName = *renamed;
                alter.newName = c.name;
            }
            if (changed(alter) || alter.newName)
                out.push_back(wrap(std::move(alter)));
        }
    }
    compareIndexesAndUniques(out, meta.name, meta.schema, &conn, &meta);
    compareForeignKeys(out, conn, meta);
    compareCheckConstraints(out, conn, meta);
    for (const Column &c : conn.columns) {
        if (!meta.column(c.name))
            out.push_back(wrap(DropColumnOp{meta.name, meta.schema, c.name, c}));
    }
}

} // namespace

OperationList compareMetadata(const MetaData &database, const MetaData &target, const CompareOptions &options)
{
    OperationList out;

    // Renamed tables first: whatever follows (a new table's foreign key, the
    // renamed table's own changes) names them by their new names.
    for (const TableRename &r : options.renames.tables) {
        if (database.table(r.oldName, r.schema))
            out.push_back(wrap(RenameTableOp{r.oldName, r.newName, r.schema}));
    }
    const MetaData renamed = options.renames.isEmpty() ? database : applyRenames(database, options.renames);

    QList<Table> connTables;
    for (const Table &t : renamed.tables()) {
        if (!ignored(t, options))
            connTables << normalizedReflected(t);
    }
    auto connTable = [&](const Table &t) -> const Table * {
        for (const Table &c : connTables) {
            if (c.name == t.name && c.schema == t.schema)
                return &c;
        }
        return nullptr;
    };

    // Added tables, in MetaData.sorted_tables order.
    for (const Table &t : target.sortedTables()) {
        if (ignored(t, options) || connTable(t))
            continue;
        out.push_back(wrap(CreateTableOp{t}));
        compareIndexesAndUniques(out, t.name, t.schema, nullptr, &t);
    }

    // Removed tables: Alembic's order is a Python set's; dropping dependents
    // before the tables they refer to keeps the upgrade runnable.
    MetaData removedTables;
    for (const Table &t : connTables) {
        if (!target.table(t.name, t.schema))
            removedTables.putTable(t);
    }
    QList<Table> dropOrder = removedTables.sortedTables();
    std::reverse(dropOrder.begin(), dropOrder.end());
    for (const Table &t : dropOrder) {
        compareIndexesAndUniques(out, t.name, t.schema, &t, nullptr);
        out.push_back(wrap(DropTableOp{t.name, t.schema, t}));
    }

    // Existing tables, sorted by (schema, name).
    QList<const Table *> existing;
    for (const Table &t : connTables) {
        if (target.table(t.name, t.schema))
            existing << &t;
    }
    std::ranges::sort(existing, [](const Table *a, const Table *b) {
        return std::pair(a->schema, a->name) < std::pair(b->schema, b->name);
    });
    for (const Table *conn : existing) {
        QHash<QString, QString> renamedFrom;
        for (const ColumnRename &r : options.renames.columns) {
            if (r.table == conn->name && r.schema == conn->schema && renamesColumn(database, options.renames, r))
                renamedFrom.insert(r.newName, r.oldName);
        }
        compareExistingTable(out, *conn, *target.table(conn->name, conn->schema), options, renamedFrom);
    }
    return out;
}

MigrationOps produceMigrations(const MetaData &database, const MetaData &target, const CompareOptions &options)
{
    MigrationOps result;
    result.upgrade = compareMetadata(database, target, options);
    // Every autogenerated op carries what it replaces, so this cannot fail.
    auto downgrade = reverseOperations(result.upgrade);
    if (downgrade)
        result.downgrade = std::move(*downgrade);
    return result;
}

} // namespace pm
