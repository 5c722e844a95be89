/*
 * measure.c: run one program and report its wall time and rusage, for nkbench.
 *
 * Why a C helper: Linux charges a child's ru_maxrss with the RSS of the address space it
 * held before exec. posix_spawn (vfork) from nkbench, a Swift process of ~25 MiB, would put
 * a floor of nkbench's own peak under every measurement. This helper is ~1 MiB; it fork()s,
 * execs the program, and reads wait4()'s rusage of that child alone.
 *
 * Build: cc -O2 -o measure Benchmarks/measure.c
 * Usage: measure RESULT LOG PROGRAM [ARG...]
 *   stdin </dev/null, stdout and stderr appended to LOG; writes one line to RESULT:
 *   "wall_seconds user_seconds system_seconds maxrss_kib wait_status"
 * Exit status: 0 measured (whatever the program's status), 1 could not measure, 64 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s RESULT LOG PROGRAM [ARG...]\n", argv[0]);
        return 64;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "measure: fork: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int log = open(argv[2], O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (in < 0 || log < 0) {
            fprintf(stderr, "measure: open %s: %s\n", argv[2], strerror(errno));
            _exit(126);
        }
        dup2(in, 0);
        dup2(log, 1);
        dup2(log, 2);
        close(in);
        close(log);
        execv(argv[3], argv + 3);
        fprintf(stderr, "measure: exec %s: %s\n", argv[3], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "measure: wait4: %s\n", strerror(errno));
            return 1;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double wall = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    FILE *result = fopen(argv[1], "w");
    if (result == NULL) {
        fprintf(stderr, "measure: open %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    fprintf(result, "%.6f %ld.%06ld %ld.%06ld %ld %d\n", wall, (long)usage.ru_utime.tv_sec,
            (long)usage.ru_utime.tv_usec, (long)usage.ru_stime.tv_sec,
            (long)usage.ru_stime.tv_usec, usage.ru_maxrss, status);
    return fclose(result) == 0 ? 0 : 1;
}
