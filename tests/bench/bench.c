/* bench.c - run a command many times; report median and p90 wall time and
 * peak RSS.  Used by `make bench` (tests/bench/run.sh), which compares each
 * case with a do-nothing C process to get ratios that mean something on any
 * machine.
 *
 * usage: bench [-n RUNS] [-w WARMUP] [-o OUTFILE] -- CMD [ARGS...]
 * prints: median_ms p90_ms min_ms max_rss_kb
 * stdout of the command goes to OUTFILE (default /dev/null).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
  int runs = 200, warm = 10, i = 1;
  const char *outfile = "/dev/null";
  for (; i < argc; i++) {
    if (!strcmp(argv[i], "-n") && i + 1 < argc)
      runs = atoi(argv[++i]);
    else if (!strcmp(argv[i], "-w") && i + 1 < argc)
      warm = atoi(argv[++i]);
    else if (!strcmp(argv[i], "-o") && i + 1 < argc)
      outfile = argv[++i];
    else if (!strcmp(argv[i], "--")) {
      i++;
      break;
    }
  }
  if (i >= argc || runs < 1) {
    fprintf(stderr, "usage: bench [-n RUNS] [-w WARMUP] -- CMD [ARGS...]\n");
    return 2;
  }
  double *t = calloc((size_t)runs, sizeof *t);
  long max_rss = 0;
  for (int r = -warm; r < runs; r++) {
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
      int fd = open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int nul = open("/dev/null", O_WRONLY);
      if (fd >= 0)
        dup2(fd, 1);
      if (nul >= 0)
        dup2(nul, 2);
      execvp(argv[i], argv + i);
      _exit(127);
    }
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    double dt = now_ms() - t0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "bench: command failed (status %d)\n", status);
      return 1;
    }
    if (r >= 0) {
      t[r] = dt;
      if (ru.ru_maxrss > max_rss)
        max_rss = ru.ru_maxrss;
    }
  }
  qsort(t, (size_t)runs, sizeof *t, cmp_double);
  printf("%.3f %.3f %.3f %ld\n", t[runs / 2], t[(runs * 9) / 10], t[0],
         max_rss);
  free(t);
  return 0;
}
