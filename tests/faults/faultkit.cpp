#include "faultkit.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <linux/capability.h>

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>

using namespace Qt::StringLiterals;

namespace faults {

namespace {

// The capabilities that let root ignore file modes.
constexpr int kOverrides[] = {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER};

QString lastSystemError(const char *what)
{
    return u"%1: %2"_s.arg(QString::fromLatin1(what), QString::fromLocal8Bit(std::strerror(errno)));
}

bool writeFile(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(text.toUtf8()) >= 0;
}

} // namespace

QString Run::describe() const
{
    return u"%1\n  exit %2%3\n  stdout: %4\n  stderr: %5"_s.arg(what)
        .arg(code)
        .arg(killed ? u" (killed)"_s : QString())
        .arg(out.left(3000), err.left(3000));
}

QString petmigratePath()
{
    return QStringLiteral(PETMIGRATE);
}

QString sqlite3Path()
{
    return QStandardPaths::findExecutable(u"sqlite3"_s);
}

Run run(const QString &program, const QStringList &args, const QString &cwd, Restrictions restrictions,
        int timeoutMs)
{
    Run r;
    r.what = program + u' ' + args.join(u' ');
    QProcess p;
    if (!cwd.isEmpty())
        p.setWorkingDirectory(cwd);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"ALEMBIC_CONFIG"_s);
    p.setProcessEnvironment(env);
    if (restrictions.obeyFilePermissions && isRoot()) {
        // Between fork and exec: what the child may do, not the test.
        p.setChildProcessModifier([] {
            for (int cap : kOverrides)
                ::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
        });
    }
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        r.err = u"could not start: "_s + p.errorString();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = u"timed out"_s;
        return r;
    }
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    r.killed = p.exitStatus() != QProcess::NormalExit;
    r.code = r.killed ? -1 : p.exitCode();
    return r;
}

Run petmigrate(const QStringList &args, const QString &cwd, Restrictions restrictions)
{
    return run(petmigratePath(), args, cwd, restrictions);
}

void startPetmigrate(QProcess &process, const QStringList &args, const QString &cwd)
{
    process.setWorkingDirectory(cwd);
    process.start(petmigratePath(), args);
    process.waitForStarted(10000);
}

Run sqlite3(const QString &database, const QString &sql)
{
    // Waits for a writer that is finishing, as a person's second try would.
    return run(sqlite3Path(), {u"-batch"_s, u"-bail"_s, u"-cmd"_s, u".timeout 5000"_s, database, sql}, QString());
}

QString query(const QString &database, const QString &sql)
{
    return sqlite3(database, sql).out.trimmed();
}

QByteArray dump(const QString &database)
{
    QProcess p;
    p.start(sqlite3Path(), {u"-batch"_s, database, u".dump"_s});
    p.waitForFinished(300000);
    return p.readAllStandardOutput();
}

QString integrity(const QString &database)
{
    return query(database, u"PRAGMA integrity_check;"_s);
}

QStringList tables(const QString &database)
{
    return query(database, u"SELECT name FROM sqlite_master WHERE type='table' ORDER BY name;"_s)
        .split(u'\n', Qt::SkipEmptyParts);
}

bool makeProject(const QString &dir, const QString &databaseUrl, const QList<QPair<QString, QString>> &versions,
                 QString *error)
{
    const Run init = petmigrate({u"init"_s, u"migrations"_s}, dir);
    if (init.code != 0) {
        *error = init.describe();
        return false;
    }
    QFile ini(dir + u"/alembic.ini"_s);
    if (!ini.open(QIODevice::ReadOnly)) {
        *error = u"no alembic.ini after init"_s;
        return false;
    }
    QString text = QString::fromUtf8(ini.readAll());
    ini.close();
    text.replace(u"sqlalchemy.url = driver://user:pass@localhost/dbname"_s, u"sqlalchemy.url = "_s + databaseUrl);
    if (!writeFile(dir + u"/alembic.ini"_s, text)) {
        *error = u"cannot write alembic.ini"_s;
        return false;
    }
    for (const auto &[name, script] : versions) {
        if (!writeFile(dir + u"/migrations/versions/"_s + name, script)) {
            *error = u"cannot write "_s + name;
            return false;
        }
    }
    return true;
}

QString revisionScript(const QString &revision, const QString &downRevision, const QString &upgrade,
                       const QString &downgrade)
{
    return u"\"\"\"%1\n\nRevision ID: %1\nRevises: %2\nCreate Date: 2024-01-01 00:00:00.000000\n\n\"\"\"\n"
           u"from alembic import op\nimport sqlalchemy as sa\n\n\n"
           u"revision = '%1'\ndown_revision = %3\nbranch_labels = None\ndepends_on = None\n\n\n"
           u"def upgrade() -> None:\n%4\n\ndef downgrade() -> None:\n%5\n"_s
        .arg(revision, downRevision, downRevision.isEmpty() ? u"None"_s : u"'"_s + downRevision + u"'"_s, upgrade,
             downgrade);
}

QString initialRevision()
{
    return revisionScript(u"a1a1a1a1a1a1"_s, QString(),
                          u"    op.create_table('pet',\n"
                          u"        sa.Column('id', sa.Integer(), nullable=False),\n"
                          u"        sa.Column('name', sa.String(length=100), nullable=False),\n"
                          u"        sa.Column('weight', sa.Float(), nullable=True),\n"
                          u"        sa.PrimaryKeyConstraint('id', name=op.f('pk_pet'))\n"
                          u"    )\n"
                          u"    op.create_index(op.f('ix_pet_name'), 'pet', ['name'], unique=False)\n"_s,
                          u"    op.drop_index(op.f('ix_pet_name'), table_name='pet')\n"
                          u"    op.drop_table('pet')\n"_s);
}

QString rebuildRevision()
{
    return revisionScript(u"b2b2b2b2b2b2"_s, u"a1a1a1a1a1a1"_s,
                          u"    with op.batch_alter_table('pet', schema=None) as batch_op:\n"
                          u"        batch_op.add_column(sa.Column('species', sa.String(length=40), "
                          u"server_default='unknown', nullable=False))\n"
                          u"        batch_op.alter_column('name', existing_type=sa.String(length=100), "
                          u"type_=sa.String(length=200), existing_nullable=False)\n"_s,
                          u"    with op.batch_alter_table('pet', schema=None) as batch_op:\n"
                          u"        batch_op.alter_column('name', existing_type=sa.String(length=200), "
                          u"type_=sa.String(length=100), existing_nullable=False)\n"
                          u"        batch_op.drop_column('species')\n"_s);
}

bool fillPets(const QString &database, int rows)
{
    const Run r = sqlite3(database, u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
                                    u"INSERT INTO pet (id, name, weight) SELECT i, 'pet number ' || i, i * 0.25 FROM n;"_s
                                        .arg(rows));
    return r.code == 0;
}

bool isRoot()
{
    return ::geteuid() == 0;
}

QString enterPrivateMountNamespace()
{
    if (!isRoot())
        return u"a small disk of its own needs root (a tmpfs mount); run the suite as root, as CI does"_s;
    if (::unshare(CLONE_NEWNS) != 0)
        return lastSystemError("unshare(CLONE_NEWNS)");
    // Mounts made here stay here, and go when the process ends.
    if (::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return lastSystemError("mount --make-rprivate /");
    return {};
}

QString mountSmallDisk(const QString &dir, qint64 bytes)
{
    QDir().mkpath(dir);
    const QByteArray options = "size=" + QByteArray::number(bytes) + ",mode=0777";
    if (::mount("tmpfs", QFile::encodeName(dir).constData(), "tmpfs", 0, options.constData()) != 0)
        return lastSystemError("mount -t tmpfs");
    return {};
}

QString resizeSmallDisk(const QString &dir, qint64 bytes)
{
    const QByteArray options = "size=" + QByteArray::number(bytes);
    if (::mount("tmpfs", QFile::encodeName(dir).constData(), "tmpfs", MS_REMOUNT, options.constData()) != 0)
        return lastSystemError("mount -o remount,size");
    return {};
}

void unmountSmallDisk(const QString &dir)
{
    ::umount2(QFile::encodeName(dir).constData(), MNT_DETACH);
}

FilePermissionsObeyed::FilePermissionsObeyed()
{
    if (!isRoot())
        return;
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2] = {};
    if (::syscall(SYS_capget, &header, data) != 0) {
        m_ok = false;
        return;
    }
    for (int cap : kOverrides)
        data[cap / 32].effective &= ~(1u << (cap % 32));
    m_ok = ::syscall(SYS_capset, &header, data) == 0;
    m_dropped = m_ok;
}

FilePermissionsObeyed::~FilePermissionsObeyed()
{
    if (!m_dropped)
        return;
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2] = {};
    if (::syscall(SYS_capget, &header, data) != 0)
        return;
    for (int cap : kOverrides)
        data[cap / 32].effective |= 1u << (cap % 32);
    ::syscall(SYS_capset, &header, data);
}

bool waitUntil(const std::function<bool()> &condition, QProcess &process, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (condition())
            return true;
        if (process.state() == QProcess::NotRunning || process.waitForFinished(2))
            return condition();
    }
    return false;
}

} // namespace faults
