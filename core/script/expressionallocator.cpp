#include "script/expressionallocator.h"

#include <new>

namespace pm::expressionpool {

thread_local constinit Lists t_lists{};

namespace {

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

} // namespace

void *allocateSlow(std::size_t bytes)
{
    const std::size_t c = classOf(bytes);
    if (c >= kClasses)
        return ::operator new(bytes);
    return ::operator new(c * kStep);
}

void deallocateSlow(void *block, std::size_t bytes) noexcept
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
