// petmigrate: Alembic's command line for Pet Manager projects.
#include <QCoreApplication>
#include <QTextStream>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <system_error>
#include <thread>

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "cli/petmigrate.h"

// Built with AddressSanitizer (packaging/setup.sh sanitize): its leak check
// would report the project left to the process's end, and its allocator
// has no brk heap to put on huge pages. Such a build frees everything.
#if defined(__SANITIZE_ADDRESS__)
#define PM_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PM_ADDRESS_SANITIZER 1
#endif
#endif

namespace {

#ifdef PM_ADDRESS_SANITIZER
constexpr pm::Teardown teardown = pm::Teardown::Free;
#else
constexpr pm::Teardown teardown = pm::Teardown::LeftToProcessExit;
#endif

#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE) && !defined(PM_ADDRESS_SANITIZER)
// The second arena (see M_ARENA_MAX below) is made now, by a thread that
// allocates once and ends: glibc keeps an ended thread's arena for the next
// thread (readVersionFiles' reader, then OfflineTail), and that arena is one
// mapping of HEAP_MAX_SIZE (64 MiB on 64-bit) aligned to its size, with
// M_TOP_PAD wide enough that all of it is made writable at once. Marked for
// huge pages like the main heap, a second thread's allocations no longer
// take a 4 KiB page fault each: measured on 10,000 scripts, `upgrade heads
// --sql` 0.169 s -> 0.147 s wall, system time 0.096 s -> 0.074 s. The block
// is checked to lie outside the main heap; should glibc lay its arenas out
// otherwise, the advice covers address space of that arena's own mapping
// or none (madvise() of an unmapped range fails and changes nothing).
void putSecondArenaOnHugePages(std::uintptr_t mainHeapStart)
{
    try {
        std::thread([mainHeapStart] {
            constexpr std::uintptr_t heapMaxSize = std::uintptr_t(64) << 20;
            void *volatile block = std::malloc(64);
            const auto at = reinterpret_cast<std::uintptr_t>(block);
            const auto mainHeapEnd = reinterpret_cast<std::uintptr_t>(sbrk(0));
            if (block && (at < mainHeapStart || at >= mainHeapEnd))
                madvise(reinterpret_cast<void *>(at & ~(heapMaxSize - 1)), heapMaxSize, MADV_HUGEPAGE);
            std::free(block);
        }).join();
    } catch (const std::system_error &) {
        // no thread to be had: nor will the commands have a second one
    }
}
#endif

// A command on 10,000 scripts builds some 20 MB of small objects: on 4 KiB
// pages that is some 6,000 page faults, which cost this process more system
// time than opening and reading every script (bench_revisions.sh). So the
// heap grows in one step and is marked for transparent huge pages
// (MADV_HUGEPAGE, what GLIBC_TUNABLES=glibc.malloc.hugetlb=1 does): a few
// dozen faults instead, and fewer TLB misses in the graph walks. Only
// address space is reserved: a page is backed when first touched. Where the
// kernel has huge pages off, madvise() fails and nothing changes.
void putHeapOnHugePages()
{
#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE) && !defined(PM_ADDRESS_SANITIZER)
    constexpr std::uintptr_t hugePage = std::uintptr_t(2) << 20;
    constexpr int reserve = 64 << 20;
    // Every allocation from the one heap (a large list too, not its own
    // mmap()), grown by `reserve` at a time and never trimmed back.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, reserve);
    // One arena per core: the second thread (readVersionFiles,
    // OfflineTail) allocates as much as the first, and sharing this heap
    // made each wait on the other's lock at every allocation (measured on
    // 10,000 scripts: `heads` 0.078 s wall with one arena, 0.064 s with two;
    // `upgrade heads --sql` 0.285 s against 0.203 s).
    mallopt(M_ARENA_MAX, 2);
    const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
    // the heap grows by the pad now (volatile: a malloc() freed unused is
    // otherwise left out by the compiler)
    void *volatile block = std::malloc(256 << 10);
    std::free(block);
    const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const std::uintptr_t start = (before + hugePage - 1) & ~(hugePage - 1);
    const std::uintptr_t end = after & ~(hugePage - 1);
    if (before != std::uintptr_t(-1) && end > start)
        madvise(reinterpret_cast<void *>(start), end - start, MADV_HUGEPAGE);
    putSecondArenaOnHugePages(before);
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    putHeapOnHugePages();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("petmigrate"));
    QCoreApplication::setOrganizationName(QStringLiteral("PetManager"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return pm::runPetMigrate(QCoreApplication::arguments().mid(1), out, err, teardown);
}
