#include "script/expressionallocator.h"

#include <new>

namespace pm::expressionpool {

namespace {

// Sizes in steps of 16 bytes up to 1 KB; larger blocks go to the heap.
constexpr std::size_t kStep = 16;
constexpr std::size_t kClasses = 64;
// Enough for the trees of the largest statements scripts hold, few enough
// that a thread never sits on much.
constexpr int kKept = 256;

struct Block
{
    Block *next;
};

// Trivially destructible, so usable until the thread is gone: a tree
// destroyed after the Keeper below (a thread_local or static one) frees to
// the heap.
struct Lists
{
    Block *head[kClasses];
    int count[kClasses];
    bool keeping; // the Keeper is registered and has not run
    bool closed;  // the Keeper has run
};

thread_local Lists t_lists;

struct Keeper
{
    Keeper() { t_lists.keeping = true; }
    ~Keeper()
    {
        for (std::size_t c = 0; c < kClasses; ++c) {
            while (Block *b = t_lists.head[c]) {
                t_lists.head[c] = b->next;
                ::operator delete(b);
            }
            t_lists.count[c] = 0;
        }
        t_lists.keeping = false;
        t_lists.closed = true;
    }
};

std::size_t classOf(std::size_t bytes)
{
    return bytes == 0 ? 1 : (bytes + kStep - 1) / kStep;
}

} // namespace

void *allocate(std::size_t bytes)
{
    const std::size_t c = classOf(bytes);
    if (c >= kClasses)
        return ::operator new(bytes);
    if (Block *b = t_lists.head[c]) {
        t_lists.head[c] = b->next;
        --t_lists.count[c];
        return b;
    }
    return ::operator new(c * kStep);
}

void deallocate(void *block, std::size_t bytes) noexcept
{
    const std::size_t c = classOf(bytes);
    if (c < kClasses && !t_lists.closed && t_lists.count[c] < kKept) {
        if (!t_lists.keeping) {
            // Registers the thread's Keeper, which gives the blocks back.
            thread_local Keeper keeper;
        }
        if (t_lists.keeping) {
            auto *b = static_cast<Block *>(block);
            b->next = t_lists.head[c];
            t_lists.head[c] = b;
            ++t_lists.count[c];
            return;
        }
    }
    ::operator delete(block);
}

} // namespace pm::expressionpool
