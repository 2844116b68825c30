// script.py.mako parsed and rendered with the context `revision` passes.
#include "fuzzcontract.h"

#include "template/makotemplate.h"

using namespace Qt::StringLiterals;
using namespace pm;

PM_FUZZ_TARGET(mako_template)
{
    const QString text = fuzz::textOf(data, size);
    const QString fileName = u"migrations/script.py.mako"_s;
    const Result<MakoTemplate> parsed = MakoTemplate::parse(text, fileName);
    // Mako's lexer ends lines at "\n" alone (it reads the file's bytes, not
    // Python's universal newlines): a lone "\r" is not a line end here.
    QString lines = text;
    lines.replace(u"\r\n"_s, u"\n"_s).replace(u'\r', u' ');
    if (!parsed) {
        fuzz::expectLocatedRefusal(parsed.error(), fileName, lines);
        return;
    }
    const QDateTime date(QDate(2024, 1, 2), QTime(3, 4, 5));
    const auto context = MakoTemplate::revisionContext(u"b9aceae553ae"_s, {u"5e2c3486676e"_s, u"a90cc5966c45"_s},
                                                       {u"feature"_s}, {}, date, u"add species"_s);
    const Result<QString> rendered = parsed->render(context);
    if (!rendered)
        fuzz::expectLocatedRefusal(rendered.error(), fileName, lines);
}
