#include "python/orderedmap.h"

#include "python/objects.h"

namespace pm::python {

namespace {

// Deeper than this, two keys are taken as different rather than compared:
// equal hashes of such keys only come from absurd input, and the recursion
// must stay bounded.
constexpr int kMaxKeyDepth = 2000;

} // namespace

bool OrderedMap::keysEqual(const Value &a, const Value &b, int depth)
{
    if (a.isSameAs(b))
        return true;
    const Kind ka = a.kind();
    const Kind kb = b.kind();
    if (a.isNumber() && b.isNumber()) {
        if (a.isFloat() || b.isFloat()) {
            if (a.isFloat() && b.isFloat())
                return a.asFloat() == b.asFloat();
            const Value &f = a.isFloat() ? a : b;
            const Value &i = a.isFloat() ? b : a;
            const double d = f.asFloat();
            return d == double(i.asInt()) && d >= -9.2233720368547758e18 && d < 9.2233720368547758e18
                && qint64(d) == i.asInt();
        }
        return a.asInt() == b.asInt();
    }
    if (ka != kb) {
        if ((ka == Kind::Set || ka == Kind::FrozenSet) && (kb == Kind::Set || kb == Kind::FrozenSet)) {
            // A frozenset key equals a set only in a lookup (`s in d` with a set raises first).
        } else {
            return false;
        }
    }
    switch (ka) {
    case Kind::Str:
        return a.text() == b.text();
    case Kind::Bytes:
        return a.as<BytesObject>()->data == b.as<BytesObject>()->data;
    case Kind::Tuple: {
        if (depth > kMaxKeyDepth)
            return false;
        const auto &x = a.as<TupleObject>()->items;
        const auto &y = b.as<TupleObject>()->items;
        if (x.size() != y.size())
            return false;
        for (size_t i = 0; i < x.size(); ++i)
            if (!keysEqual(x[i], y[i], depth + 1))
                return false;
        return true;
    }
    case Kind::Set:
    case Kind::FrozenSet: {
        if (depth > kMaxKeyDepth)
            return false;
        const OrderedMap &x = a.as<SetObject>()->map;
        const OrderedMap &y = b.as<SetObject>()->map;
        if (x.size() != y.size())
            return false;
        for (qsizetype i = x.next(-1); i >= 0; i = x.next(i))
            if (y.find(x.entry(i).key, x.entry(i).hash) < 0)
                return false;
        return true;
    }
    default:
        return false;
    }
}

qsizetype OrderedMap::find(const Value &key, size_t hash) const
{
    if (m_index.empty()) {
        for (size_t i = 0; i < m_entries.size(); ++i) {
            const Entry &e = m_entries[i];
            if (e.hash == hash && e.key.isValid() && keysEqual(e.key, key))
                return qsizetype(i);
        }
        return -1;
    }
    const size_t mask = m_index.size() - 1;
    size_t slot = hash & mask;
    size_t perturb = hash;
    while (true) {
        const qint32 at = m_index[slot];
        if (at < 0)
            return -1;
        const Entry &e = m_entries[size_t(at)];
        if (e.hash == hash && e.key.isValid() && keysEqual(e.key, key))
            return at;
        perturb >>= 5;
        slot = (slot * 5 + perturb + 1) & mask;
    }
}

const Value *OrderedMap::value(const Value &key, size_t hash) const
{
    const qsizetype i = find(key, hash);
    return i < 0 ? nullptr : &m_entries[size_t(i)].value;
}

Value *OrderedMap::value(const Value &key, size_t hash)
{
    const qsizetype i = find(key, hash);
    return i < 0 ? nullptr : &m_entries[size_t(i)].value;
}

void OrderedMap::insert(const Value &key, size_t hash, Value value)
{
    if (Value *existing = this->value(key, hash)) {
        *existing = std::move(value);
        return;
    }
    append(key, hash, std::move(value));
}

void OrderedMap::append(Value key, size_t hash, Value value)
{
    ++m_version;
    m_entries.push_back(Entry{std::move(key), std::move(value), hash});
    ++m_count;
    // Small tables are scanned; bigger ones get an index at most 2/3 full.
    if (m_entries.size() <= 8 && m_index.empty())
        return;
    if (m_entries.size() * 3 >= m_index.size() * 2) {
        size_t capacity = 16;
        while (capacity * 2 <= m_entries.size() * 3)
            capacity *= 2;
        rebuildIndex(capacity * 2);
        return;
    }
    const size_t mask = m_index.size() - 1;
    size_t slot = hash & mask;
    size_t perturb = hash;
    while (m_index[slot] >= 0) {
        perturb >>= 5;
        slot = (slot * 5 + perturb + 1) & mask;
    }
    m_index[slot] = qint32(m_entries.size() - 1);
}

bool OrderedMap::remove(const Value &key, size_t hash, Value *removedValue)
{
    const qsizetype i = find(key, hash);
    if (i < 0)
        return false;
    ++m_version;
    Entry &e = m_entries[size_t(i)];
    if (removedValue)
        *removedValue = std::move(e.value);
    e.key = Value();
    e.value = Value();
    --m_count;
    compactIfSparse();
    return true;
}

void OrderedMap::clear()
{
    ++m_version;
    // Move out first: destroying values may run arbitrary destructors.
    std::vector<Entry> old;
    old.swap(m_entries);
    m_index.clear();
    m_count = 0;
}

OrderedMap::Entry OrderedMap::takeLast()
{
    for (size_t i = m_entries.size(); i-- > 0;) {
        if (m_entries[i].key.isValid()) {
            Entry e = std::move(m_entries[i]);
            m_entries[i].key = Value();
            ++m_version;
            --m_count;
            compactIfSparse();
            return e;
        }
    }
    return {};
}

qsizetype OrderedMap::next(qsizetype index) const
{
    for (size_t i = size_t(index + 1); i < m_entries.size(); ++i)
        if (m_entries[i].key.isValid())
            return qsizetype(i);
    return -1;
}

void OrderedMap::rebuildIndex(size_t capacity)
{
    m_index.assign(capacity, -1);
    const size_t mask = capacity - 1;
    for (size_t i = 0; i < m_entries.size(); ++i) {
        if (!m_entries[i].key.isValid())
            continue;
        size_t slot = m_entries[i].hash & mask;
        size_t perturb = m_entries[i].hash;
        while (m_index[slot] >= 0) {
            perturb >>= 5;
            slot = (slot * 5 + perturb + 1) & mask;
        }
        m_index[slot] = qint32(i);
    }
}

void OrderedMap::compactIfSparse()
{
    // Removed entries stay in place (their index slots keep probe chains
    // intact) until they are half the table, then the table is rebuilt.
    if (m_entries.size() < 16 || size_t(m_count) * 2 > m_entries.size()) {
        if (m_count == 0)
            clear();
        return;
    }
    std::vector<Entry> live;
    live.reserve(size_t(m_count));
    for (Entry &e : m_entries)
        if (e.key.isValid())
            live.push_back(std::move(e));
    m_entries.swap(live);
    if (m_entries.size() <= 8)
        m_index.clear();
    else
        rebuildIndex(m_index.size());
}

} // namespace pm::python
