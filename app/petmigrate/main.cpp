// petmigrate: Alembic's command line for Pet Manager projects.
#include <QCoreApplication>
#include <QTextStream>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

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
    // `upgrade heads --sql` 0.285 s against 0.203 s). Its own arena is on
    // 4 KiB pages, some 800 page faults more, which costs far less.
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
