/* Copy bandwidth of this machine, for the bound of bench/pipeline-vs-gstreamer.sh.
 *
 * Copies a buffer far larger than the caches (256 MiB by default) with memcpy, over and over, on
 * 1 and on 2 threads (each thread copies its own contiguous share), and prints the bytes copied
 * per second of each pass: the best and the median, in GB/s (10^9 bytes).
 *
 * C and glibc's memcpy on purpose: it is the copy every framework's "copy the frame" ends in, tuned
 * per CPU (AVX, ERMS), with no runtime or JIT between the measurement and the memory.
 *
 * Usage: copybw [MiB] [passes]      Output, one line per thread count:
 *   threads=1 best_gbps=17.31 median_gbps=16.90 passes=10 mib=256
 * Build: cc -O2 -pthread -o copybw copybw.c
 */
#define _GNU_SOURCE
#define PROBE_NAME "copybw"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "probe.h"

struct share {
    unsigned char *dst;
    const unsigned char *src;
    size_t bytes;
};

struct pool {
    pthread_barrier_t start;
    pthread_barrier_t done;
    struct share shares[MAX_THREADS];
    int threads;
    int passes;
};

struct worker_arg {
    struct pool *pool;
    int index;
};

static void *worker(void *p)
{
    struct worker_arg *arg = p;
    struct share *share = &arg->pool->shares[arg->index];
    for (int pass = 0; pass < arg->pool->passes; pass++) {
        pthread_barrier_wait(&arg->pool->start);
        memcpy(share->dst, share->src, share->bytes);
        pthread_barrier_wait(&arg->pool->done);
    }
    return NULL;
}

/* Runs `passes` timed copies of `bytes` split over `threads` threads; fills rates[] in GB/s. */
static int measure(unsigned char *dst, const unsigned char *src, size_t bytes, int threads, int passes,
                   double *rates)
{
    struct pool pool = { .threads = threads, .passes = passes };
    pthread_t ids[MAX_THREADS];
    struct worker_arg args[MAX_THREADS];
    /* Shares on 4 KiB boundaries so no two threads write the same page. */
    size_t share = (bytes / (size_t)threads) & ~(size_t)4095;

    if (pthread_barrier_init(&pool.start, NULL, (unsigned)threads + 1) != 0
        || pthread_barrier_init(&pool.done, NULL, (unsigned)threads + 1) != 0) {
        fprintf(stderr, "copybw: pthread_barrier_init failed\n");
        return -1;
    }
    for (int t = 0; t < threads; t++) {
        size_t offset = share * (size_t)t;
        pool.shares[t] = (struct share){ dst + offset, src + offset, t == threads - 1 ? bytes - offset : share };
        args[t] = (struct worker_arg){ &pool, t };
        int rc = pthread_create(&ids[t], NULL, worker, &args[t]);
        if (rc != 0) {
            fprintf(stderr, "copybw: pthread_create: %s\n", strerror(rc));
            return -1;
        }
    }
    for (int pass = 0; pass < passes; pass++) {
        /* The clock is read before the workers are released, not after: this thread may be scheduled
         * out at the barrier while they copy, and a late start made a pass look up to a thousand
         * times faster than memory (best passes of 10,000+ GB/s on 2 threads). The workers' wake-up
         * now counts in the pass, microseconds against milliseconds of copying. */
        double begin = now_seconds();
        pthread_barrier_wait(&pool.start);
        pthread_barrier_wait(&pool.done);
        rates[pass] = (double)bytes / (now_seconds() - begin) / 1e9;
    }
    for (int t = 0; t < threads; t++)
        pthread_join(ids[t], NULL);
    pthread_barrier_destroy(&pool.start);
    pthread_barrier_destroy(&pool.done);
    return 0;
}

int main(int argc, char **argv)
{
    long mib = argc > 1 ? probe_parse_positive(argv[1], "MiB", 16384) : 256;
    int passes = argc > 2 ? (int)probe_parse_positive(argv[2], "passes", 1000) : 10;
    if (argc > 3) {
        fprintf(stderr, "usage: copybw [MiB] [passes]\n");
        return 2;
    }
    size_t bytes = (size_t)mib << 20;
    unsigned char *src = aligned_alloc(4096, bytes);
    unsigned char *dst = aligned_alloc(4096, bytes);
    double *rates = malloc(sizeof(double) * (size_t)passes);
    if (src == NULL || dst == NULL || rates == NULL) {
        fprintf(stderr, "copybw: cannot allocate 2 x %ld MiB\n", mib);
        return 1;
    }
    /* Touch every page first, so the passes time copies, not page faults. */
    for (size_t i = 0; i < bytes; i++)
        src[i] = (unsigned char)(i * 131u + 7u);
    memset(dst, 0, bytes);

    for (int threads = 1; threads <= MAX_THREADS; threads++) {
        /* One untimed pass warms the TLB and the thread start. */
        if (measure(dst, src, bytes, threads, 1, rates) != 0 || measure(dst, src, bytes, threads, passes, rates) != 0)
            return 1;
        probe_print_rates(threads, rates, passes, mib);
    }
    /* The copy must have happened (and cannot be optimised away: its result is read here). */
    if (memcmp(src, dst, bytes) != 0) {
        fprintf(stderr, "copybw: the copy differs from its source\n");
        return 1;
    }
    free(rates);
    free(dst);
    free(src);
    return 0;
}
