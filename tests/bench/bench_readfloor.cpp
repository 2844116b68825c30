// The read floor of bench_revisions.sh: list a versions/ folder and read
// every *.py file in it once (open, read, close), as little as any tool
// that reads the scripts must do. Plain POSIX, no Qt, so the floor is not
// raised by a library's start-up.
#include <cstdio>
#include <cstring>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: bench_readfloor VERSIONS_DIR\n");
        return 2;
    }
    static char buffer[65536];
    char path[4096];
    long long bytes = 0;
    int files = 0;
    DIR *dir = opendir(argv[1]);
    if (!dir) {
        std::perror(argv[1]);
        return 1;
    }
    while (const dirent *e = readdir(dir)) {
        const size_t n = std::strlen(e->d_name);
        if (n < 3 || std::strcmp(e->d_name + n - 3, ".py") != 0)
            continue;
        std::snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
        const int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        ssize_t got;
        while ((got = read(fd, buffer, sizeof buffer)) > 0)
            bytes += got;
        close(fd);
        ++files;
    }
    closedir(dir);
    std::printf("%d files, %lld bytes\n", files, bytes);
    return 0;
}
