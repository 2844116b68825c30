// petmigrate: Alembic's command line for Pet Manager projects.
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

#include "cli/petmigrate.h"

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("petmigrate"));
    QCoreApplication::setOrganizationName(QStringLiteral("PetManager"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return pm::runPetMigrate(QCoreApplication::arguments().mid(1), out, err, pm::Teardown::LeftToProcessExit);
}
