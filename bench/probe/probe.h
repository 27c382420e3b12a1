/* What bench/probe's measurements share: their clock, their thread counts, their arguments and their one
 * line of output per thread count.
 * Each probe defines PROBE_NAME (its name, for error messages) before including this header. */
#ifndef PROBE_H
#define PROBE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Both probes measure on 1 and on 2 threads. */
#define MAX_THREADS 2

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int probe_compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* argv's text as a whole number from 1 to max, or a message and exit code 2. */
static long probe_parse_positive(const char *text, const char *what, long max)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || value <= 0 || value > max) {
        fprintf(stderr, PROBE_NAME ": %s '%s' is not a whole number from 1 to %ld\n", what, text, max);
        exit(2);
    }
    return value;
}

/* Sorts the passes' rates (GB/s) and prints the best and the median:
 *   threads=1 best_gbps=17.31 median_gbps=16.90 passes=10 mib=256 */
static void probe_print_rates(int threads, double *rates, int passes, long mib)
{
    qsort(rates, (size_t)passes, sizeof(double), probe_compare_doubles);
    double median = passes % 2 ? rates[passes / 2] : (rates[passes / 2 - 1] + rates[passes / 2]) / 2;
    printf("threads=%d best_gbps=%.2f median_gbps=%.2f passes=%d mib=%ld\n", threads, rates[passes - 1], median, passes, mib);
}

#endif
