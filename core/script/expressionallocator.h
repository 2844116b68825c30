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
void *allocate(std::size_t bytes);
void deallocate(void *block, std::size_t bytes) noexcept;
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
