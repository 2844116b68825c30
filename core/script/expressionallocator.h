#pragma once

#include <cstddef>

namespace pm {

// Where the vectors of PythonExpression trees live. A statement's tree is
// built and dropped whole, a few dozen small blocks of a few sizes, and
// malloc's bookkeeping for them cost as much as reading the nodes: blocks
// freed are kept on the freeing thread, by size, for the next tree, and
// given back to the heap when that thread ends. A block may be freed on
// another thread than the one that made it.
namespace expressionpool {

// Sizes in steps of 16 bytes up to 1 KB; larger blocks go to the heap.
inline constexpr std::size_t kStep = 16;
inline constexpr std::size_t kClasses = 64;
// Enough for the trees of the largest statements scripts hold, few enough
// that a thread never sits on much.
inline constexpr int kKept = 256;

struct Block
{
    Block *next;
};

// Trivially destructible and constant-initialized, so usable until the
// thread is gone (a tree destroyed after the thread's Keeper, a
// thread_local or static one, frees to the heap), and read here without
// a call to make sure it exists.
struct Lists
{
    Block *head[kClasses];
    int count[kClasses];
    bool keeping; // the thread's Keeper is registered and has not run
    bool closed;  // the Keeper has run
};
extern thread_local constinit Lists t_lists;

inline std::size_t classOf(std::size_t bytes)
{
    return bytes == 0 ? 1 : (bytes + kStep - 1) / kStep;
}

// A tree is a few dozen blocks made and freed: the common case, a block
// of a kept size taken from or put back on this thread's list, is inline;
// what touches the heap or the Keeper is not.
void *allocateSlow(std::size_t bytes);
void deallocateSlow(void *block, std::size_t bytes) noexcept;

inline void *allocate(std::size_t bytes)
{
    const std::size_t c = classOf(bytes);
    if (c < kClasses) {
        if (Block *b = t_lists.head[c]) {
            t_lists.head[c] = b->next;
            --t_lists.count[c];
            return b;
        }
    }
    return allocateSlow(bytes);
}

inline void deallocate(void *block, std::size_t bytes) noexcept
{
    const std::size_t c = classOf(bytes);
    if (c < kClasses && t_lists.keeping && t_lists.count[c] < kKept) {
        auto *b = static_cast<Block *>(block);
        b->next = t_lists.head[c];
        t_lists.head[c] = b;
        ++t_lists.count[c];
        return;
    }
    deallocateSlow(block, bytes);
}

} // namespace expressionpool

template<typename T>
struct ExpressionAllocator
{
    using value_type = T;

    ExpressionAllocator() noexcept = default;
    template<typename U>
    ExpressionAllocator(const ExpressionAllocator<U> &) noexcept
    {
    }

    T *allocate(std::size_t n) { return static_cast<T *>(expressionpool::allocate(n * sizeof(T))); }
    void deallocate(T *p, std::size_t n) noexcept { expressionpool::deallocate(p, n * sizeof(T)); }

    template<typename U>
    friend bool operator==(const ExpressionAllocator &, const ExpressionAllocator<U> &) noexcept
    {
        return true;
    }
};

} // namespace pm
