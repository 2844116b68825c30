#pragma once

#include <algorithm>
#include <utility>

#include <QString>
#include <QStringView>

namespace pm {

// A statement written a piece at a time into memory taken once up front.
// A CREATE TABLE is some twenty short pieces (a name, ", ", a type, "("):
// each copied in place here costs a few instructions, where
// QString::append's call, detach and capacity checks cost a hundred.
class SqlText final
{
public:
    // `expected`: the characters the statement most likely needs; more
    // are taken when it does not suffice.
    explicit SqlText(qsizetype expected)
    {
        m_text.resize(std::max<qsizetype>(expected, 16));
        m_data = reinterpret_cast<char16_t *>(m_text.data());
        m_capacity = m_text.size();
    }

    SqlText &operator+=(QStringView piece)
    {
        const qsizetype n = piece.size();
        if (m_capacity - m_size < n)
            grow(n);
        std::copy_n(piece.utf16(), n, m_data + m_size);
        m_size += n;
        return *this;
    }
    SqlText &operator+=(const QString &piece) { return *this += QStringView(piece); }
    SqlText &operator+=(char16_t c)
    {
        if (m_size == m_capacity)
            grow(1);
        m_data[m_size++] = c;
        return *this;
    }
    SqlText &operator+=(QChar c) { return *this += c.unicode(); }

    qsizetype size() const { return m_size; }
    void truncate(qsizetype size) { m_size = std::min(size, m_size); }
    void chop(qsizetype n) { m_size = std::max<qsizetype>(m_size - n, 0); }
    QStringView view() const { return QStringView(m_data, m_size); }

    // The statement; the writer is empty afterwards.
    QString take()
    {
        m_text.truncate(m_size);
        m_data = nullptr;
        m_size = m_capacity = 0;
        return std::exchange(m_text, QString());
    }

private:
    void grow(qsizetype more)
    {
        m_text.resize(std::max(m_capacity * 2, m_size + more));
        m_data = reinterpret_cast<char16_t *>(m_text.data());
        m_capacity = m_text.size();
    }

    QString m_text;
    char16_t *m_data = nullptr;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
};

} // namespace pm
