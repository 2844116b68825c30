// env.py read for its context.configure(...) settings, never run.
#include "fuzzcontract.h"

#include "script/envsettingsreader.h"

using namespace Qt::StringLiterals;
using namespace pm;

PM_FUZZ_TARGET(env_settings)
{
    const QString text = fuzz::textOf(data, size);
    const QString fileName = u"migrations/env.py"_s;
    const Result<EnvSettings> settings = EnvSettingsReader::read(text, fileName);
    if (!settings)
        fuzz::expectLocatedRefusal(settings.error(), fileName, text);
}
