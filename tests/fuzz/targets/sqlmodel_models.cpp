// A SQLModel models.py read into a MetaData without running Python (what
// autogenerate compares the database with in a tutorial-style project).
// The reader follows imports from files, so the input is written to one.
#include "fuzzcontract.h"

#include <QDir>
#include <QFile>

#include "script/sqlmodelreader.h"

using namespace Qt::StringLiterals;
using namespace pm;

PM_FUZZ_TARGET(sqlmodel_models)
{
    const QString path = QDir(fuzz::scratchDirectory()).filePath(u"models.py"_s);
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            fuzz::violation(u"cannot write the scratch file "_s + path);
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    const QString text = fuzz::textOf(data, size);
    const Result<MetaData> metadata = SqlModelReader::readModule(path);
    if (!metadata)
        fuzz::expectLocatedRefusal(metadata.error(), path, text);
}
