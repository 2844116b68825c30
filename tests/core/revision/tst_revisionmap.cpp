#include <QTest>

#include "revision/revisionmap.h"

class tst_RevisionMap : public QObject
{
    Q_OBJECT
private slots:
    void empty() { QVERIFY(pm::RevisionMap::build({}).has_value()); }
};

QTEST_APPLESS_MAIN(tst_RevisionMap)
#include "tst_revisionmap.moc"
