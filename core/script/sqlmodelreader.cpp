#include "script/sqlmodelreader.h"

#include <map>
#include <memory>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include "schema/model.h"
#include "script/expressionreader.h"
#include "python/pythontokenizer.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

using Type = PythonToken::Type;
using Kind = PythonExpression::Kind;

// The canonical spelling of what SQLModel.metadata resolves to.
const QString kMetadata = u"sqlmodel.SQLModel.metadata"_s;

// Names re-exported under a shorter path: resolve both spellings to one.
QString normalized(QString q)
{
    static const QList<std::pair<QString, QString>> aliases = {
        {u"sqlmodel.main"_s, u"sqlmodel"_s},
        {u"sqlalchemy.sql.expression.text"_s, u"sqlalchemy.text"_s},
        {u"sqlalchemy.sql.text"_s, u"sqlalchemy.text"_s},
        {u"sqlmodel.text"_s, u"sqlalchemy.text"_s},
        {u"pydantic.types.condecimal"_s, u"pydantic.condecimal"_s},
        {u"typing_extensions"_s, u"typing"_s},
    };
    for (const auto &[from, to] : aliases) {
        if (q == from)
            return to;
        if (q.startsWith(from) && q.at(from.size()) == u'.')
            return to + q.mid(from.size());
    }
    return q;
}

// Names a `from X import *` of a module outside the project binds, for the
// modules models files star-import; any other such star import is an error
// since what it binds cannot be known without running it.
const QHash<QString, QStringList> &knownStarExports()
{
    static const QHash<QString, QStringList> exports = {
        {u"sqlmodel"_s, {u"SQLModel"_s, u"Field"_s, u"Relationship"_s, u"text"_s}},
        {u"typing"_s, {u"Optional"_s, u"Union"_s, u"ClassVar"_s, u"List"_s, u"Dict"_s, u"Any"_s}},
        {u"datetime"_s, {u"date"_s, u"datetime"_s, u"time"_s, u"timedelta"_s, u"timezone"_s}},
        {u"decimal"_s, {u"Decimal"_s}},
        {u"uuid"_s, {u"UUID"_s}},
    };
    return exports;
}

bool isLiteral(const PythonExpression &e)
{
    switch (e.kind) {
    case Kind::String: return !(e.stringFlags & PythonToken::Format);
    case Kind::Integer:
    case Kind::Float:
    case Kind::None:
    case Kind::True:
    case Kind::False:
    case Kind::Ellipsis: return true;
    case Kind::Tuple:
    case Kind::List:
    case Kind::Dict:
        for (const PythonExpression &item : e.items)
            if (!isLiteral(item))
                return false;
        return true;
    default: return false;
    }
}

// One field as declared: what SQLModel's get_column_from_field needs.
struct FieldDecl
{
    QString name;
    int line = 0;
    int column = 0;
    SqlType type;
    bool nullable = false;
    bool primaryKey = false;
    bool index = false;
    bool unique = false;
    QString foreignKey;
    std::optional<ServerDefault> serverDefault;
};

struct ClassDecl
{
    QString name;
    int line = 0;
    int column = 0;
    bool sqlModel = false; // SQLModel or a subclass of it
    bool table = false;
    QString tableName;
    QList<FieldDecl> fields; // inherited ones included, in pydantic's order
};

struct Module
{
    QString name; // dotted
    QString path; // empty for a namespace package
    bool package = false;
    bool loading = false;
    QString source;
    QList<PythonToken> tokens;
    QHash<QString, QString> names;                 // imports and aliases: local name -> qualified name
    QHash<QString, PythonExpression> constants;    // module-level literals
    std::map<QString, ClassDecl> classes;
};

struct DeclaredTable
{
    Table table;
    QString file;
    int line = 0;
    int column = 0;
};

class Reader
{
public:
    explicit Reader(QString projectDirectory) : m_root(std::move(projectDirectory)) {}

    // Loads (once) a project module and its parent packages; nullptr when
    // the module is not in the project, which is not an error: it is
    // sqlmodel, typing or another installed package.
    Result<Module *> load(const QString &dotted);
    Result<Module *> loadFile(const QString &path, const QString &dotted);

    // What a dotted reference names, following project modules' bindings:
    // "sqlmodel.SQLModel", "datetime.date", "app.models.User", kMetadata.
    QString canonical(const QString &qualified, int depth = 0);
    // Resolves the leftmost name of `e` in module `m`; "" when unknown.
    QString resolve(const Module &m, const PythonExpression &e);

    Result<MetaData> metadata();

    // Binds `import`s of env.py in a module of its own.
    Module &envModule() { return m_env; }
    Status importStatement(Module &m, qsizetype &i);
    Status fromImportStatement(Module &m, qsizetype &i);

private:
    Status readModule(Module &m);
    Status moduleStatement(Module &m, qsizetype &i);
    Status classStatement(Module &m, qsizetype &i);
    Status classBody(Module &m, ClassDecl &cls, qsizetype &i, QList<FieldDecl> &own, QList<FieldDecl> &inferred);
    Status fieldStatement(Module &m, ClassDecl &cls, qsizetype &i, QList<FieldDecl> &own,
                          QList<FieldDecl> &inferred);
    Status assignment(Module &m, const PythonExpression &target, qsizetype &i);
    Result<QMap<QString, QString>> conventionFrom(Module &m, const PythonExpression &value);
    Result<PythonExpression> parseAnnotation(Module &m, qsizetype &pos, QList<PythonExpression> *unionMembers);

    QString moduleFile(const QString &dotted, bool *package, bool *exists) const;
    Error error(const Module &m, int line, int column, QString message) const
    {
        return Error(m.path, line, column, std::move(message));
    }
    Error error(const Module &m, const PythonExpression &e, QString message) const
    {
        return error(m, e.line, e.column, std::move(message));
    }
    Error error(const Module &m, const PythonToken &t, QString message) const
    {
        return error(m, t.line, t.column, std::move(message));
    }

    QString m_root;
    std::map<QString, std::unique_ptr<Module>> m_modules;
    QSet<QString> m_missing; // dotted names known not to be project modules
    Module m_env;
    QList<DeclaredTable> m_tables;
    std::optional<QMap<QString, QString>> m_convention;
};

// Skips a statement and, when it opens one, its indented block.
qsizetype skipStatement(const QList<PythonToken> &tokens, qsizetype i)
{
    while (tokens[i].type != Type::Newline && tokens[i].type != Type::EndMarker)
        ++i;
    if (tokens[i].type == Type::EndMarker)
        return i;
    ++i;
    if (tokens[i].type != Type::Indent)
        return i;
    int depth = 0;
    do {
        if (tokens[i].type == Type::Indent)
            ++depth;
        else if (tokens[i].type == Type::Dedent)
            --depth;
        else if (tokens[i].type == Type::EndMarker)
            return i;
        ++i;
    } while (depth > 0);
    return i;
}

QString Reader::moduleFile(const QString &dotted, bool *package, bool *exists) const
{
    const QString base = QDir(m_root).filePath(QString(dotted).replace(u'.', u'/'));
    *exists = true;
    *package = false;
    if (QFileInfo(base + u".py"_s).isFile())
        return base + u".py"_s;
    *package = true;
    if (QFileInfo(base + u"/__init__.py"_s).isFile())
        return base + u"/__init__.py"_s;
    // A directory without __init__.py is a namespace package: importable,
    // with nothing to run.
    if (QFileInfo(base).isDir())
        return {};
    *exists = false;
    return {};
}

Result<Module *> Reader::load(const QString &dotted)
{
    if (dotted.isEmpty() || m_missing.contains(dotted))
        return nullptr;
    if (auto it = m_modules.find(dotted); it != m_modules.end())
        return it->second.get(); // loaded, or loading: Python hands out the partial module too
    // Importing a.b runs a/__init__.py first.
    const int dot = dotted.lastIndexOf(u'.');
    if (dot > 0) {
        auto parent = load(dotted.left(dot));
        if (!parent)
            return parent;
        if (!*parent) {
            m_missing.insert(dotted);
            return nullptr;
        }
    }
    bool package = false;
    bool exists = false;
    const QString path = moduleFile(dotted, &package, &exists);
    if (!exists) {
        m_missing.insert(dotted);
        return nullptr;
    }
    return loadFile(path, dotted);
}

Result<Module *> Reader::loadFile(const QString &path, const QString &dotted)
{
    auto owned = std::make_unique<Module>();
    Module *m = owned.get();
    m->name = dotted;
    m->path = path;
    m->package = path.isEmpty() || QFileInfo(path).fileName() == u"__init__.py"_s;
    m_modules.emplace(dotted, std::move(owned));
    if (path.isEmpty())
        return m;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error(path, 0, 0, u"cannot read the models module: "_s + file.errorString()));
    m->source = QString::fromUtf8(file.readAll());
    auto tokens = PythonTokenizer::tokenize(m->source, path);
    if (!tokens)
        return fail(tokens.error());
    m->tokens = std::move(*tokens);
    m->loading = true;
    if (auto s = readModule(*m); !s)
        return fail(s.error());
    m->loading = false;
    return m;
}

QString Reader::canonical(const QString &qualified, int depth)
{
    const QString q = normalized(qualified);
    if (depth > 32) // an alias cycle: leave it unresolved
        return q;
    const QStringList parts = q.split(u'.');
    for (qsizetype k = parts.size() - 1; k >= 1; --k) {
        const QString moduleName = parts.mid(0, k).join(u'.');
        auto loaded = load(moduleName);
        if (!loaded || !*loaded)
            continue;
        Module &m = **loaded;
        const QString first = parts.at(k);
        const QStringList rest = parts.mid(k + 1);
        auto joined = [&](const QString &head) {
            return rest.isEmpty() ? head : head + u'.' + rest.join(u'.');
        };
        if (m.classes.contains(first) || m.constants.contains(first))
            return joined(m.name + u'.' + first);
        if (m.names.contains(first))
            return canonical(joined(m.names.value(first)), depth + 1);
        // Not bound in the module: a submodule (tried by a longer prefix
        // first) or a name the module does not define.
        return q;
    }
    return q;
}

QString Reader::resolve(const Module &m, const PythonExpression &e)
{
    const QString dotted = e.dottedName();
    if (dotted.isEmpty())
        return {};
    const QString head = dotted.section(u'.', 0, 0);
    const QString tail = dotted.contains(u'.') ? dotted.mid(head.size()) : QString();
    if (m.classes.contains(head) || m.constants.contains(head))
        return canonical(m.name + u'.' + dotted);
    if (m.names.contains(head))
        return canonical(m.names.value(head) + tail);
    static const QSet<QString> builtins = {u"int"_s, u"str"_s, u"float"_s, u"bool"_s, u"bytes"_s};
    if (builtins.contains(head))
        return u"builtins."_s + dotted;
    return {};
}

Status Reader::importStatement(Module &m, qsizetype &i)
{
    const QList<PythonToken> &t = m.tokens;
    ++i;
    while (true) {
        if (t[i].type != Type::Name)
            return fail(error(m, t[i], u"expected a module name after 'import'"_s));
        QString module;
        while (true) {
            module += t[i].text;
            ++i;
            if (!t[i].isOperator(u"."))
                break;
            module += u'.';
            ++i;
        }
        if (t[i].isName(u"as")) {
            m.names.insert(t[i + 1].text.toString(), module);
            i += 2;
        } else {
            m.names.insert(module.section(u'.', 0, 0), module.section(u'.', 0, 0));
        }
        // Importing runs the module: its tables register now.
        if (auto loaded = load(module); !loaded)
            return fail(loaded.error());
        if (!t[i].isOperator(u","))
            break;
        ++i;
    }
    return {};
}

Status Reader::fromImportStatement(Module &m, qsizetype &i)
{
    const QList<PythonToken> &t = m.tokens;
    const PythonToken &start = t[i];
    ++i;
    int level = 0;
    while (t[i].isOperator(u".") || t[i].isOperator(u"...")) {
        level += int(t[i].text.size());
        ++i;
    }
    QString module;
    while (t[i].type == Type::Name && !t[i].isName(u"import")) {
        module += t[i].text;
        ++i;
        if (!t[i].isOperator(u"."))
            break;
        module += u'.';
        ++i;
    }
    if (level > 0) {
        // Relative to the importing module's package.
        QStringList package = m.name.split(u'.');
        if (!m.package)
            package.removeLast();
        for (int up = 1; up < level && !package.isEmpty(); ++up)
            package.removeLast();
        if (package.isEmpty() || package.first().isEmpty())
            return fail(error(m, start, u"relative import beyond the project's top-level package"_s));
        module = module.isEmpty() ? package.join(u'.') : package.join(u'.') + u'.' + module;
    }
    if (!t[i].isName(u"import"))
        return fail(error(m, t[i], u"expected 'import' in a from-import"_s));
    ++i;
    auto loaded = load(module);
    if (!loaded)
        return fail(loaded.error());
    const bool parenthesized = t[i].isOperator(u"(");
    if (parenthesized)
        ++i;
    if (t[i].isOperator(u"*")) {
        ++i;
        if (*loaded) {
            const Module &from = **loaded;
            for (auto it = from.names.cbegin(); it != from.names.cend(); ++it)
                if (!it.key().startsWith(u'_'))
                    m.names.insert(it.key(), it.value());
            for (const auto &[name, cls] : from.classes)
                m.names.insert(name, from.name + u'.' + name);
            for (auto it = from.constants.cbegin(); it != from.constants.cend(); ++it)
                if (!it.key().startsWith(u'_'))
                    m.names.insert(it.key(), from.name + u'.' + it.key());
        } else if (knownStarExports().contains(module)) {
            for (const QString &name : knownStarExports().value(module))
                m.names.insert(name, module + u'.' + name);
        } else {
            return fail(error(m, start, u"'from "_s + module
                                            + u" import *' binds names that cannot be known without running it"_s));
        }
        return {};
    }
    while (t[i].type == Type::Name) {
        const QString name = t[i].text.toString();
        QString bound = name;
        ++i;
        if (t[i].isName(u"as")) {
            bound = t[i + 1].text.toString();
            i += 2;
        }
        m.names.insert(bound, module + u'.' + name);
        // `from pkg import models` imports the submodule when there is one.
        if (*loaded)
            if (auto sub = load(module + u'.' + name); !sub)
                return fail(sub.error());
        if (!t[i].isOperator(u","))
            break;
        ++i;
    }
    if (parenthesized) {
        if (!t[i].isOperator(u")"))
            return fail(ExpressionReader(t, m.source, m.path).unexpected(t[i]));
        ++i;
    }
    return {};
}

Status Reader::readModule(Module &m)
{
    qsizetype i = 0;
    while (m.tokens[i].type != Type::EndMarker) {
        if (auto s = moduleStatement(m, i); !s)
            return s;
    }
    return {};
}

Status Reader::moduleStatement(Module &m, qsizetype &i)
{
    const QList<PythonToken> &t = m.tokens;
    const PythonToken &first = t[i];
    if (first.type == Type::Newline || first.type == Type::Indent || first.type == Type::Dedent) {
        ++i;
        return {};
    }
    Status status;
    if (first.isName(u"import")) {
        status = importStatement(m, i);
    } else if (first.isName(u"from")) {
        status = fromImportStatement(m, i);
    } else if (first.isName(u"class")) {
        return classStatement(m, i);
    } else if (first.isName(u"def") || first.isName(u"async") || first.isOperator(u"@")) {
        // Functions only run when called, and nothing at module level that
        // this reader accepts calls one: they cannot change the schema.
        i = skipStatement(t, i);
        return {};
    } else if (first.isName(u"if") && t[i + 1].isName(u"TYPE_CHECKING") && t[i + 2].isOperator(u":")) {
        // Imports for type checkers only: never run, so they register no tables.
        i = skipStatement(t, i);
        return {};
    } else if (first.isName(u"pass")) {
        ++i;
    } else if (first.type == Type::Name && PythonTokenizer::isKeyword(first.text) && !first.isName(u"None")
               && !first.isName(u"True") && !first.isName(u"False")) {
        return fail(error(m, first, u"a module-level '"_s + first.text.toString()
                                        + u"' statement cannot be read without running it"_s));
    } else {
        ExpressionReader parser(t, m.source, m.path);
        auto target = parser.parse(i);
        if (!target)
            return fail(target.error());
        if (t[i].isOperator(u":")) {
            // An annotated assignment: the annotation does not matter here.
            ++i;
            if (auto ann = parser.parse(i); !ann)
                return fail(ann.error());
            if (t[i].isOperator(u"="))
                status = assignment(m, *target, i);
        } else if (t[i].isOperator(u"=")) {
            status = assignment(m, *target, i);
        } else if (target->kind == Kind::String || target->kind == Kind::Ellipsis) {
            // A docstring or a bare literal does nothing.
        } else {
            return fail(error(m, *target, target->describe() + u" at module level cannot be read without running it"_s));
        }
    }
    if (!status)
        return status;
    if (t[i].type != Type::Newline && t[i].type != Type::EndMarker)
        return fail(ExpressionReader(t, m.source, m.path).unexpected(t[i]));
    if (t[i].type == Type::Newline)
        ++i;
    return {};
}

Result<QMap<QString, QString>> Reader::conventionFrom(Module &m, const PythonExpression &value)
{
    const PythonExpression *dict = &value;
    if (value.kind == Kind::Name || value.kind == Kind::Attribute) {
        const QString q = resolve(m, value);
        const QString owner = q.section(u'.', 0, -2);
        const QString name = q.section(u'.', -1);
        auto it = m_modules.find(owner);
        if (q.isEmpty() || it == m_modules.end() || !it->second->constants.contains(name))
            return fail(error(m, value, u"the naming convention must be a dict literal or a name bound to one"_s));
        dict = &it->second->constants[name];
    }
    if (dict->kind != Kind::Dict)
        return fail(error(m, value, u"the naming convention must be a dict of strings, not "_s + dict->describe()));
    QMap<QString, QString> patterns;
    for (size_t k = 0; k + 1 < dict->items.size(); k += 2) {
        const PythonExpression &key = dict->items[k];
        const PythonExpression &pattern = dict->items[k + 1];
        if (key.kind != Kind::String || key.stringFlags & (PythonToken::Bytes | PythonToken::Format))
            return fail(error(m, key, u"naming convention keys must be strings such as \"ix\" or \"uq\""_s));
        if (pattern.kind != Kind::String || pattern.stringFlags & (PythonToken::Bytes | PythonToken::Format))
            return fail(error(m, pattern, u"naming convention patterns must be strings"_s));
        patterns.insert(key.text, pattern.text);
    }
    return patterns;
}

Status Reader::assignment(Module &m, const PythonExpression &target, qsizetype &i)
{
    const QList<PythonToken> &t = m.tokens;
    ++i; // '='
    ExpressionReader parser(t, m.source, m.path);
    auto value = parser.parseTuple(i);
    if (!value)
        return fail(value.error());
    if (t[i].isOperator(u"="))
        return fail(error(m, t[i], u"chained assignments are not supported"_s));

    if (target.kind == Kind::Attribute && target.text == u"naming_convention") {
        if (resolve(m, target.items.front()) != kMetadata)
            return fail(error(m, target, u"only SQLModel.metadata's naming convention can be set"_s));
        if (!m_tables.isEmpty())
            return fail(error(m, target, u"the naming convention is set after table classes were declared; SQLAlchemy "
                                         "names constraints when a table is declared, so set it first"_s));
        auto patterns = conventionFrom(m, *value);
        if (!patterns)
            return fail(patterns.error());
        m_convention = *patterns;
        return {};
    }
    if (target.kind != Kind::Name)
        return fail(error(m, target, u"assigning to "_s + target.describe()
                                         + u" at module level cannot be read without running it"_s));
    const QString name = target.text;
    m.names.remove(name);
    m.constants.remove(name);
    if (isLiteral(*value)) {
        m.constants.insert(name, *value);
        return {};
    }
    if (value->kind == Kind::Name || value->kind == Kind::Attribute) {
        // An alias such as `metadata = SQLModel.metadata`.
        const QString q = resolve(m, *value);
        if (q.isEmpty())
            return fail(error(m, *value, u"'"_s + value->dottedName() + u"' is not defined or not imported"_s));
        m.names.insert(name, q);
        return {};
    }
    return fail(error(m, *value, u"'"_s + name + u" = "_s + value->describe()
                                     + u"' cannot be read without running it"_s));
}

Status Reader::classStatement(Module &m, qsizetype &i)
{
    const QList<PythonToken> &t = m.tokens;
    const PythonToken &classToken = t[i];
    ++i;
    if (t[i].type != Type::Name)
        return fail(error(m, t[i], u"expected a class name"_s));
    ClassDecl cls;
    cls.name = t[i].text.toString();
    cls.line = classToken.line;
    cls.column = classToken.column;
    PythonExpression header;
    if (t[i + 1].isOperator(u"(")) {
        // Parsed as a call: the bases are its arguments, table=True a keyword.
        ExpressionReader parser(t, m.source, m.path);
        auto call = parser.parse(i);
        if (!call)
            return fail(call.error());
        header = std::move(*call);
    } else {
        ++i;
    }
    if (!t[i].isOperator(u":"))
        return fail(ExpressionReader(t, m.source, m.path).unexpected(t[i]));

    const ClassDecl *tableBase = nullptr;
    QList<const ClassDecl *> bases;
    for (size_t b = 0; b < header.argumentCount(); ++b) {
        const PythonExpression &base = header.argument(b);
        const QString q = resolve(m, base);
        if (q == u"sqlmodel.SQLModel"_s) {
            cls.sqlModel = true;
            continue;
        }
        const QString owner = q.section(u'.', 0, -2);
        auto it = m_modules.find(owner);
        const ClassDecl *decl = nullptr;
        if (!q.isEmpty() && it != m_modules.end()) {
            auto c = it->second->classes.find(q.section(u'.', -1));
            if (c != it->second->classes.end())
                decl = &c->second;
        }
        if (decl && decl->sqlModel) {
            cls.sqlModel = true;
            bases << decl;
            if (decl->table)
                tableBase = decl;
        } else if (decl) {
            bases << nullptr; // a plain class: contributes no fields
        } else {
            bases << nullptr; // unknown: an error below if this is a SQLModel class
        }
    }
    for (const PythonKeyword &kw : header.keywords) {
        if (kw.name == u"table") {
            if (!kw.value.isBool())
                return fail(error(m, kw.value, u"table= must be True or False"_s));
            cls.table = kw.value.kind == Kind::True;
        } else {
            return fail(error(m, kw.line, kw.column, u"the class keyword '"_s + kw.name + u"' is not supported"_s));
        }
    }
    if (!cls.sqlModel) {
        if (cls.table)
            return fail(error(m, classToken, u"class '"_s + cls.name + u"' has table=True but no SQLModel base "
                                             "this reader can resolve"_s));
        // Not a model (an Enum, a helper): its body cannot change the schema
        // unless a field uses it as a type, which is an error there.
        m.classes.emplace(cls.name, cls);
        i = skipStatement(t, i);
        return {};
    }
    for (size_t b = 0; b < header.argumentCount(); ++b) {
        const PythonExpression &base = header.argument(b);
        const QString q = resolve(m, base);
        if (q == u"sqlmodel.SQLModel"_s)
            continue;
        const QString owner = q.section(u'.', 0, -2);
        auto it = m_modules.find(owner);
        if (q.isEmpty() || it == m_modules.end() || !it->second->classes.contains(q.section(u'.', -1)))
            return fail(error(m, base, u"the base class '"_s + base.dottedName()
                                           + u"' is neither SQLModel nor a class this reader can resolve"_s));
    }
    if (cls.table && tableBase)
        return fail(error(m, classToken, u"class '"_s + cls.name + u"' inherits from the table class '"_s
                                             + tableBase->name + u"'; table inheritance is not supported"_s));

    // pydantic: the bases' fields in reverse base order, each updating in
    // place (an overridden field keeps its base's position).
    for (auto it = bases.crbegin(); it != bases.crend(); ++it) {
        if (!*it)
            continue;
        for (const FieldDecl &f : (*it)->fields) {
            auto existing = std::find_if(cls.fields.begin(), cls.fields.end(),
                                         [&](const FieldDecl &e) { return e.name == f.name; });
            if (existing != cls.fields.end())
                *existing = f;
            else
                cls.fields << f;
        }
    }

    ++i; // ':'
    QList<FieldDecl> own;
    QList<FieldDecl> inferred;
    if (auto s = classBody(m, cls, i, own, inferred); !s)
        return s;
    // Annotated fields first, then those inferred from unannotated values:
    // pydantic 1.10's metaclass reads them in that order.
    for (const QList<FieldDecl> *group : {&own, &inferred}) {
        for (const FieldDecl &f : *group) {
            auto existing = std::find_if(cls.fields.begin(), cls.fields.end(),
                                         [&](const FieldDecl &e) { return e.name == f.name; });
            if (existing != cls.fields.end())
                *existing = f;
            else
                cls.fields << f;
        }
    }

    if (cls.table) {
        if (cls.tableName.isEmpty())
            cls.tableName = cls.name.toLower(); // SQLModel's default __tablename__
        QList<FieldDeclaration> declarations;
        for (const FieldDecl &f : cls.fields) {
            Field options;
            options.primaryKey = f.primaryKey;
            options.index = f.index;
            options.unique = f.unique;
            options.foreignKey = f.foreignKey;
            options.nullable = f.nullable;
            options.serverDefault = f.serverDefault;
            declarations << FieldDeclaration{f.name, f.type, f.nullable, options};
        }
        auto table = model(cls.tableName, declarations);
        if (!table)
            return fail(error(m, classToken, table.error().message));
        m_tables << DeclaredTable{*table, m.path, cls.line, cls.column};
    }
    m.names.remove(cls.name);
    m.constants.remove(cls.name);
    m.classes.insert_or_assign(cls.name, cls);
    return {};
}

Status Reader::classBody(Module &m, ClassDecl &cls, qsizetype &i, QList<FieldDecl> &own,
                         QList<FieldDecl> &inferred)
{
    const QList<PythonToken> &t = m.tokens;
    const bool block = t[i].type == Type::Newline && t[i + 1].type == Type::Indent;
    if (block)
        i += 2;
    while (true) {
        const PythonToken &first = t[i];
        if (block && (first.type == Type::Dedent || first.type == Type::EndMarker)) {
            if (first.type == Type::Dedent)
                ++i;
            return {};
        }
        if (first.type == Type::Newline) {
            ++i;
            if (!block)
                return {};
            continue;
        }
        if (first.isName(u"def") || first.isName(u"async") || first.isOperator(u"@")) {
            // Methods and validators do not make columns, except a computed
            // __tablename__ (declared_attr), which would name the table.
            qsizetype j = i;
            while (t[j].isOperator(u"@"))
                j = skipStatement(t, j);
            if (t[j].isName(u"async"))
                ++j;
            if (t[j + 1].isName(u"__tablename__"))
                return fail(error(m, t[j + 1], u"a computed __tablename__ cannot be read without running it"_s));
            i = skipStatement(t, j);
        } else if (first.isName(u"class")) {
            // `class Config:` (pydantic's settings) or any nested class: a type
            // in the namespace, which pydantic leaves alone.
            i = skipStatement(t, i);
        } else if (first.isName(u"pass")) {
            ++i;
        } else if (first.type == Type::Name && PythonTokenizer::isKeyword(first.text) && !first.isName(u"None")
                   && !first.isName(u"True") && !first.isName(u"False")) {
            return fail(error(m, first, u"a '"_s + first.text.toString()
                                            + u"' statement in a model class cannot be read without running it"_s));
        } else {
            if (auto s = fieldStatement(m, cls, i, own, inferred); !s)
                return s;
        }
        if (!block) {
            if (t[i].type == Type::Newline)
                ++i;
            return {};
        }
    }
}

Result<PythonExpression> Reader::parseAnnotation(Module &m, qsizetype &pos, QList<PythonExpression> *members)
{
    // `X | None` is the one operator annotations use: its members.
    ExpressionReader parser(m.tokens, m.source, m.path);
    return parser.parseUnion(pos, members);
}

Status Reader::fieldStatement(Module &m, ClassDecl &cls, qsizetype &i, QList<FieldDecl> &own,
                              QList<FieldDecl> &inferred)
{
    const QList<PythonToken> &t = m.tokens;
    ExpressionReader parser(t, m.source, m.path);
    auto target = parser.parse(i);
    if (!target)
        return fail(target.error());
    if (target->kind == Kind::String || target->kind == Kind::Ellipsis) {
        // A docstring.
        return {};
    }
    if (target->kind != Kind::Name)
        return fail(error(m, *target, target->describe() + u" in a model class cannot be read without running it"_s));
    const QString name = target->text;

    QList<PythonExpression> annotation;
    if (t[i].isOperator(u":")) {
        ++i;
        if (auto a = parseAnnotation(m, i, &annotation); !a)
            return fail(a.error());
    }
    std::optional<PythonExpression> value;
    if (t[i].isOperator(u"=")) {
        ++i;
        auto v = parser.parseTuple(i);
        if (!v)
            return fail(v.error());
        value = std::move(*v);
    } else if (annotation.isEmpty()) {
        return fail(error(m, *target, u"'"_s + name + u"' alone in a model class cannot be read without running it"_s));
    }
    if (t[i].type != Type::Newline && t[i].type != Type::EndMarker)
        return fail(parser.unexpected(t[i]));

    if (name == u"__tablename__") {
        if (!value || value->kind != Kind::String || value->stringFlags & (PythonToken::Bytes | PythonToken::Format))
            return fail(error(m, value ? *value : *target, u"__tablename__ must be a string literal"_s));
        cls.tableName = value->text;
        return {};
    }
    if (name.startsWith(u"__") && name.endsWith(u"__"))
        return fail(error(m, *target, u"'"_s + name + u"' is not supported in a model class"_s));
    if (name.startsWith(u'_')) {
        // pydantic does not make fields of underscore names, nor SQLModel columns.
        return {};
    }

    // Relationship(...) makes no column: SQLModel keeps it out of the fields.
    if (value && value->isCall() && resolve(m, value->callee()) == u"sqlmodel.Relationship"_s)
        return {};

    FieldDecl f;
    f.name = name;
    f.line = target->line;
    f.column = target->column;

    if (annotation.isEmpty()) {
        if (name == u"model_config"_s)
            return fail(error(m, *target, u"model_config is pydantic 2's configuration; SQLModel 0.0.8 runs on "
                                          "pydantic 1, where it would be a field with no SQL type (use class Config)"_s));
        // pydantic 1 infers a field from an unannotated literal.
        const Kind k = value->kind;
        if (k == Kind::Integer)
            f.type = SqlType::integer();
        else if (k == Kind::Float)
            f.type = SqlType::floating();
        else if (k == Kind::True || k == Kind::False)
            f.type = SqlType::boolean();
        else if (k == Kind::String && !(value->stringFlags & PythonToken::Format))
            f.type = value->stringFlags & PythonToken::Bytes ? SqlType::largeBinary() : SqlType::autoString();
        else
            return fail(error(m, *target, u"'"_s + name + u"' has no annotation: give it one so its column "
                                          "type is known"_s));
        f.nullable = false; // a default makes it optional, but not None-able
        inferred << f;
        return {};
    }

    // The annotation: one type, or a union of it with None.
    bool optional = false;
    const PythonExpression *typeExpr = nullptr;
    QList<const PythonExpression *> members;
    for (const PythonExpression &e : annotation)
        members << &e;
    if (members.size() == 1 && members.front()->kind == Kind::Subscript) {
        const PythonExpression &sub = *members.front();
        const QString generic = resolve(m, sub.items[0]);
        if (generic == u"typing.ClassVar"_s)
            return {}; // a class variable, not a field
        if (generic == u"typing.Optional"_s) {
            optional = true;
            members = {&sub.items[1]};
        } else if (generic == u"typing.Union"_s) {
            members.clear();
            if (sub.items[1].kind == Kind::Tuple)
                for (const PythonExpression &e : sub.items[1].items)
                    members << &e;
            else
                members << &sub.items[1];
        }
    }
    for (const PythonExpression *e : members) {
        if (e->isNone()) {
            optional = true;
        } else if (typeExpr) {
            return fail(error(m, *e, u"a union of several types has no SQL type"_s));
        } else {
            typeExpr = e;
        }
    }
    if (!typeExpr)
        return fail(error(m, annotation.front(), u"the annotation has no type besides None"_s));
    if (typeExpr->kind == Kind::Subscript && resolve(m, typeExpr->items[0]) == u"typing.Optional"_s) {
        optional = true;
        typeExpr = &typeExpr->items[1];
    }

    enum class Base { Str, Bytes, Decimal, Other };
    Base base = Base::Other;
    std::optional<int> maxDigits;
    std::optional<int> decimalPlaces;
    const QString typeName = typeExpr->isCall() ? resolve(m, typeExpr->callee()) : resolve(m, *typeExpr);
    if (typeExpr->isCall()) {
        if (typeName != u"pydantic.condecimal"_s)
            return fail(error(m, *typeExpr, typeExpr->describe() + u" as a type cannot be read without running it"_s));
        for (const PythonKeyword &kw : typeExpr->keywords) {
            if (kw.value.kind != Kind::Integer)
                return fail(error(m, kw.value, u"condecimal's "_s + kw.name + u" must be an integer"_s));
            if (kw.name == u"max_digits")
                maxDigits = int(kw.value.integer);
            else if (kw.name == u"decimal_places")
                decimalPlaces = int(kw.value.integer);
            else
                return fail(error(m, kw.line, kw.column, u"condecimal's "_s + kw.name + u" is not supported"_s));
        }
        if (typeExpr->argumentCount() > 0)
            return fail(error(m, typeExpr->argument(0), u"condecimal takes keyword arguments only"_s));
        base = Base::Decimal;
    } else if (typeName == u"builtins.str"_s) {
        base = Base::Str;
        f.type = SqlType::autoString();
    } else if (typeName == u"builtins.bytes"_s) {
        base = Base::Bytes;
        f.type = SqlType::largeBinary();
    } else if (typeName == u"decimal.Decimal"_s) {
        base = Base::Decimal;
    } else if (typeName == u"builtins.float"_s) {
        f.type = SqlType::floating();
    } else if (typeName == u"builtins.bool"_s) {
        f.type = SqlType::boolean();
    } else if (typeName == u"builtins.int"_s) {
        f.type = SqlType::integer();
    } else if (typeName == u"datetime.datetime"_s) {
        f.type = SqlType::dateTime();
    } else if (typeName == u"datetime.date"_s) {
        f.type = SqlType::date();
    } else if (typeName == u"datetime.timedelta"_s) {
        f.type = SqlType::interval();
    } else if (typeName == u"datetime.time"_s) {
        f.type = SqlType::time();
    } else if (typeName == u"uuid.UUID"_s) {
        f.type = SqlType::uuid();
    } else if (typeName == u"pathlib.Path"_s || typeName.startsWith(u"ipaddress.IPv"_s)) {
        f.type = SqlType::autoString(); // get_sqlachemy_type maps these to AutoString too
    } else if (typeExpr->kind == Kind::Subscript) {
        // pydantic 1 reduces List[int] to its item type, so SQLModel would
        // make an Integer column that cannot hold the list: refuse it.
        const QString generic = typeExpr->items[0].dottedName();
        return fail(error(m, *typeExpr, u"'"_s + (generic.isEmpty() ? u"a subscript"_s : generic)
                                            + u"[...]' is refused: SQLModel 0.0.8 would give it its item type's "
                                              "column, which cannot hold it"_s));
    } else if (typeExpr->kind == Kind::String) {
        return fail(error(m, *typeExpr, u"a string annotation on a column field cannot be resolved without running "
                                        "the module"_s));
    } else {
        const QString spelled = typeExpr->dottedName();
        return fail(error(m, *typeExpr, spelled.isEmpty()
                                            ? QString(typeExpr->describe() + u" has no SQL type SQLModel maps"_s)
                                            : QString(u"the type '"_s + spelled + u"' has no SQL type this reader maps"_s)));
    }

    // The default and Field(...) options.
    enum class Default { Undefined, Required, None, Value, Factory };
    Default def = Default::Undefined;
    std::optional<bool> nullableOption;
    std::optional<int> maxLength;
    auto classify = [&](const PythonExpression &v) -> Status {
        if (v.kind == Kind::Ellipsis)
            def = Default::Required;
        else if (v.isNone())
            def = Default::None;
        else if (isLiteral(v))
            def = Default::Value;
        else if (v.kind == Kind::Name && m.constants.contains(v.text))
            def = m.constants.value(v.text).isNone() ? Default::None : Default::Value;
        else
            return fail(error(m, v, u"the default "_s + v.describe()
                                        + u" is computed; only None or a literal can be read without running it"_s));
        return {};
    };
    if (value && value->isCall() && resolve(m, value->callee()) == u"sqlmodel.Field"_s) {
        const PythonExpression &call = *value;
        if (call.argumentCount() > 1)
            return fail(error(m, call.argument(1), u"Field() takes only the default positionally"_s));
        if (call.argumentCount() == 1)
            if (auto s = classify(call.argument(0)); !s)
                return s;
        auto boolean = [&](const PythonKeyword &kw) -> Result<bool> {
            if (!kw.value.isBool())
                return fail(error(m, kw.value, kw.name + u"= must be True or False"_s));
            return kw.value.kind == Kind::True;
        };
        auto integer = [&](const PythonExpression &v, const QString &what) -> Result<int> {
            if (v.kind != Kind::Integer)
                return fail(error(m, v, what + u" must be an integer"_s));
            return int(v.integer);
        };
        const PythonKeyword *columnKwargs = nullptr;
        for (const PythonKeyword &kw : call.keywords) {
            const QString &k = kw.name;
            if (k == u"default") {
                if (call.argumentCount() == 1)
                    return fail(error(m, kw.line, kw.column, u"Field() got the default twice"_s));
                if (auto s = classify(kw.value); !s)
                    return s;
            } else if (k == u"default_factory") {
                // Never called by the schema: it only makes the field optional.
                if (kw.value.kind != Kind::Name && kw.value.kind != Kind::Attribute)
                    return fail(error(m, kw.value, u"default_factory must name a function"_s));
                def = Default::Factory;
            } else if (k == u"primary_key" || k == u"index" || k == u"unique" || k == u"nullable") {
                auto b = boolean(kw);
                if (!b)
                    return fail(b.error());
                if (k == u"primary_key")
                    f.primaryKey = *b;
                else if (k == u"index")
                    f.index = *b;
                else if (k == u"unique")
                    f.unique = *b;
                else
                    nullableOption = *b;
            } else if (k == u"foreign_key") {
                if (kw.value.isNone())
                    continue;
                if (kw.value.kind != Kind::String || kw.value.stringFlags & (PythonToken::Bytes | PythonToken::Format))
                    return fail(error(m, kw.value, u"foreign_key must be a string \"table.column\""_s));
                const QStringList parts = kw.value.text.split(u'.');
                if (parts.size() < 2 || parts.size() > 3 || parts.contains(QString()))
                    return fail(error(m, kw.value, u"foreign_key '"_s + kw.value.text
                                                       + u"' is not \"table.column\" or \"schema.table.column\""_s));
                f.foreignKey = kw.value.text;
            } else if (k == u"max_length") {
                if (kw.value.isNone())
                    continue;
                auto n = integer(kw.value, u"max_length"_s);
                if (!n)
                    return fail(n.error());
                if (base != Base::Str && base != Base::Bytes)
                    return fail(error(m, kw.line, kw.column, u"max_length on a field that is not str or bytes: "
                                                             "pydantic refuses the constraint"_s));
                maxLength = *n;
            } else if (k == u"schema_extra") {
                // pydantic reads constraints from it (sqlmodel passes it to
                // FieldInfo); max_digits/decimal_places reach the Numeric type.
                if (kw.value.kind != Kind::Dict)
                    return fail(error(m, kw.value, u"schema_extra must be a dict literal"_s));
                for (size_t d = 0; d + 1 < kw.value.items.size(); d += 2) {
                    const PythonExpression &key = kw.value.items[d];
                    const PythonExpression &v = kw.value.items[d + 1];
                    if (key.kind != Kind::String)
                        return fail(error(m, key, u"schema_extra keys must be strings"_s));
                    if (key.text == u"max_digits" || key.text == u"decimal_places") {
                        if (base != Base::Decimal)
                            return fail(error(m, key, key.text + u" on a field that is not a Decimal"_s));
                        auto n = integer(v, key.text);
                        if (!n)
                            return fail(n.error());
                        (key.text == u"max_digits" ? maxDigits : decimalPlaces) = *n;
                    } else if (!isLiteral(v)) {
                        return fail(error(m, v, u"schema_extra values must be literals"_s));
                    }
                }
            } else if (k == u"title" || k == u"description") {
                // Documentation only.
                if (!isLiteral(kw.value))
                    return fail(error(m, kw.value, k + u" must be a literal"_s));
            } else if (k == u"sa_column_kwargs") {
                columnKwargs = &kw;
            } else {
                return fail(error(m, kw.line, kw.column, u"Field("_s + k + u"=...) is not supported"_s));
            }
        }
        // sa_column_kwargs go to Column(...) last (kwargs.update): they win
        // over Field's own options whatever the keyword order.
        if (columnKwargs) {
            const PythonKeyword &kw = *columnKwargs;
            if (kw.value.kind != Kind::Dict)
                return fail(error(m, kw.value, u"sa_column_kwargs must be a dict literal"_s));
            for (size_t d = 0; d + 1 < kw.value.items.size(); d += 2) {
                const PythonExpression &key = kw.value.items[d];
                const PythonExpression &v = kw.value.items[d + 1];
                if (key.kind != Kind::String)
                    return fail(error(m, key, u"sa_column_kwargs keys must be strings"_s));
                if (key.text == u"unique" || key.text == u"nullable") {
                    if (!v.isBool())
                        return fail(error(m, v, key.text + u" must be True or False"_s));
                    if (key.text == u"unique")
                        f.unique = v.kind == Kind::True;
                    else
                        nullableOption = v.kind == Kind::True;
                } else if (key.text == u"server_default") {
                    if (v.isNone()) {
                        f.serverDefault.reset();
                    } else if (v.kind == Kind::String && !(v.stringFlags & (PythonToken::Bytes | PythonToken::Format))) {
                        f.serverDefault = ServerDefault::literal(v.text);
                    } else if (v.isCall() && resolve(m, v.callee()) == u"sqlalchemy.text"_s
                               && v.argumentCount() == 1 && v.keywords.empty()
                               && v.argument(0).kind == Kind::String
                               && !(v.argument(0).stringFlags & (PythonToken::Bytes | PythonToken::Format))) {
                        f.serverDefault = ServerDefault::expression(v.argument(0).text);
                    } else {
                        return fail(error(m, v, u"server_default must be a string or text(\"...\")"_s));
                    }
                } else {
                    return fail(error(m, key, u"sa_column_kwargs '"_s + key.text
                                                  + u"' is not supported (only unique, nullable, server_default)"_s));
                }
            }
        }
    } else if (value) {
        if (auto s = classify(*value); !s)
            return s;
    }

    if (base == Base::Str && maxLength)
        f.type = SqlType::autoString(maxLength); // get_sqlachemy_type: AutoString(length=max_length)
    if (base == Base::Decimal)
        f.type = SqlType::numeric(maxDigits, decimalPlaces);
    else if (maxDigits || decimalPlaces)
        return fail(error(m, *typeExpr, u"max_digits/decimal_places on a field that is not a Decimal"_s));

    // pydantic 1.10: required when the default is `...`, or absent on a
    // non-Optional type; None-able when Optional or defaulting to None.
    // SQLModel's _is_field_noneable: not required and None-able.
    const bool required = def == Default::Required || (def == Default::Undefined && !optional);
    const bool allowNone = optional || def == Default::None;
    f.nullable = !f.primaryKey && !required && allowNone;
    if (nullableOption)
        f.nullable = *nullableOption;
    own << f;
    return {};
}

Result<MetaData> Reader::metadata()
{
    MetaData metadata = m_convention ? MetaData(NamingConvention(*m_convention)) : MetaData();
    for (const DeclaredTable &d : m_tables)
        if (auto s = metadata.addTable(d.table); !s)
            return fail(Error(d.file, d.line, d.column, s.error().message));
    return metadata;
}

} // namespace

Result<MetaData> SqlModelReader::readModule(const QString &path)
{
    const QFileInfo info(path);
    Reader reader(info.absolutePath());
    auto loaded = reader.loadFile(path, info.completeBaseName());
    if (!loaded)
        return fail(loaded.error());
    return reader.metadata();
}

Result<MetaData> SqlModelReader::readProject(const EnvSettings &env, const QString &envPyPath,
                                             const QString &projectDirectory)
{
    if (env.targetMetadataLine == 0)
        return fail(Error(envPyPath, 0, 0, u"env.py never assigns target_metadata"_s));

    // Re-read env.py for the imports in file order and the location of the
    // target_metadata value, which EnvSettings keeps only as text.
    QFile file(envPyPath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error(envPyPath, 0, 0, u"cannot read env.py: "_s + file.errorString()));
    Reader reader(projectDirectory);
    Module &m = reader.envModule();
    m.name = u"__env__"_s;
    m.path = envPyPath;
    m.source = QString::fromUtf8(file.readAll());
    auto tokens = PythonTokenizer::tokenize(m.source, envPyPath);
    if (!tokens)
        return fail(tokens.error());
    m.tokens = std::move(*tokens);

    // Module-level imports up to target_metadata, run in order: they are
    // what registers the tables. Everything else in env.py is Alembic's.
    std::optional<PythonExpression> target;
    int depth = 0;
    for (qsizetype i = 0; m.tokens[i].type != Type::EndMarker;) {
        const PythonToken &tok = m.tokens[i];
        if (tok.type == Type::Indent) {
            ++depth;
            ++i;
            continue;
        }
        if (tok.type == Type::Dedent) {
            --depth;
            ++i;
            continue;
        }
        const bool lineStart = i == 0 || m.tokens[i - 1].type == Type::Newline
            || m.tokens[i - 1].type == Type::Indent || m.tokens[i - 1].type == Type::Dedent;
        if (depth == 0 && lineStart && tok.isName(u"import")) {
            if (auto s = reader.importStatement(m, i); !s)
                return fail(s.error());
            continue;
        }
        if (depth == 0 && lineStart && tok.isName(u"from")) {
            if (auto s = reader.fromImportStatement(m, i); !s)
                return fail(s.error());
            continue;
        }
        if (depth == 0 && lineStart && tok.isName(u"target_metadata") && tok.line == env.targetMetadataLine
            && m.tokens[i + 1].isOperator(u"=")) {
            qsizetype pos = i + 2;
            ExpressionReader parser(m.tokens, m.source, envPyPath);
            auto value = parser.parse(pos);
            if (!value)
                return fail(value.error());
            target = std::move(*value);
            break;
        }
        ++i;
    }
    if (!target)
        return fail(Error(envPyPath, env.targetMetadataLine, 1,
                          u"target_metadata is not assigned a plain expression at module level"_s));
    if (target->isNone())
        return fail(Error(envPyPath, target->line, target->column,
                          u"target_metadata is None: env.py names no models to compare with"_s));
    if (reader.resolve(m, *target) != kMetadata)
        return fail(Error(envPyPath, target->line, target->column,
                          u"target_metadata = "_s + target->describe()
                              + u" is not SQLModel.metadata or a module-level alias of it in a project module"_s));
    return reader.metadata();
}

} // namespace pm
