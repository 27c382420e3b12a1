/* First touch of fresh memfd pages on this machine, for bench/pipeline-vs-gstreamer.sh.
 *
 * A pipeline's buffers are memfds; the first frame written into each one faults every page in (the
 * kernel allocates and zeroes it). This probe times exactly that: per pass, a new memfd of the given
 * size is mapped shared and written once with memset, on 1 and on 2 threads (each thread its own
 * page-aligned share), and the bytes written per second of the pass are printed: the best and the
 * median, in GB/s (10^9 bytes). It is the rate that bounds how soon a short run reaches its steady state.
 *
 * Usage: firsttouch [MiB] [passes]      Output, one line per thread count:
 *   threads=1 best_gbps=1.16 median_gbps=1.15 passes=5 mib=64
 * Build: cc -O2 -pthread -o firsttouch firsttouch.c
 */
#define _GNU_SOURCE
#define PROBE_NAME "firsttouch"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"

struct share {
    unsigned char *start;
    size_t bytes;
};

static void *touch(void *p)
{
    struct share *share = p;
    memset(share->start, 0x5a, share->bytes);
    return NULL;
}

/* One pass: a new memfd of `bytes`, written once on `threads` threads; returns GB/s, or -1. */
static double pass(size_t bytes, int threads)
{
    int fd = memfd_create("firsttouch", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, (off_t)bytes) != 0) {
        fprintf(stderr, "firsttouch: memfd of %zu bytes: %s\n", bytes, strerror(errno));
        return -1;
    }
    unsigned char *map = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) {
        fprintf(stderr, "firsttouch: mmap: %s\n", strerror(errno));
        close(fd);
        return -1;
    }
    size_t each = (bytes / (size_t)threads) & ~(size_t)4095;
    struct share shares[MAX_THREADS];
    pthread_t ids[MAX_THREADS];
    for (int t = 0; t < threads; t++)
        shares[t] = (struct share){ map + each * (size_t)t, t == threads - 1 ? bytes - each * (size_t)t : each };

    double begin = now_seconds();
    for (int t = 1; t < threads; t++) {
        int rc = pthread_create(&ids[t], NULL, touch, &shares[t]);
        if (rc != 0) {
            fprintf(stderr, "firsttouch: pthread_create: %s\n", strerror(rc));
            return -1;
        }
    }
    touch(&shares[0]);
    for (int t = 1; t < threads; t++)
        pthread_join(ids[t], NULL);
    double rate = (double)bytes / (now_seconds() - begin) / 1e9;

    /* Every page was written (and the writes cannot be optimised away: they are read here). */
    int ok = map[0] == 0x5a && map[bytes - 1] == 0x5a && map[bytes / 2] == 0x5a;
    munmap(map, bytes);
    close(fd);
    if (!ok) {
        fprintf(stderr, "firsttouch: the pages do not hold what was written\n");
        return -1;
    }
    return rate;
}

int main(int argc, char **argv)
{
    long mib = argc > 1 ? probe_parse_positive(argv[1], "MiB", 4096) : 64;
    int passes = argc > 2 ? (int)probe_parse_positive(argv[2], "passes", 1000) : 5;
    if (argc > 3) {
        fprintf(stderr, "usage: firsttouch [MiB] [passes]\n");
        return 2;
    }
    size_t bytes = (size_t)mib << 20;
    double *rates = malloc(sizeof(double) * (size_t)passes);
    if (rates == NULL)
        return 1;
    for (int threads = 1; threads <= MAX_THREADS; threads++) {
        for (int p = 0; p < passes; p++) {
            rates[p] = pass(bytes, threads);
            if (rates[p] < 0)
                return 1;
        }
        probe_print_rates(threads, rates, passes, mib);
    }
    free(rates);
    return 0;
}
