#pragma once

#include <vector>

#include "python/value.h"

namespace pm::python {

// The hash table behind dict, set and every namespace: entries kept in
// insertion order (Python's dict order; sets iterate in insertion order too,
// where CPython's order follows its hashes), indexed by an open-addressing
// table. Hashes are computed by the caller (Interpreter::hash, which raises
// for unhashable keys); key equality here covers the hashable kinds only
// (str, bytes, numbers across int/float/bool, None, tuples and frozensets of
// those, everything else by identity), so a lookup never runs Python code.
class OrderedMap
{
public:
    struct Entry
    {
        Value key; // Invalid for a removed entry, until the table is compacted
        Value value;
        size_t hash = 0;
    };

    qsizetype size() const { return m_count; }
    bool isEmpty() const { return m_count == 0; }

    // The entry index of `key`, or -1.
    qsizetype find(const Value &key, size_t hash) const;
    const Value *value(const Value &key, size_t hash) const;
    Value *value(const Value &key, size_t hash);
    // Inserts or replaces (keeping the first key and its position, as Python does).
    void insert(const Value &key, size_t hash, Value value);
    // Only when `key` is known to be absent (building a dict from unique keys).
    void append(Value key, size_t hash, Value value);
    bool remove(const Value &key, size_t hash, Value *removedValue = nullptr);
    void clear();
    // Removes and returns the last entry (dict.popitem, set.pop).
    Entry takeLast();

    // Iteration in insertion order over live entries: for (i = next(-1); i >= 0; i = next(i)).
    qsizetype next(qsizetype index) const;
    const Entry &entry(qsizetype index) const { return m_entries[size_t(index)]; }
    Entry &entry(qsizetype index) { return m_entries[size_t(index)]; }
    // Bumped by every insertion of a new key and every removal: iterators
    // use it to raise "dictionary changed size during iteration".
    quint32 version() const { return m_version; }

    static bool keysEqual(const Value &a, const Value &b, int depth = 0);

private:
    void rebuildIndex(size_t capacity);
    void compactIfSparse();

    std::vector<Entry> m_entries;
    std::vector<qint32> m_index; // -1 empty; else an entry index
    qsizetype m_count = 0;
    quint32 m_version = 0;
};

} // namespace pm::python
