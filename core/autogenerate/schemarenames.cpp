#include "autogenerate/schemarenames.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

QString qualified(const QString &schema, const QString &name)
{
    return schema.isEmpty() ? name : schema + u'.' + name;
}

void renameIn(QStringList &names, const QString &from, const QString &to)
{
    for (QString &n : names) {
        if (n == from)
            n = to;
    }
}

// The operations of a list with the table and schema they act on; those
// inside a batch block take the block's.
struct Leaf
{
    const Operation *op;
    QString table;
    QString schema;
};

QList<Leaf> leaves(const OperationList &ops)
{
    QList<Leaf> out;
    for (const Operation &op : ops) {
        if (const auto *batch = op.as<BatchAlterTableOp>()) {
            for (const Operation &inner : batch->ops)
                out << Leaf{&inner, batch->tableName, batch->schema};
        } else {
            out << Leaf{&op, op.tableName(), op.schemaName()};
        }
    }
    return out;
}

} // namespace

QString ColumnRename::toString() const
{
    return qualified(schema, table) + u'.' + oldName + u':' + newName;
}

QString TableRename::toString() const
{
    return qualified(schema, oldName) + u':' + newName;
}

Status addRenameSpec(SchemaRenames &renames, const QString &spec)
{
    const auto malformed = [&] {
        return fail(u"--rename %1 is neither TABLE.OLD:NEW (a column) nor OLD:NEW (a table)"_s.arg(spec));
    };
    const QStringList sides = spec.split(u':');
    if (sides.size() != 2)
        return malformed();
    const QString newName = sides.at(1).trimmed();
    const QStringList left = sides.at(0).trimmed().split(u'.');
    if (newName.isEmpty() || newName.contains(u'.') || left.contains(QString()) || left.size() > 3)
        return malformed();
    if (left.size() == 1) {
        renames.tables << TableRename{{}, left.at(0), newName};
        return {};
    }
    ColumnRename c;
    if (left.size() == 3)
        c.schema = left.at(0);
    c.table = left.at(left.size() - 2);
    c.oldName = left.last();
    c.newName = newName;
    renames.columns << c;
    return {};
}

bool renamesColumn(const MetaData &database, const SchemaRenames &renames, const ColumnRename &rename)
{
    QString table = rename.table;
    for (const TableRename &r : renames.tables) {
        if (r.newName == rename.table && r.schema == rename.schema)
            table = r.oldName;
    }
    const Table *t = database.table(table, rename.schema);
    return t && t->column(rename.oldName) && !t->column(rename.newName);
}

MetaData applyRenames(const MetaData &database, const SchemaRenames &renames)
{
    MetaData out = database;
    // Every foreign key of every table, wherever it lives now.
    const auto forEachForeignKey = [&out](const auto &visit) {
        QList<std::pair<QString, QString>> names;
        for (const Table &t : out.tables())
            names.emplace_back(t.name, t.schema);
        for (const auto &[name, schema] : names) {
            for (Constraint &c : out.table(name, schema)->constraints) {
                if (c.isForeignKey())
                    visit(c);
            }
        }
    };
    for (const TableRename &r : renames.tables) {
        if (!out.renameTable(r.oldName, r.schema, r.newName))
            continue;
        forEachForeignKey([&](Constraint &fk) {
            if (fk.referredTable == r.oldName && fk.referredSchema == r.schema)
                fk.referredTable = r.newName;
        });
    }
    for (const ColumnRename &r : renames.columns) {
        if (!renamesColumn(database, renames, r))
            continue;
        Table *table = out.table(r.table, r.schema);
        Column *column = table ? table->column(r.oldName) : nullptr;
        if (!column)
            continue;
        column->name = r.newName;
        for (Constraint &c : table->constraints)
            renameIn(c.columns, r.oldName, r.newName);
        for (Index &i : table->indexes)
            renameIn(i.columns, r.oldName, r.newName);
        forEachForeignKey([&](Constraint &fk) {
            if (fk.referredTable == r.table && fk.referredSchema == r.schema)
                renameIn(fk.referredColumns, r.oldName, r.newName);
        });
    }
    return out;
}

Status checkRenames(const SchemaRenames &renames, const OperationList &plainUpgrade,
                    const OperationList &upgradeWithTableRenames)
{
    QSet<QString> oldTables, newTables;
    for (const TableRename &r : renames.tables) {
        const QString from = qualified(r.schema, r.oldName), to = qualified(r.schema, r.newName);
        if (oldTables.contains(from))
            return fail(u"rename %1: table '%2' is renamed twice"_s.arg(r.toString(), from));
        if (newTables.contains(to))
            return fail(u"rename %1: two tables are renamed to '%2'"_s.arg(r.toString(), to));
        oldTables.insert(from);
        newTables.insert(to);
        bool dropped = false, created = false;
        for (const Leaf &leaf : leaves(plainUpgrade)) {
            if (const auto *d = leaf.op->as<DropTableOp>())
                dropped = dropped || (d->tableName == r.oldName && d->schema == r.schema);
            if (const auto *c = leaf.op->as<CreateTableOp>())
                created = created || (c->table.name == r.newName && c->table.schema == r.schema);
        }
        if (!dropped || !created) {
            const QString why = !dropped && !created
                ? u"it neither drops table '%1' nor creates table '%2'"_s.arg(from, to)
                : !dropped ? u"it does not drop table '%1'"_s.arg(from)
                           : u"it does not create table '%1'"_s.arg(to);
            return fail(u"rename %1 matches no table the draft drops and creates: %2"_s.arg(r.toString(), why));
        }
    }
    QSet<QString> oldColumns, newColumns;
    for (const ColumnRename &r : renames.columns) {
        const QString table = qualified(r.schema, r.table);
        const QString from = table + u'.' + r.oldName, to = table + u'.' + r.newName;
        if (oldColumns.contains(from))
            return fail(u"rename %1: column '%2' is renamed twice"_s.arg(r.toString(), from));
        if (newColumns.contains(to))
            return fail(u"rename %1: two columns are renamed to '%2'"_s.arg(r.toString(), to));
        oldColumns.insert(from);
        newColumns.insert(to);
        bool dropped = false, added = false;
        for (const Leaf &leaf : leaves(upgradeWithTableRenames)) {
            if (leaf.table != r.table || leaf.schema != r.schema)
                continue;
            if (const auto *d = leaf.op->as<DropColumnOp>())
                dropped = dropped || d->columnName == r.oldName;
            if (const auto *a = leaf.op->as<AddColumnOp>())
                added = added || a->column.name == r.newName;
        }
        if (!dropped || !added) {
            const QString why = !dropped && !added
                ? u"it neither drops column '%1' nor adds column '%2'"_s.arg(from, to)
                : !dropped ? u"it does not drop column '%1'"_s.arg(from)
                           : u"it does not add column '%1'"_s.arg(to);
            return fail(u"rename %1 matches no column the draft drops and adds: %2"_s.arg(r.toString(), why));
        }
    }
    return {};
}

} // namespace pm
