/* batch.c - the batch runner: inputs -> jobs -> forked, limited, sandboxed
 * workers -> outputs renamed into place, progress, report (see batch.h).
 *
 * Consumes a list of CV files and folders and a callback; produces one
 * output per input in OUTDIR plus prepgen-report.csv.  It knows nothing
 * about CVs: what a worker does is the callback's business, and what comes
 * back is a fixed-size record of ids and counts plus the error messages
 * (which by the diag.h contract never hold CV text).
 *
 * Inputs, names, shards and freshness are in batch_inputs.c; the CSV
 * files in batch_report.c; the seccomp filter in sandbox.c.  Sections
 * here: the worker; the parent loop; prep_batch_run.
 */
#include "prepgen/batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch_int.h"
#include "prepgen/arena.h"
#include "prepgen/limits.h"
#include "prepgen/sandbox.h"

/* Defaults of struct prep_batch_limits (SECURITY.md section 2): backstops
 * only; the readers' own limits should trip long before. */
#define DEF_CPU 10u
#define DEF_WALL 15u
#define DEF_AS (1024ull * 1024 * 1024)
#define DEF_FSIZE (64ull * 1024 * 1024)
#define DEF_NOFILE 64u

/* Workers at most (-j). */
#define MAX_JOBS 256
/* Error messages a worker sends back, and bytes of each string. */
#define WIRE_DIAGS 8
#define WIRE_STR 400
#define WIRE_MAX (sizeof(struct wire_head) + WIRE_DIAGS * (3 * WIRE_STR + 8))
#define WIRE_MAGIC 0x70726570u /* "prep" */
/* The reason column of a pack made from a CV with too little text. */
#define GENERAL_REASON                                                      \
  "too little text to be a CV: the pack is the role's general preparation"
/* Exit code of a worker that could not enter the sandbox. */
#define EXIT_NO_SANDBOX 71

/* ==== the worker ========================================================= */

/* What a worker sends: this head, then up to WIRE_DIAGS error messages as
 * (u16 where length, u16 message length, bytes). */
struct wire_head {
  uint32_t magic;
  int32_t status;
  uint32_t ndiag;
  uint32_t pad;
  struct prep_batch_result res;
};

static void put16(unsigned char *p, size_t v)
{
  p[0] = (unsigned char)(v & 0xFF);
  p[1] = (unsigned char)(v >> 8);
}

static size_t get16(const unsigned char *p)
{
  return (size_t)p[0] | ((size_t)p[1] << 8);
}

static size_t put_str(unsigned char *p, const char *s)
{
  size_t n = s ? strlen(s) : 0;
  if (n > WIRE_STR)
    n = WIRE_STR;
  put16(p, n);
  if (n)
    memcpy(p + 2, s, n);
  return n + 2;
}

static void write_all(int fd, const void *p, size_t n)
{
  const char *c = p;
  while (n > 0) {
    ssize_t w = write(fd, c, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return;
    c += w;
    n -= (size_t)w;
  }
}

struct runner; /* the parent's state, below */

static void set_limit(int res, rlim_t soft, rlim_t hard)
{
  struct rlimit rl = {soft, hard};
  (void)setrlimit(res, &rl);
}

struct worker_args {
  const struct prep_batch_opts *o;
  const struct prep_batch_limits *lim;
  prep_batch_fn fn;
  void *ctx;
  const char *input, *tmp;
  int wfd, devnull;
  pid_t parent;
  const sigset_t *mask;
  const struct prep_sandbox *sb;
};

static void worker_main(const struct worker_args *w)
{
  /* die with the parent: no orphan keeps writing after Ctrl-C or a kill */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != w->parent)
    _exit(1);
  /* default dispositions for everything: a handler inherited from the
   * caller (a test harness's SIGALRM handler, say) must not run here */
  for (int sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP)
      signal(sig, SIG_DFL);
  sigprocmask(SIG_SETMASK, w->mask, NULL);
  if (w->devnull >= 0) {
    dup2(w->devnull, STDIN_FILENO);
    dup2(w->devnull, STDOUT_FILENO);
    if (!w->o->keep_worker_stderr && !PREP_SANITIZED)
      dup2(w->devnull, STDERR_FILENO);
  }
  const struct prep_batch_limits *l = w->lim;
  /* SIGXCPU at the soft limit, SIGKILL one second later */
  set_limit(RLIMIT_CPU, l->cpu_seconds, l->cpu_seconds + 1);
  set_limit(RLIMIT_FSIZE, l->fsize_bytes, l->fsize_bytes);
  set_limit(RLIMIT_NOFILE, l->nofile, l->nofile);
  set_limit(RLIMIT_CORE, 0, 0); /* a core dump would hold the CV */
  if (!PREP_SANITIZED)
    set_limit(RLIMIT_AS, l->as_bytes, l->as_bytes);
  alarm(l->wall_seconds);
  if (w->sb->prog && prep_sandbox_apply(w->sb) != 0)
    _exit(EXIT_NO_SANDBOX);

  static struct wire_head head;
  static unsigned char tail[WIRE_DIAGS * (3 * WIRE_STR + 8)];
  struct prep_diag d;
  prep_diag_init(&d);
  memset(&head, 0, sizeof head);
  head.res.level = -1;
  enum prep_status st = w->fn(w->ctx, w->input, w->tmp, &head.res, &d);
  head.magic = WIRE_MAGIC;
  head.status = (int32_t)st;
  head.res.nwarnings = (unsigned)d.warnings;
  size_t t = 0;
  for (size_t i = 0; i < d.count && head.ndiag < WIRE_DIAGS; i++) {
    if (d.items[i].sev != PREP_SEV_ERROR)
      continue;
    t += put_str(tail + t, d.items[i].where);
    t += put_str(tail + t, d.items[i].msg);
    head.ndiag++;
  }
  write_all(w->wfd, &head, sizeof head);
  write_all(w->wfd, tail, t);
  /* _exit: no atexit handlers, no second flush of the parent's stdio
   * buffers, no leak check of memory the exit frees anyway */
  _exit(0);
}

/* ==== the parent loop ==================================================== */

static volatile sig_atomic_t got_stop, got_chld;

static void on_stop(int sig)
{
  if (!got_stop)
    got_stop = sig;
}

static void on_chld(int sig)
{
  (void)sig;
  got_chld = 1;
}

struct slot {
  pid_t pid;          /* 0 when free */
  int fd;             /* read end, -1 after EOF */
  size_t job;
  double t0;
  int killed;         /* the parent sent SIGKILL (wall backstop) */
  unsigned char *buf; /* WIRE_MAX bytes */
  size_t len;
  char *dir;          /* OUTDIR/.prepgen-tmp-HOST-PID/wN */
  char *tmp;          /* dir/OUTPUT */
};

struct runner {
  const struct prep_batch_opts *o;
  const char *outdir; /* o->outdir without trailing slashes */
  struct prep_batch_limits lim;
  prep_batch_fn fn;
  void *ctx;
  struct prep_arena *a;
  struct prep_batch_job *jobs;
  size_t n;
  struct slot *slots;
  int nslots, active;
  char *tmproot;
  FILE *log;
  int mode; /* 0 lines, 1 bar, 2 failures only */
  int bar_shown;
  unsigned done, ok, failed, skipped;
  unsigned general; /* ok, but from a CV with too little text */
  double t_start, last_draw;
  struct prep_sandbox sb;
  int devnull;
  pid_t parent;
  sigset_t mask; /* the caller's signal mask, for workers and ppoll */
  struct prep_batch_acc *acc;
};

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A file name for the log: control characters, C1 and bidi controls and
 * invalid UTF-8 escaped as \xNN so a crafted name cannot drive the
 * terminal or reorder the line. */
static void put_name(FILE *f, const char *s)
{
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned cp;
    size_t n = prep_batch_utf8_dec(p, &cp);
    if (n == 0 || cp < 0x20 || cp == 0x7F || (n > 1 && prep_batch_bad_cp(cp))) {
      size_t k = n ? n : 1;
      for (size_t i = 0; i < k; i++)
        fprintf(f, "\\x%02x", p[i]);
      p += k;
      continue;
    }
    fwrite(p, 1, n, f);
    p += n;
  }
}

static void clear_bar(struct runner *r)
{
  if (r->bar_shown) {
    fputs("\r\033[K", r->log);
    r->bar_shown = 0;
  }
}

static void draw_bar(struct runner *r, int force)
{
  double t = now_s();
  if (r->mode != 1 || (!force && t - r->last_draw < 0.1))
    return;
  r->last_draw = t;
  unsigned total = (unsigned)r->n, ran = r->ok + r->failed;
  double el = t - r->t_start;
  double rate = el > 0.05 ? ran / el : 0;
  char eta[32] = "--:--";
  if (rate > 0) {
    double rem = (total - r->done) / rate;
    snprintf(eta, sizeof eta, "%d:%02d", (int)(rem / 60), (int)rem % 60);
  }
  char bar[21];
  unsigned fill = total ? (unsigned)(20.0 * r->done / total) : 20;
  for (unsigned i = 0; i < 20; i++)
    bar[i] = i < fill ? '#' : '.';
  bar[20] = '\0';
  fprintf(r->log, "\r[%s] %u/%u, %u failed, %.1f CVs/s, ETA %s\033[K", bar,
          r->done, total, r->failed, rate, eta);
  fflush(r->log);
  r->bar_shown = 1;
}

/* Removes every file in a slot folder (what a killed worker left). */
static void empty_dir(const char *path)
{
  DIR *dir = opendir(path);
  if (!dir)
    return;
  struct dirent *e;
  int dfd = dirfd(dir);
  while ((e = readdir(dir)) != NULL)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      unlinkat(dfd, e->d_name, 0);
  closedir(dir);
}

static void report_line(struct runner *r, const struct prep_batch_job *j)
{
  if (j->state == PREP_BATCH_FAILED) {
    clear_bar(r);
    fputs("prepgen: ", r->log);
    put_name(r->log, j->input);
    fputs(": failed: ", r->log);
    put_name(r->log, j->reason ? j->reason : "unknown error");
    fputc('\n', r->log);
  } else if (r->mode == 0) {
    fputs("prepgen: ", r->log);
    put_name(r->log, j->input);
    if (j->state == PREP_BATCH_OK) {
      fputs(": ok -> ", r->log);
      put_name(r->log, j->output);
      fprintf(r->log, " (%.2f s)", j->seconds);
      if (j->reason) {
        fputs(": ", r->log);
        put_name(r->log, j->reason);
      }
      fputc('\n', r->log);
    } else {
      fputs(": skipped: ", r->log);
      put_name(r->log, j->reason ? j->reason : "");
      fputc('\n', r->log);
    }
  }
  fflush(r->log);
  draw_bar(r, 0);
}

static void finish_state(struct runner *r, struct prep_batch_job *j)
{
  r->done++;
  if (j->state == PREP_BATCH_OK && j->general)
    r->general++;
  if (j->state == PREP_BATCH_OK)
    r->ok++;
  else if (j->state == PREP_BATCH_FAILED)
    r->failed++;
  else
    r->skipped++;
  report_line(r, j);
}

/* "where: message" of the worker's first error, or the status in words. */
static const char *first_error(struct runner *r, const struct slot *s,
                               enum prep_status st)
{
  const struct wire_head *h = (const void *)s->buf;
  const unsigned char *p = s->buf + sizeof *h, *end = s->buf + s->len;
  if (h->ndiag > 0 && p + 2 <= end) {
    size_t wl = get16(p);
    if (p + 2 + wl + 2 <= end) {
      const char *where = (const char *)p + 2;
      const unsigned char *q = p + 2 + wl;
      size_t ml = get16(q);
      if (q + 2 + ml <= end && ml > 0) {
        if (wl)
          return prep_arena_printf(r->a, "%.*s: %.*s", (int)wl, where,
                                   (int)ml, (const char *)q + 2);
        return prep_arena_strndup(r->a, (const char *)q + 2, ml);
      }
    }
  }
  return prep_status_str(st);
}

static const char *signal_reason(struct runner *r, const struct slot *s,
                                 int sig, const struct rusage *ru)
{
  double cpu = (double)ru->ru_utime.tv_sec + ru->ru_utime.tv_usec / 1e6 +
               (double)ru->ru_stime.tv_sec + ru->ru_stime.tv_usec / 1e6;
  if (sig == SIGXCPU || (sig == SIGKILL && cpu >= r->lim.cpu_seconds))
    return prep_arena_printf(r->a, "ran past the %u s CPU limit",
                             r->lim.cpu_seconds);
  if (sig == SIGALRM || (sig == SIGKILL && s->killed))
    return prep_arena_printf(r->a, "ran past the %u s time limit",
                             r->lim.wall_seconds);
  if (sig == SIGXFSZ)
    return prep_arena_printf(r->a, "wrote more than the %llu MiB file "
                             "size limit", r->lim.fsize_bytes >> 20);
  if (sig == SIGSYS)
    return "stopped by the sandbox (a forbidden system call; a bug in "
           "prepgen; please report)";
  if (sig == SIGABRT)
    return prep_arena_printf(r->a, "worker stopped by signal %d (an internal "
                             "check failed or memory ran out; please "
                             "report)", sig);
  if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)
    return prep_arena_printf(r->a, "worker killed by signal %d from "
                             "outside", sig);
  return prep_arena_printf(r->a, "worker killed by signal %d (a bug in "
                           "prepgen; please report)", sig);
}

/* Moves a clean worker's output into place. */
static const char *commit(struct runner *r, struct slot *s,
                          struct prep_batch_job *j)
{
  char *final = prep_arena_printf(r->a, "%s/%s", r->outdir, j->output);
  struct stat so, si;
  if (lstat(s->tmp, &so) != 0 || !S_ISREG(so.st_mode))
    return "the worker wrote no output (a bug in prepgen; please report)";
  /* never replace an input: compare inodes, not names */
  if (stat(final, &so) == 0 && stat(j->input, &si) == 0 &&
      so.st_dev == si.st_dev && so.st_ino == si.st_ino)
    return "the output would overwrite the input file";
  if (rename(s->tmp, final) != 0)
    return prep_arena_printf(r->a, "cannot move the output into place: %s",
                             strerror(errno));
  return NULL;
}

static void drain(struct slot *s)
{
  while (s->fd >= 0) {
    unsigned char tmp[4096];
    size_t room = WIRE_MAX - s->len;
    ssize_t got = read(s->fd, room ? s->buf + s->len : tmp,
                       room ? room : sizeof tmp);
    if (got > 0) {
      if (room)
        s->len += (size_t)got;
      continue;
    }
    if (got < 0 && errno == EINTR)
      continue;
    if (got == 0 || errno != EAGAIN) {
      close(s->fd);
      s->fd = -1;
    }
    return;
  }
}

/* The worker of slot s has been reaped with `status`. */
static void finish_job(struct runner *r, struct slot *s, int status,
                       const struct rusage *ru)
{
  drain(s);
  if (s->fd >= 0) {
    close(s->fd);
    s->fd = -1;
  }
  struct prep_batch_job *j = &r->jobs[s->job];
  j->seconds = now_s() - s->t0;
  const struct wire_head *h = (const void *)s->buf;
  int whole = s->len >= sizeof *h && h->magic == WIRE_MAGIC;
  const char *why = NULL;
  if (got_stop && (WIFSIGNALED(status) || !whole)) {
    j->state = PREP_BATCH_SKIPPED;
    j->reason = "stopped (interrupted)";
  } else if (WIFSIGNALED(status)) {
    why = signal_reason(r, s, WTERMSIG(status), ru);
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_NO_SANDBOX) {
    why = "could not enter the sandbox";
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !whole) {
    why = "the worker ended without a result (a bug in prepgen; please "
          "report)";
  } else if (h->status != PREP_OK) {
    why = first_error(r, s, (enum prep_status)h->status);
  } else {
    why = commit(r, s, j);
  }
  if (j->state == PREP_BATCH_TODO) {
    j->state = why ? PREP_BATCH_FAILED : PREP_BATCH_OK;
    j->reason = why;
    if (!why && whole && h->res.general) {
      j->general = 1;
      j->reason = GENERAL_REASON;
    }
  }
  if (j->state != PREP_BATCH_OK) {
    unlink(s->tmp);
    empty_dir(s->dir);
  }
  if (whole && r->acc && j->state == PREP_BATCH_OK) {
    struct prep_batch_result res = h->res;
    /* a record from a worker is data from a process that read a hostile
     * file: terminate every string before use */
    res.role[PREP_BATCH_ID_MAX - 1] = res.family[PREP_BATCH_ID_MAX - 1] = 0;
    for (int i = 0; i < PREP_BATCH_MAX_PRIORITIES; i++)
      res.priorities[i][PREP_BATCH_ID_MAX - 1] = 0;
    for (int i = 0; i < PREP_BATCH_MAX_CLAIMS; i++)
      res.claim_skills[i][PREP_BATCH_ID_MAX - 1] = 0;
    for (int i = 0; i < PREP_BATCH_MAX_TOPICS; i++)
      res.topics[i].tag[PREP_BATCH_ID_MAX - 1] = 0;
    j->result = prep_batch_acc_add(r->acc, &res);
  }
  s->pid = 0;
  s->len = 0;
  r->active--;
  finish_state(r, j);
}

static int start_job(struct runner *r, struct slot *s, size_t ji)
{
  struct prep_batch_job *j = &r->jobs[ji];
  s->tmp = prep_arena_printf(r->a, "%s/%s", s->dir, j->output);
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0)
    return -1;
  fflush(r->log);
  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    close(p[0]);
    close(p[1]);
    errno = e;
    return -1;
  }
  if (pid == 0) {
    close(p[0]);
    for (int i = 0; i < r->nslots; i++)
      if (r->slots[i].pid && r->slots[i].fd >= 0)
        close(r->slots[i].fd);
    struct worker_args w = {.o = r->o, .lim = &r->lim, .fn = r->fn,
                            .ctx = r->ctx, .input = j->input, .tmp = s->tmp,
                            .wfd = p[1], .devnull = r->devnull,
                            .parent = r->parent, .mask = &r->mask,
                            .sb = &r->sb};
    worker_main(&w);
  }
  close(p[1]);
  fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
  s->pid = pid;
  s->fd = p[0];
  s->job = ji;
  s->t0 = now_s();
  s->killed = 0;
  s->len = 0;
  r->active++;
  return 0;
}

static void reap(struct runner *r, int block)
{
  for (int i = 0; i < r->nslots; i++) {
    struct slot *s = &r->slots[i];
    if (!s->pid)
      continue;
    int status;
    struct rusage ru;
    pid_t w = wait4(s->pid, &status, block ? 0 : WNOHANG, &ru);
    if (w == s->pid)
      finish_job(r, s, status, &ru);
  }
}

static void run_loop(struct runner *r, int64_t deps_ns)
{
  size_t next = 0;
  struct pollfd *pfd = prep_xcalloc((size_t)r->nslots, sizeof *pfd);
  int *who = prep_xcalloc((size_t)r->nslots, sizeof *who);
  sigset_t waitmask = r->mask;
  sigdelset(&waitmask, SIGINT);
  sigdelset(&waitmask, SIGTERM);
  sigdelset(&waitmask, SIGCHLD);
  for (;;) {
    if (got_stop && r->active) {
      for (int i = 0; i < r->nslots; i++)
        if (r->slots[i].pid)
          kill(r->slots[i].pid, SIGKILL);
      reap(r, 1);
      break;
    }
    while (!got_stop && next < r->n && r->active < r->nslots) {
      struct prep_batch_job *j = &r->jobs[next];
      if (j->state != PREP_BATCH_TODO) { /* repeats, unreadable folders */
        next++;
        finish_state(r, j);
        continue;
      }
      char *final = prep_arena_printf(r->a, "%s/%s", r->outdir,
                                      j->output);
      if (r->o->skip_existing &&
          prep_batch_is_fresh(j->input, final, deps_ns)) {
        j->state = PREP_BATCH_SKIPPED;
        j->reason = "up to date";
        next++;
        finish_state(r, j);
        continue;
      }
      int k = 0;
      while (r->slots[k].pid)
        k++;
      if (start_job(r, &r->slots[k], next) != 0) {
        if (r->active > 0)
          break; /* out of processes: wait for one to end */
        j->state = PREP_BATCH_FAILED;
        j->reason = prep_arena_printf(r->a, "cannot start a worker: %s",
                                      strerror(errno));
        finish_state(r, j);
      }
      next++;
    }
    if (r->active == 0 && (got_stop || next >= r->n))
      break;
    /* wait for output, a worker's end, a signal, a deadline or a redraw */
    double t = now_s(), wait = r->mode == 1 ? 0.2 : 5.0;
    int np = 0;
    for (int i = 0; i < r->nslots; i++) {
      struct slot *s = &r->slots[i];
      if (!s->pid)
        continue;
      double dl = s->t0 + r->lim.wall_seconds + 2 - t;
      if (dl <= 0 && !s->killed) {
        kill(s->pid, SIGKILL); /* the alarm did not end it: backstop */
        s->killed = 1;
      }
      if (dl > 0 && dl < wait)
        wait = dl;
      if (s->fd >= 0) {
        pfd[np].fd = s->fd;
        pfd[np].events = POLLIN;
        who[np++] = i;
      }
    }
    struct timespec ts = {(time_t)wait, (long)((wait - (time_t)wait) * 1e9)};
    got_chld = 0;
    int rc = ppoll(pfd, (nfds_t)np, &ts, &waitmask);
    if (rc > 0)
      for (int i = 0; i < np; i++)
        if (pfd[i].revents)
          drain(&r->slots[who[i]]);
    reap(r, 0);
    draw_bar(r, 0);
  }
  /* inputs never started */
  free(pfd);
  free(who);
}

/* ==== prep_batch_run ===================================================== */

static int mkdir_p(char *path, mode_t mode)
{
  for (char *p = path + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    int rc = mkdir(path, mode);
    *p = '/';
    if (rc != 0 && errno != EEXIST)
      return -1;
  }
  if (mkdir(path, mode) != 0 && errno != EEXIST)
    return -1;
  struct stat st;
  if (stat(path, &st) != 0)
    return -1;
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    return -1;
  }
  return 0;
}

static void remove_tmp(struct runner *r)
{
  if (!r->tmproot)
    return;
  for (int i = 0; i < r->nslots; i++) {
    empty_dir(r->slots[i].dir);
    rmdir(r->slots[i].dir);
  }
  empty_dir(r->tmproot);
  rmdir(r->tmproot);
}

static const char *host_tag(struct prep_arena *a)
{
  char h[256] = "";
  if (gethostname(h, sizeof h - 1) != 0)
    h[0] = '\0';
  h[sizeof h - 1] = '\0';
  size_t k = 0;
  for (; k < 32 && h[k]; k++)
    if (!prep_batch_ascii_ok((unsigned char)h[k]) || h[k] == '.')
      break;
  h[k] = '\0';
  return prep_arena_strdup(a, k ? h : "host");
}

/* "prepgen-report.csv", or "prepgen-report-K-of-N.csv" for a shard. */
static char *out_file_ext(struct runner *r, const char *stem,
                          const char *ext)
{
  if (r->o->shard_n)
    return prep_arena_printf(r->a, "%s/%s-%u-of-%u%s", r->outdir, stem,
                             r->o->shard_k, r->o->shard_n, ext);
  return prep_arena_printf(r->a, "%s/%s%s", r->outdir, stem, ext);
}

static char *out_file(struct runner *r, const char *stem)
{
  return out_file_ext(r, stem, ".csv");
}

static void summary(struct runner *r, const char *report)
{
  unsigned untouched = (unsigned)r->n - r->done;
  if (r->o->quiet && !r->failed && !got_stop)
    return;
  fprintf(r->log, "prepgen: %s%u pack%s written", got_stop ? "interrupted: "
                                                           : "",
          r->ok, r->ok == 1 ? "" : "s");
  if (r->general)
    fprintf(r->log, " (%u from too little text: general preparation)",
            r->general);
  if (r->skipped)
    fprintf(r->log, ", %u skipped", r->skipped);
  fprintf(r->log, ", %u failed", r->failed);
  if (untouched)
    fprintf(r->log, ", %u not started", untouched);
  if (report) {
    fputs(" (see ", r->log);
    put_name(r->log, report);
    fputc(')', r->log);
  }
  fputc('\n', r->log);
  fflush(r->log);
}

static void fill_limits(struct prep_batch_limits *l,
                        const struct prep_batch_limits *in)
{
  l->cpu_seconds = in->cpu_seconds ? in->cpu_seconds : DEF_CPU;
  l->wall_seconds = in->wall_seconds ? in->wall_seconds : DEF_WALL;
  l->as_bytes = in->as_bytes ? in->as_bytes : DEF_AS;
  l->fsize_bytes = in->fsize_bytes ? in->fsize_bytes : DEF_FSIZE;
  l->nofile = in->nofile ? in->nofile : DEF_NOFILE;
}

static int setup(struct runner *r, struct prep_diag *d)
{
  const struct prep_batch_opts *o = r->o;
  char *dir = prep_arena_strdup(r->a, r->outdir);
  if (mkdir_p(dir, 0700) != 0) {
    prep_diag_add(d, PREP_SEV_ERROR, o->outdir, NULL,
                  "cannot create the output folder: %s", strerror(errno));
    return -1;
  }
  r->tmproot = prep_arena_printf(r->a, "%s/.prepgen-tmp-%s-%ld", r->outdir,
                                 host_tag(r->a), (long)getpid());
  if (mkdir(r->tmproot, 0700) != 0) {
    prep_diag_add(d, PREP_SEV_ERROR, o->outdir, NULL,
                  "cannot write in the output folder: %s", strerror(errno));
    r->tmproot = NULL;
    return -1;
  }
  r->slots = prep_arena_alloc(r->a, (size_t)r->nslots * sizeof *r->slots);
  for (int i = 0; i < r->nslots; i++) {
    struct slot *s = &r->slots[i];
    s->fd = -1;
    s->buf = prep_arena_alloc(r->a, WIRE_MAX);
    s->dir = prep_arena_printf(r->a, "%s/w%d", r->tmproot, i);
    if (mkdir(s->dir, 0700) != 0) {
      prep_diag_add(d, PREP_SEV_ERROR, o->outdir, NULL,
                    "cannot write in the output folder: %s", strerror(errno));
      return -1;
    }
  }
  return 0;
}

int prep_batch_run(const struct prep_batch_opts *o, prep_batch_fn fn,
                   void *ctx, struct prep_diag *d)
{
  struct runner r;
  memset(&r, 0, sizeof r);
  r.o = o;
  r.fn = fn;
  r.ctx = ctx;
  r.log = o->log ? o->log : stderr;
  r.devnull = -1;
  r.parent = getpid();
  fill_limits(&r.lim, &o->limits);
  if (!o->outdir || !*o->outdir) {
    prep_diag_add(d, PREP_SEV_ERROR, NULL, NULL,
                  "a batch needs an output folder (-o DIR/)");
    return PREP_EXIT_USAGE;
  }
  r.a = prep_arena_new();
  char *od = prep_arena_strdup(r.a, o->outdir);
  for (size_t k = strlen(od); k > 1 && od[k - 1] == '/'; k--)
    od[k - 1] = '\0';
  r.outdir = od;
  int rc = PREP_EXIT_OK;
  if (prep_batch_plan(o, r.a, &r.jobs, &r.n, d) != PREP_OK) {
    rc = PREP_EXIT_INPUT;
    goto out;
  }
  if (r.n == 0 && !o->shard_n) {
    prep_diag_add(d, PREP_SEV_ERROR, NULL, NULL, "no CV files found");
    rc = PREP_EXIT_INPUT;
    goto out;
  }
  /* an empty shard still writes its (empty) report: job arrays expect
   * one file per shard */
  int jobs = o->jobs > 0 ? o->jobs : prep_batch_cpus();
  if (jobs > MAX_JOBS)
    jobs = MAX_JOBS;
  r.nslots = (size_t)jobs > r.n ? (int)r.n : jobs;
  if (r.nslots < 1)
    r.nslots = 1;
  if (setup(&r, d) != 0) {
    rc = PREP_EXIT_DATA;
    goto out;
  }
  int tty = isatty(fileno(r.log));
  r.mode = o->progress >= 0 ? o->progress : (tty ? 1 : 0);
  if (o->quiet)
    r.mode = 2;
  if (!o->no_sandbox)
    prep_sandbox_prepare(&r.sb, d);
  r.devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (o->cohort_report)
    r.acc = prep_batch_acc_new(r.a, o->per_student);
  int64_t deps_ns = o->skip_existing
                        ? prep_batch_newest_mtime(o->deps, o->ndeps) : 0;

  /* Signals: blocked except inside ppoll, so the loop sees each one at a
   * known point and never between fork and bookkeeping. */
  struct sigaction sa, old_int, old_term, old_chld;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_stop;
  got_stop = 0;
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  sa.sa_handler = on_chld;
  sa.sa_flags = SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, &old_chld);
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGCHLD);
  sigprocmask(SIG_BLOCK, &block, &r.mask);

  r.t_start = now_s();
  run_loop(&r, deps_ns);
  draw_bar(&r, 1);
  clear_bar(&r);
  remove_tmp(&r); /* no worker is left: nothing can write there now */

  sigprocmask(SIG_SETMASK, &r.mask, NULL);
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  sigaction(SIGCHLD, &old_chld, NULL);

  /* The report (and the cohort files) go through a temp file in OUTDIR,
   * renamed into place: a reader never sees half a report. */
  char *report = out_file(&r, "prepgen-report");
  if (prep_batch_write_report(report, r.outdir, r.jobs, r.n) != 0) {
    prep_diag_add(d, PREP_SEV_ERROR, report, NULL, "cannot write: %s",
                  strerror(errno));
    rc = PREP_EXIT_DATA;
    report = NULL;
  }
  if (r.acc && !got_stop) {
    const struct prep_batch_cohort *c = prep_batch_acc_finish(r.acc, r.jobs,
                                                              r.n);
    char *cp = out_file(&r, "cohort");
    if (prep_batch_write_cohort(cp, r.outdir, c) != 0) {
      prep_diag_add(d, PREP_SEV_ERROR, cp, NULL, "cannot write: %s",
                    strerror(errno));
      rc = PREP_EXIT_DATA;
    }
    if (o->per_student) {
      char *sp = out_file(&r, "cohort-students");
      if (prep_batch_write_students(sp, r.outdir, r.acc, r.jobs, r.n) != 0) {
        prep_diag_add(d, PREP_SEV_ERROR, sp, NULL, "cannot write: %s",
                      strerror(errno));
        rc = PREP_EXIT_DATA;
      }
    }
    if (o->cohort_pdf &&
        o->cohort_pdf(o->cohort_ctx, c, out_file_ext(&r, "cohort", ".pdf"),
                      d) != PREP_OK &&
        rc == PREP_EXIT_OK)
      rc = PREP_EXIT_DATA;
  }
  summary(&r, report);
  if (got_stop)
    rc = 128 + got_stop;
  else if (rc == PREP_EXIT_OK && r.failed)
    rc = PREP_EXIT_INPUT;
out:
  if (r.devnull >= 0)
    close(r.devnull);
  remove_tmp(&r);
  prep_sandbox_free(&r.sb);
  prep_batch_acc_free(r.acc);
  prep_arena_free(r.a);
  return rc;
}
