#include "template/makotemplate.h"

#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStringDecoder>
#include <QStringEncoder>

#include "config/pythonstring.h"

using namespace Qt::StringLiterals;

namespace pm {

struct MakoTemplate::Block
{
    enum class Kind {
        Text,
        Expression,
        If,  // branches: condition (empty for else) + body
        For, // target, iterable, body, elseBody
    };
    struct Branch
    {
        std::optional<TemplateExpression> condition;
        QList<Block> body;
    };

    Kind kind = Kind::Text;
    QString text;
    std::optional<TemplateExpression> expression;
    QStringList filters;
    int line = 0;
    int column = 0;
    QList<Branch> branches;
    QString target;
    QList<Block> body;
    QList<Block> elseBody;
};

namespace {

using Block = MakoTemplate::Block;

// A port of mako.lexer.Lexer (1.2.4): the same regular expressions tried in
// the same order, including its rule that an empty match still advances one
// character (which is why "%%" at the start of a line renders as "%").
class Lexer
{
public:
    Lexer(const QString &text, const QString &fileName) : m_text(text), m_file(fileName) {}

    Result<QList<Block>> run()
    {
        // The magic encoding comment is consumed, not rendered.
        static const QRegularExpression coding(u"#.*coding[:=]\\s*([-\\w.]+).*\\r?\\n"_s,
                                               QRegularExpression::UseUnicodePropertiesOption);
        if (auto m = match(coding); m.hasMatch()) {
            const QString encoding = m.captured(1).toLower();
            if (encoding != u"utf-8" && encoding != u"utf8" && encoding != u"ascii" && encoding != u"us-ascii")
                return fail(error(u"The template declares the encoding "_s + m.captured(1)
                                  + u"; only UTF-8 templates are supported."_s));
        }
        while (m_pos <= m_text.size()) {
            if (matchEnd())
                break;
            Status step;
            bool matched = false;
            for (auto rule : {&Lexer::matchExpression, &Lexer::matchControlLine, &Lexer::matchComment,
                              &Lexer::matchTagStart, &Lexer::matchTagEnd, &Lexer::matchPythonBlock,
                              &Lexer::matchText}) {
                step = (this->*rule)(matched);
                if (!step)
                    return std::unexpected(step.error());
                if (matched)
                    break;
            }
            if (!matched && m_pos <= m_text.size())
                return fail(error(u"The template could not be read past this point."_s));
        }
        if (!m_stack.isEmpty()) {
            const Open &open = m_stack.constLast();
            return fail(Error(m_file, open.line, open.column,
                              u"The control line '% "_s + open.keyword + u"' is never closed with '% end"_s
                                  + open.keyword + u"'."_s));
        }
        return m_root;
    }

private:
    struct Open
    {
        QString keyword;
        int line;
        int column;
        Block block;
        QList<Block> *current; // the body being filled
        bool inElse = false;
    };

    Error error(const QString &message) const { return Error(m_file, m_matchedLine, m_matchedColumn, message); }

    QList<Block> &target()
    {
        if (m_stack.isEmpty())
            return m_root;
        Open &open = m_stack.last();
        if (open.block.kind == Block::Kind::If)
            return open.block.branches.last().body;
        return open.inElse ? open.block.elseBody : open.block.body;
    }

    // Lexer.match_reg
    QRegularExpressionMatch match(const QRegularExpression &re)
    {
        const qsizetype mp = m_pos;
        QRegularExpressionMatch m = re.match(m_text, mp, QRegularExpression::NormalMatch,
                                             QRegularExpression::AnchorAtOffsetMatchOption);
        if (m.hasMatch()) {
            const qsizetype start = m.capturedStart(0);
            const qsizetype end = m.capturedEnd(0);
            m_pos = end == start ? end + 1 : end;
            m_matchedLine = m_line;
            const qsizetype lastNewline = mp > 0 ? m_text.left(mp).lastIndexOf(u'\n') : -1;
            m_matchedColumn = int(mp - lastNewline);
            m_line += int(QStringView(m_text).mid(mp, qMin(m_pos, m_text.size()) - mp).count(u'\n'));
        }
        return m;
    }

    bool matchEnd()
    {
        static const QRegularExpression re(u"\\z"_s);
        return match(re).hasMatch();
    }

    // Lexer.parse_until_text: skips comments and string literals and counts
    // brackets, so "}" inside a string or a dict does not end the expression.
    Result<std::pair<QString, QString>> parseUntil(bool watchNesting, const QString &textRe)
    {
        const qsizetype start = m_pos;
        int brace = 0, paren = 0, bracket = 0;
        static const QRegularExpression comment(u"#.*\\n"_s);
        static const QRegularExpression string(uR"((\"\"\"|\'\'\'|\"|\')[^\\]*?(\\.[^\\]*?)*\1)"_s,
                                               QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpression stop(u"("_s + textRe + u")"_s);
        const QRegularExpression other(u"(.*?)(?=\\\"|\\'|#|"_s + textRe + u")"_s,
                                       QRegularExpression::DotMatchesEverythingOption);
        while (true) {
            if (m_pos > m_text.size())
                break;
            if (match(comment).hasMatch())
                continue;
            if (match(string).hasMatch())
                continue;
            QRegularExpressionMatch m = match(stop);
            if (m.hasMatch() && !(watchNesting && (brace > 0 || paren > 0 || bracket > 0)))
                return std::pair{m_text.mid(start, m_pos - start - m.captured(1).size()), m.captured(1)};
            if (!m.hasMatch())
                m = match(other);
            if (m.hasMatch()) {
                const QString g = m.captured(1);
                brace += g.count(u'{') - g.count(u'}');
                paren += g.count(u'(') - g.count(u')');
                bracket += g.count(u'[') - g.count(u']');
                continue;
            }
            break;
        }
        return fail(error(u"The ${...} expression is not closed with '}'."_s));
    }

    Status matchExpression(bool &matched)
    {
        static const QRegularExpression re(u"\\$\\{"_s);
        if (!match(re).hasMatch())
            return {};
        matched = true;
        const int line = m_matchedLine;
        const int column = m_matchedColumn;
        auto text = parseUntil(true, u"\\||}"_s);
        if (!text)
            return std::unexpected(text.error());
        QString filters;
        if (text->second == u"|") {
            auto rest = parseUntil(true, u"}"_s);
            if (!rest)
                return std::unexpected(rest.error());
            filters = rest->first.trimmed();
        }
        QString source = text->first;
        source.replace(u"\r\n"_s, u"\n"_s);
        // The expression starts two characters after "${".
        auto expression = TemplateExpression::parse(source, m_file, line, column + 2);
        if (!expression)
            return std::unexpected(expression.error());
        Block block;
        block.kind = Block::Kind::Expression;
        block.expression = *expression;
        block.line = line;
        block.column = column;
        if (!filters.isEmpty()) {
            static const QStringList known{u"n"_s, u"str"_s, u"trim"_s, u"comma"_s};
            for (const QString &f : filters.split(u',')) {
                const QString name = f.trimmed();
                if (!known.contains(name)) {
                    return fail(Error(m_file, line, column,
                                      u"The filter '"_s + name.simplified()
                                          + u"' is not supported by this program's template renderer; it knows n, str, trim and comma."_s));
                }
                block.filters.append(name);
            }
        }
        target().append(block);
        return {};
    }

    Status matchControlLine(bool &matched)
    {
        static const QRegularExpression re(
            u"(?<=^)[\\t ]*(%(?!%)|##)[\\t ]*((?:(?:\\\\\\r?\\n)|[^\\r\\n])*)(?:\\r?\\n|\\z)"_s,
            QRegularExpression::MultilineOption);
        const QRegularExpressionMatch m = match(re);
        if (!m.hasMatch())
            return {};
        matched = true;
        if (m.captured(1) == u"##")
            return {};
        const QString text = m.captured(2);
        static const QRegularExpression parts(u"^(end)?(\\w+)\\s*(.*)"_s,
                                              QRegularExpression::UseUnicodePropertiesOption
                                                  | QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpressionMatch p = parts.match(text);
        if (!p.hasMatch())
            return fail(error(u"Invalid control line: '"_s + text.simplified() + u"'."_s));
        const bool isEnd = p.capturedStart(1) >= 0;
        const QString keyword = p.captured(2);
        QString rest = p.captured(3).trimmed();
        // Python allows a trailing comment on the line.
        if (const qsizetype hash = rest.indexOf(u'#'); hash >= 0 && !rest.contains(u'\'') && !rest.contains(u'"'))
            rest = rest.left(hash).trimmed();

        if (isEnd) {
            if (m_stack.isEmpty())
                return fail(error(u"No starting keyword '"_s + keyword + u"' for '"_s + text.simplified() + u"'."_s));
            if (m_stack.constLast().keyword != keyword) {
                return fail(error(u"Keyword '"_s + text.simplified() + u"' doesn't match keyword '"_s
                                  + m_stack.constLast().keyword + u"'."_s));
            }
            Open open = m_stack.takeLast();
            target().append(open.block);
            return {};
        }

        // The body of if/elif/else/for must end in ':' as the Python it becomes.
        auto header = [&]() -> Result<QString> {
            if (!rest.endsWith(u':')) {
                return fail(error(u"The control line '% "_s + text.trimmed()
                                  + u"' must end with ':'."_s));
            }
            return rest.chopped(1).trimmed();
        };
        auto condition = [&](const QString &source) -> Result<TemplateExpression> {
            const int column = int(m.capturedStart(2) - m.capturedStart(0)) + m_matchedColumn + int(p.capturedStart(3));
            return TemplateExpression::parse(source, m_file, m_matchedLine, column);
        };

        if (keyword == u"if" || keyword == u"elif") {
            auto source = header();
            if (!source)
                return std::unexpected(source.error());
            auto expression = condition(*source);
            if (!expression)
                return std::unexpected(expression.error());
            if (keyword == u"if") {
                Open open{keyword, m_matchedLine, m_matchedColumn, Block{}, nullptr};
                open.block.kind = Block::Kind::If;
                open.block.line = m_matchedLine;
                open.block.column = m_matchedColumn;
                open.block.branches.append({*expression, {}});
                m_stack.append(open);
                return {};
            }
            if (m_stack.isEmpty() || m_stack.constLast().keyword != u"if" || m_stack.constLast().inElse) {
                return fail(error(u"'% elif' is not inside a '% if' block (or comes after its '% else')."_s));
            }
            m_stack.last().block.branches.append({*expression, {}});
            return {};
        }
        if (keyword == u"else") {
            if (rest != u":")
                return fail(error(u"The control line '% "_s + text.trimmed() + u"' must be just '% else:'."_s));
            if (m_stack.isEmpty() || m_stack.constLast().inElse)
                return fail(error(u"'% else' is not inside a '% if' or '% for' block."_s));
            Open &open = m_stack.last();
            open.inElse = true;
            if (open.block.kind == Block::Kind::If)
                open.block.branches.append({std::nullopt, {}});
            return {};
        }
        if (keyword == u"for") {
            auto source = header();
            if (!source)
                return std::unexpected(source.error());
            static const QRegularExpression forIn(u"^(\\w+)\\s+in\\s+(.+)$"_s,
                                                  QRegularExpression::UseUnicodePropertiesOption
                                                      | QRegularExpression::DotMatchesEverythingOption);
            const QRegularExpressionMatch f = forIn.match(*source);
            if (!f.hasMatch()) {
                return fail(error(u"The control line '% "_s + text.trimmed()
                                  + u"' is not of the supported form '% for name in sequence:'."_s));
            }
            auto expression = condition(f.captured(2));
            if (!expression)
                return std::unexpected(expression.error());
            Open open{keyword, m_matchedLine, m_matchedColumn, Block{}, nullptr};
            open.block.kind = Block::Kind::For;
            open.block.line = m_matchedLine;
            open.block.column = m_matchedColumn;
            open.block.target = f.captured(1);
            open.block.expression = *expression;
            m_stack.append(open);
            return {};
        }
        return fail(error(u"The control line '% "_s + keyword
                          + u"' is not supported by this program's template renderer; it knows if, elif, else and for."_s));
    }

    Status matchComment(bool &matched)
    {
        static const QRegularExpression re(u"<%doc>(.*?)</%doc>"_s, QRegularExpression::DotMatchesEverythingOption);
        matched = match(re).hasMatch();
        return {};
    }

    Status matchTagStart(bool &matched)
    {
        static const QRegularExpression re(
            uR"(\<%([\w\.\:]+)((?:\s+\w+|\s*=\s*|"[^"]*?"|'[^']*?'|\s*,\s*)*)\s*(/)?>)"_s,
            QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption
                | QRegularExpression::UseUnicodePropertiesOption);
        const QRegularExpressionMatch m = match(re);
        if (!m.hasMatch())
            return {};
        matched = true;
        const QString keyword = m.captured(1);
        if (keyword != u"text" || m.capturedStart(3) >= 0) {
            return fail(error(u"The tag <%"_s + keyword
                              + u"> is not supported by this program's template renderer; it knows <%text> and <%doc>."_s));
        }
        static const QRegularExpression body(u"(.*?)(?=\\</%text>)"_s, QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpressionMatch b = match(body);
        if (!b.hasMatch())
            return fail(error(u"Unclosed tag: <%text>."_s));
        Block block;
        block.text = b.captured(1);
        target().append(block);
        static const QRegularExpression end(u"\\</%[\\t ]*([^\\t ]+?)[\\t ]*>"_s);
        match(end);
        return {};
    }

    Status matchTagEnd(bool &matched)
    {
        static const QRegularExpression re(u"\\</%[\\t ]*([^\\t ]+?)[\\t ]*>"_s);
        const QRegularExpressionMatch m = match(re);
        if (!m.hasMatch())
            return {};
        matched = true;
        return fail(error(u"Closing tag without opening tag: </%"_s + m.captured(1) + u">."_s));
    }

    Status matchPythonBlock(bool &matched)
    {
        static const QRegularExpression re(u"<%(!)?"_s);
        const QRegularExpressionMatch m = match(re);
        if (!m.hasMatch())
            return {};
        matched = true;
        return fail(error(u"Python blocks (<%"_s + m.captured(1)
                          + u" ... %>) are not supported by this program's template renderer."_s));
    }

    Status matchText(bool &matched)
    {
        static const QRegularExpression re(uR"((.*?)((?<=\n)(?=[ \t]*(?=%|\#\#))|(?=\$\{)|(?=</?[%&])|(\\\r?\n)|\z))"_s,
                                           QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpressionMatch m = match(re);
        if (!m.hasMatch())
            return {};
        matched = true;
        if (const QString text = m.captured(1); !text.isEmpty()) {
            Block block;
            block.text = text;
            block.line = m_matchedLine;
            block.column = m_matchedColumn;
            target().append(block);
        }
        return {};
    }

    QString m_text;
    QString m_file;
    qsizetype m_pos = 0;
    int m_line = 1;
    int m_matchedLine = 1;
    int m_matchedColumn = 1;
    QList<Block> m_root;
    QList<Open> m_stack;
};

// Alembic's util.format_as_comma, passed to script.py.mako as "comma".
Result<TemplateValue> formatAsComma(const TemplateValue &value, const Error &where)
{
    if (value.isNone())
        return TemplateValue(QString());
    if (value.isString())
        return value;
    if (value.isSequence()) {
        QStringList parts;
        for (qsizetype i = 0; i < value.items().size(); ++i) {
            const TemplateValue &item = value.items().at(i);
            if (!item.isString()) {
                Error e = where;
                e.message = u"comma: sequence item "_s + QString::number(i) + u": expected str instance, "_s
                    + item.typeName() + u" found."_s;
                return fail(e);
            }
            parts.append(item.toText());
        }
        return TemplateValue(parts.join(u", "_s));
    }
    Error e = where;
    e.message = u"Don't know how to comma-format "_s + value.repr() + u'.';
    return fail(e);
}

class Renderer
{
public:
    explicit Renderer(const QString &file) : m_file(file) {}

    Status render(const QList<Block> &blocks, MakoTemplate::Context &scope, QString &out) const
    {
        for (const Block &block : blocks) {
            switch (block.kind) {
            case Block::Kind::Text:
                out += block.text;
                break;
            case Block::Kind::Expression: {
                auto value = block.expression->evaluate(scope);
                if (!value)
                    return std::unexpected(value.error());
                const Error where(m_file, block.line, block.column, QString());
                // Mako applies its default filter (str) first unless "n" is given.
                TemplateValue v = *value;
                if (!block.filters.contains(u"n"_s))
                    v = TemplateValue(v.str());
                for (const QString &filter : block.filters) {
                    if (filter == u"str") {
                        v = TemplateValue(v.str());
                    } else if (filter == u"trim") {
                        if (!v.isString()) {
                            Error e = where;
                            e.message = u"trim needs text, not "_s + v.typeName() + u'.';
                            return fail(e);
                        }
                        v = TemplateValue(v.toText().trimmed());
                    } else if (filter == u"comma") {
                        auto c = formatAsComma(v, where);
                        if (!c)
                            return std::unexpected(c.error());
                        v = *c;
                    }
                }
                if (!v.isString()) {
                    Error e = where;
                    e.message = u"The expression ${"_s + block.expression->source().simplified()
                        + u"} renders a "_s + v.typeName() + u", not text (add a filter such as str)."_s;
                    return fail(e);
                }
                out += v.toText();
                break;
            }
            case Block::Kind::If:
                for (const Block::Branch &branch : block.branches) {
                    bool take = true;
                    if (branch.condition) {
                        auto c = branch.condition->evaluate(scope);
                        if (!c)
                            return std::unexpected(c.error());
                        take = c->isTruthy();
                    }
                    if (take) {
                        if (auto ok = render(branch.body, scope, out); !ok)
                            return ok;
                        break;
                    }
                }
                break;
            case Block::Kind::For: {
                auto sequence = block.expression->evaluate(scope);
                if (!sequence)
                    return std::unexpected(sequence.error());
                QList<TemplateValue> items;
                if (sequence->isSequence()) {
                    items = sequence->items();
                } else if (sequence->isString()) {
                    for (const uint cp : sequence->toText().toUcs4()) {
                        const char32_t c = cp;
                        items.append(TemplateValue(QString::fromUcs4(&c, 1)));
                    }
                } else {
                    return fail(Error(m_file, block.line, block.column,
                                      u"'% for' cannot loop over a value of type "_s + sequence->typeName() + u'.'));
                }
                const std::optional<TemplateValue> saved = scope.contains(block.target)
                    ? std::optional(scope.value(block.target)) : std::nullopt;
                for (const TemplateValue &item : std::as_const(items)) {
                    scope.insert(block.target, item);
                    if (auto ok = render(block.body, scope, out); !ok)
                        return ok;
                }
                // Python's for/else runs the else part when the loop did not break.
                if (auto ok = render(block.elseBody, scope, out); !ok)
                    return ok;
                if (saved)
                    scope.insert(block.target, *saved);
                else if (!items.isEmpty())
                    scope.insert(block.target, items.constLast()); // Python keeps the last value bound
                break;
            }
            }
        }
        return {};
    }

private:
    QString m_file;
};

} // namespace

Result<MakoTemplate> MakoTemplate::parse(const QString &text, const QString &fileName)
{
    QString source = text;
    if (source.startsWith(QChar(0xfeff)))
        source.remove(0, 1);
    Lexer lexer(source, fileName);
    auto blocks = lexer.run();
    if (!blocks)
        return std::unexpected(blocks.error());
    MakoTemplate result;
    result.m_fileName = fileName;
    result.m_blocks = std::make_shared<const QList<Block>>(std::move(*blocks));
    return result;
}

Result<MakoTemplate> MakoTemplate::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error(path, 0, 0, u"Cannot read the template: "_s + file.errorString() + u'.'));
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(file.readAll());
    if (decoder.hasError())
        return fail(Error(path, 0, 0, u"The template is not valid UTF-8."_s));
    return parse(text, path);
}

Result<QString> MakoTemplate::render(const Context &context) const
{
    QString out;
    Context scope = context;
    Renderer renderer(m_fileName);
    if (auto ok = renderer.render(m_blocks ? *m_blocks : QList<Block>(), scope, out); !ok)
        return std::unexpected(ok.error());
    return out;
}

Status MakoTemplate::renderToFile(const Context &context, const QString &destination,
                                  const QString &outputEncoding) const
{
    auto text = render(context);
    if (!text)
        return std::unexpected(text.error());
    return writeText(*text, destination, outputEncoding);
}

Status MakoTemplate::writeText(const QString &text, const QString &destination, const QString &outputEncoding)
{
    QStringEncoder encoder(outputEncoding.toUtf8().constData());
    if (!encoder.isValid())
        return fail(u"The output encoding "_s + PythonString::repr(outputEncoding) + u" is not known."_s);
    const QByteArray bytes = encoder.encode(text);
    if (encoder.hasError()) {
        return fail(Error(destination, 0, 0,
                          u"The text has characters that "_s + outputEncoding + u" cannot encode."_s));
    }
    QSaveFile file(destination);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(Error(destination, 0, 0, u"Cannot write the file: "_s + file.errorString() + u'.'));
    return {};
}

MakoTemplate::Context MakoTemplate::revisionContext(const QString &revision, const QStringList &downRevisions,
                                                    const QStringList &branchLabels, const QStringList &dependsOn,
                                                    const QDateTime &createDate, const std::optional<QString> &message)
{
    return {
        {u"up_revision"_s, TemplateValue(revision)},
        {u"down_revision"_s, TemplateValue::scalarOrTuple(downRevisions)},
        {u"branch_labels"_s, branchLabels.isEmpty() ? TemplateValue::none() : TemplateValue::tuple(branchLabels)},
        {u"depends_on"_s, dependsOn.size() > 1 ? TemplateValue::list(dependsOn) : TemplateValue::scalarOrTuple(dependsOn)},
        {u"create_date"_s, TemplateValue(PythonString::fromDateTime(createDate))},
        {u"message"_s, TemplateValue(message.value_or(u"empty message"_s))},
    };
}

} // namespace pm
