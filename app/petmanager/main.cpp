// petmanager [DATABASE_FILE_OR_URL] [-c path/to/alembic.ini]
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include "ui/icons.h"
#include "ui/mainwindow.h"

using namespace Qt::StringLiterals;

namespace {

// The app's own migrations: next to the installed program, else the source
// tree this binary was built from.
QString defaultIniPath()
{
    const QDir appDir(QCoreApplication::applicationDirPath());
    const QStringList candidates{
        appDir.filePath(u"../"_s + QStringLiteral(PM_INSTALL_MIGRATIONS_DIR) + u"/alembic.ini"_s),
        QStringLiteral(PM_SOURCE_MIGRATIONS_DIR) + u"/alembic.ini"_s,
    };
    for (const QString &candidate : candidates) {
        if (QFileInfo::exists(candidate))
            return QFileInfo(candidate).canonicalFilePath();
    }
    return {};
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"PetManager"_s);
    QApplication::setOrganizationDomain(u"petmanager.example.invalid"_s);
    QApplication::setApplicationName(u"petmanager"_s);
    QApplication::setApplicationDisplayName(QApplication::translate("main", "Pet Manager"));
    QApplication::setApplicationVersion(u"0.1.0"_s);
    QApplication::setDesktopFileName(u"io.example.PetManager"_s);
    QApplication::setWindowIcon(pm::Icons::builtin(pm::Icons::Kind::App));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Manage pets and users and migrate their database."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"database"_s,
                                 QApplication::translate("main", "A SQLite database file or a database URL."),
                                 u"[DATABASE_FILE_OR_URL]"_s);
    const QCommandLineOption configOption({u"c"_s, u"config"_s},
                                          QApplication::translate("main", "The migrations project's alembic.ini."),
                                          u"path/to/alembic.ini"_s);
    parser.addOption(configOption);
    parser.process(app);

    QString database;
    if (!parser.positionalArguments().isEmpty()) {
        database = parser.positionalArguments().constFirst();
        if (!database.contains(u"://"_s))
            database = QFileInfo(database).absoluteFilePath();
    } else {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dir);
        database = QDir(dir).filePath(u"pets.db"_s);
    }
    QString ini = parser.value(configOption);
    if (ini.isEmpty())
        ini = defaultIniPath();
    else
        ini = QFileInfo(ini).absoluteFilePath();

    pm::MainWindow window;
    window.show();
    window.openDatabase(database, ini);
    return QApplication::exec();
}
