// sqlalchemy.url / --url as make_url() reads it. A refusal is one sentence;
// an accepted URL prints as a URL that reads back the same.
#include "fuzzcontract.h"

#include "config/databaseurl.h"

using namespace Qt::StringLiterals;
using namespace pm;

PM_FUZZ_TARGET(database_url)
{
    const QString text = fuzz::textOf(data, size);
    const Result<DatabaseUrl> url = DatabaseUrl::parse(text);
    if (!url) {
        fuzz::expectSentence(url.error());
        return;
    }
    (void)url->toDisplayString();
    (void)url->sqliteFilePath(u"/tmp"_s);
    const QString printed = url->toString();
    const Result<DatabaseUrl> again = DatabaseUrl::parse(printed);
    if (!again)
        fuzz::violation(u"'%1' prints as '%2', which is refused: %3"_s.arg(text, printed, again.error().toString()));
    if (again->toString() != printed)
        fuzz::violation(u"'%1' prints as '%2', which prints as '%3'"_s.arg(text, printed, again->toString()));
}
