#pragma once

#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

#include <QList>
#include <QString>
#include <QStringView>

namespace pm {

// Revision id -> position in a list of revisions, for RevisionMap. An open
// table of positions: the ids are read from the revisions themselves, so an
// entry is two integers, not a copied key in a node, and an id is hashed by
// a few multiplies instead of QHash's SipHash. The map makes one entry per
// script and looks up every down revision while the other core waits.
// Not a defence against crafted collisions: the ids come from the
// project's own scripts.
template<typename Item>
class RevisionIdIndex final
{
public:
    qsizetype size() const { return m_count; }

    void reserve(qsizetype count)
    {
        if (count * 2 > qsizetype(m_slots.size()))
            rehash(std::bit_ceil(size_t(count) * 2));
    }

    // The position of `id` among `items` (each read by its revision()),
    // -1 when absent.
    qsizetype find(QStringView id, const QList<Item> &items) const
    {
        if (m_slots.empty())
            return -1;
        const quint32 hash = hashOf(id);
        const size_t mask = m_slots.size() - 1;
        for (size_t at = hash & mask;; at = (at + 1) & mask) {
            const Slot &slot = m_slots[at];
            if (slot.position < 0)
                return -1;
            if (slot.hash == hash && QStringView(items.at(slot.position).revision()) == id)
                return slot.position;
        }
    }

    // Records `position` for `id` and returns it, or the position already
    // recorded for `id` (nothing changed).
    qsizetype insert(QStringView id, qsizetype position, const QList<Item> &items)
    {
        if ((m_count + 1) * 2 > qsizetype(m_slots.size()))
            rehash(std::max<size_t>(16, m_slots.size() * 2));
        const quint32 hash = hashOf(id);
        const size_t mask = m_slots.size() - 1;
        for (size_t at = hash & mask;; at = (at + 1) & mask) {
            Slot &slot = m_slots[at];
            if (slot.position < 0) {
                slot = Slot{hash, qint32(position)};
                ++m_count;
                return position;
            }
            if (slot.hash == hash && QStringView(items.at(slot.position).revision()) == id)
                return slot.position;
        }
    }

private:
    struct Slot
    {
        quint32 hash = 0;
        qint32 position = -1;
    };

    static quint32 hashOf(QStringView id)
    {
        // four UTF-16 units a step, each step mixed by one multiply
        const char *bytes = reinterpret_cast<const char *>(id.utf16());
        size_t left = size_t(id.size()) * 2;
        quint64 h = 0x9E3779B97F4A7C15ull ^ left;
        for (; left >= 8; bytes += 8, left -= 8) {
            quint64 word;
            std::memcpy(&word, bytes, 8);
            h = std::rotl((h ^ word) * 0xBF58476D1CE4E5B9ull, 29);
        }
        if (left > 0) {
            quint64 word = 0;
            std::memcpy(&word, bytes, left);
            h = std::rotl((h ^ word) * 0xBF58476D1CE4E5B9ull, 29);
        }
        h = (h ^ (h >> 31)) * 0x94D049BB133111EBull;
        return quint32(h ^ (h >> 32));
    }

    void rehash(size_t capacity)
    {
        std::vector<Slot> old(capacity);
        old.swap(m_slots);
        const size_t mask = capacity - 1;
        for (const Slot &slot : old) {
            if (slot.position < 0)
                continue;
            size_t at = slot.hash & mask;
            while (m_slots[at].position >= 0)
                at = (at + 1) & mask;
            m_slots[at] = slot;
        }
    }

    std::vector<Slot> m_slots; // a power of two, at most half full
    qsizetype m_count = 0;
};

} // namespace pm
