#include "runtime/headercache.h"

#include <cstring>

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

constexpr quint32 kMagic = 0x31434850; // "PHC1" read as little-endian bytes
constexpr qint64 kTrustMarginNs = 2'000'000'000;

qint64 nowNs()
{
    return QDateTime::currentDateTimeUtc().toMSecsSinceEpoch() * 1'000'000;
}

// A checksum against a truncated or damaged file, not against an attacker:
// 64-bit multiply-xor over 8-byte words, a few instructions per word.
quint64 checksum(QByteArrayView bytes)
{
    quint64 h = 0x9E3779B97F4A7C15ull ^ quint64(bytes.size());
    const char *p = bytes.data();
    qsizetype left = bytes.size();
    for (; left >= 8; p += 8, left -= 8) {
        quint64 w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    quint64 w = 0;
    std::memcpy(&w, p, size_t(left));
    h = (h ^ w) * 0x94D049BB133111EBull;
    return h ^ (h >> 29);
}

// The file: fixed-width little-endian integers and UTF-8 strings with their
// byte length, written and read without a stream object per value.
class Writer
{
public:
    void u64(quint64 v) { m_bytes.append(reinterpret_cast<const char *>(&v), 8); }
    void bytes(QByteArrayView b)
    {
        u64(quint64(b.size()));
        m_bytes.append(b.data(), b.size());
    }
    void text(const QString &s)
    {
        // a null QString (no docstring) differs from an empty one
        if (s.isNull()) {
            u64(~quint64(0));
            return;
        }
        bytes(s.toUtf8());
    }
    void list(const QStringList &l)
    {
        u64(quint64(l.size()));
        for (const QString &s : l)
            text(s);
    }
    QByteArray &data() { return m_bytes; }

private:
    QByteArray m_bytes;
};

class Reader
{
public:
    explicit Reader(QByteArrayView b) : m_p(b.data()), m_end(b.data() + b.size()) {}
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_p == m_end; }
    quint64 u64()
    {
        if (m_end - m_p < 8) {
            m_ok = false;
            return 0;
        }
        quint64 v;
        std::memcpy(&v, m_p, 8);
        m_p += 8;
        return v;
    }
    QByteArrayView bytes(quint64 size)
    {
        if (!m_ok || size > quint64(m_end - m_p)) {
            m_ok = false;
            return {};
        }
        const QByteArrayView v(m_p, qsizetype(size));
        m_p += size;
        return v;
    }
    QString text()
    {
        const quint64 size = u64();
        if (size == ~quint64(0))
            return QString();
        const QByteArrayView b = bytes(size);
        return b.isEmpty() ? QString(u""_s) : QString::fromUtf8(b);
    }
    QStringList list()
    {
        const quint64 count = u64();
        QStringList out;
        if (count > quint64(m_end - m_p) / 8) { // each takes 8 bytes at least
            m_ok = false;
            return out;
        }
        out.reserve(qsizetype(count));
        for (quint64 i = 0; i < count && m_ok; ++i)
            out << text();
        return out;
    }

private:
    const char *m_p;
    const char *m_end;
    bool m_ok = true;
};

void writeEntry(Writer &out, const FileStamp &s, const ScriptHeader &h)
{
    out.u64(quint64(s.size));
    out.u64(quint64(s.mtimeNs));
    out.u64(quint64(s.ctimeNs));
    out.u64(s.inode);
    out.u64(s.device);
    out.text(h.revision);
    out.list(h.downRevisions);
    out.list(h.dependsOn);
    out.list(h.branchLabels);
    out.text(h.docstring);
}

void readEntry(Reader &in, FileStamp &s, ScriptHeader &h)
{
    s.size = qint64(in.u64());
    s.mtimeNs = qint64(in.u64());
    s.ctimeNs = qint64(in.u64());
    s.inode = in.u64();
    s.device = in.u64();
    h.revision = in.text();
    h.downRevisions = in.list();
    h.dependsOn = in.list();
    h.branchLabels = in.list();
    h.docstring = in.text();
}

} // namespace

QString HeaderCache::userFolder()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    return base.isEmpty() ? QString() : base + u"/petmigrate"_s;
}

HeaderCache::HeaderCache(const QString &cacheFolder, const QString &versionsFolder)
    : m_folder(QDir::cleanPath(QDir(versionsFolder).absolutePath()))
{
    if (cacheFolder.isEmpty())
        return;
    // One file per folder, named by its absolute path; the path is stored
    // inside too, so a file of another folder is never taken for this one.
    const QByteArray key = QCryptographicHash::hash(m_folder.toUtf8(), QCryptographicHash::Sha1).toHex();
    m_filePath = cacheFolder + u"/headers-"_s + QString::fromLatin1(key);
    read();
}

void HeaderCache::read()
{
    QFile file(m_filePath);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QByteArray bytes = file.readAll();
    if (bytes.size() < 8)
        return;
    const QByteArrayView payload(bytes.constData(), bytes.size() - 8);
    quint64 stored;
    std::memcpy(&stored, bytes.constData() + payload.size(), 8);
    if (stored != checksum(payload))
        return;
    Reader in(payload);
    if (in.u64() != kMagic || in.text() != m_folder)
        return;
    m_storedStartNs = qint64(in.u64());
    m_storedFolderMtimeNs = qint64(in.u64());
    const quint64 count = in.u64();
    if (!in.ok() || count > quint64(payload.size()))
        return;
    QHash<QByteArray, Entry> entries;
    entries.reserve(qsizetype(count));
    for (quint64 i = 0; i < count && in.ok(); ++i) {
        const QByteArray name = in.bytes(in.u64()).toByteArray();
        Entry entry;
        readEntry(in, entry.stamp, entry.header);
        entries.insert(name, std::move(entry));
    }
    if (!in.ok() || !in.atEnd() || quint64(entries.size()) != count)
        return;
    m_stored = std::move(entries);
}

void HeaderCache::startRun(qint64 clockNs)
{
    m_runStartNs = clockNs != 0 ? clockNs : nowNs();
    m_seen.clear();
    m_seenOrder.clear();
    m_hits = 0;
}

const ScriptHeader *HeaderCache::lookup(const QByteArray &fileName, const FileStamp &stamp) const
{
    const auto it = m_stored.constFind(fileName);
    if (it == m_stored.constEnd() || !(it->stamp == stamp))
        return nullptr;
    // Not trusted while the file is younger than the stored run's start
    // plus the margin, nor when its time lies ahead of ours (skew).
    const qint64 trustedBefore = std::min(m_storedStartNs, m_runStartNs) - kTrustMarginNs;
    if (stamp.mtimeNs >= trustedBefore || stamp.ctimeNs >= trustedBefore)
        return nullptr;
    m_hits.fetch_add(1, std::memory_order_relaxed);
    return &it->header;
}

void HeaderCache::keep(const QByteArray &fileName, const FileStamp &stamp, const ScriptHeader &header)
{
    if (m_filePath.isEmpty())
        return;
    if (!m_seen.contains(fileName))
        m_seenOrder << fileName;
    m_seen.insert(fileName, Entry{stamp, header});
}

void HeaderCache::save(qint64 folderMtimeNs)
{
    if (m_filePath.isEmpty())
        return;
    const bool same = m_hits == m_seen.size() && m_seen.size() == m_stored.size()
        && folderMtimeNs == m_storedFolderMtimeNs;
    if (same)
        return;
    Writer out;
    out.u64(kMagic);
    out.text(m_folder);
    out.u64(quint64(m_runStartNs));
    out.u64(quint64(folderMtimeNs));
    out.u64(quint64(m_seenOrder.size()));
    for (const QByteArray &name : std::as_const(m_seenOrder)) {
        const Entry &entry = m_seen[name];
        out.bytes(name);
        writeEntry(out, entry.stamp, entry.header);
    }
    QByteArray &payload = out.data();
    const quint64 sum = checksum(payload);
    payload.append(reinterpret_cast<const char *>(&sum), 8);
    // A cache that cannot be written costs the next run its speed, nothing else.
    if (!QDir().mkpath(QFileInfo(m_filePath).absolutePath()))
        return;
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly))
        return;
    if (file.write(payload) == payload.size())
        file.commit();
}

} // namespace pm
