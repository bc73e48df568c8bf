/* batch.h - the batch runner: many CVs in, one output each, every CV in
 * its own forked, resource-limited, sandboxed worker (owner: batch, issue 7).
 *
 * The runner does not know what "processing a CV" means: the caller passes
 * a callback (prep_batch_fn) and a context (the shared read-only data,
 * loaded once before any fork).  For each input the runner
 *
 *   1. forks a worker; the worker sets resource limits (address space, CPU
 *      seconds, file size, open files, no core dumps), arms a wall-clock
 *      alarm and installs a seccomp filter (no sockets, no exec, no ptrace);
 *   2. calls fn(ctx, input, tmp_output, &res, &diag) in the worker; the
 *      callback writes its output to tmp_output (a path inside a private
 *      temporary folder in the output folder) and fills `res`, a small
 *      fixed-size record of aggregate data (ids from the data files and
 *      counts - never CV text);
 *   3. the worker sends res and the diagnostics to the parent through a
 *      pipe and exits; the parent renames tmp_output to OUTDIR/NAME only
 *      after a clean worker exit with PREP_OK, and deletes it otherwise.
 *
 * A crash, a limit hit or a hang is reported for that CV only and the batch
 * goes on.  SIGINT/SIGTERM stop starting new work, kill the workers, remove
 * every temporary file, keep the finished outputs, write the report and
 * make prep_batch_run return 128 + signal number (130 for Ctrl-C).
 *
 * Files the runner writes in OUTDIR (besides the outputs):
 *   prepgen-report.csv   one row per input: input,output,status,reason,seconds
 *   cohort.csv           with cohort_report: aggregate counts only
 *   cohort.pdf           with cohort_report and a cohort_pdf hook: the
 *                        coach report drawn from the same aggregate
 *   cohort-students.csv  with per_student: output name, family, level, grades
 * With --shard K/N these become prepgen-report-K-of-N.csv and so on, so
 * shards running on several machines can share one OUTDIR.
 * While running, temporary files live in OUTDIR/.prepgen-tmp-HOST-PID/,
 * which is removed at the end (also after Ctrl-C).
 *
 * Memory: nothing returned here needs freeing by the caller except what
 * prep_batch_plan() says.  batch.c and batch_report.c print to the log
 * stream (stderr by default): they are drivers, like main.c.
 */
#ifndef PREPGEN_BATCH_H
#define PREPGEN_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "prepgen/diag.h"

struct prep_arena;
struct prep_plan;

/* ---- the result record a worker sends back -------------------------- */

#define PREP_BATCH_ID_MAX 48        /* bytes of one id, NUL included */
#define PREP_BATCH_MAX_PRIORITIES 10
#define PREP_BATCH_MAX_CLAIMS 16
#define PREP_BATCH_MAX_TOPICS 128

/* One topic or theme row of the evidence map: tag id and grade
 * (enum prep_grade: 0 none, 1 weak, 2 medium, 3 strong). */
struct prep_batch_topic {
  char tag[PREP_BATCH_ID_MAX];
  unsigned char grade;
  unsigned char is_theme;
};

/* Aggregate data about one CV.  Plain data of fixed size (it crosses a
 * pipe).  Every string is an id from the data files (role, family,
 * question, skill, tag), copied through prep_batch_id_copy(): printable
 * ASCII only, NUL-terminated.  Never CV text. */
struct prep_batch_result {
  char role[PREP_BATCH_ID_MAX];   /* role id, "" when unknown */
  char family[PREP_BATCH_ID_MAX]; /* role family, "" when unknown */
  int level;                      /* enum prep_level, -1 when unknown */
  unsigned nquestions, nprimary, nstories, nclaims;
  unsigned nwarnings;             /* filled by the runner from the diag */
  unsigned npriorities;           /* question ids, highest priority first */
  char priorities[PREP_BATCH_MAX_PRIORITIES][PREP_BATCH_ID_MAX];
  unsigned nclaim_skills;         /* skill ids of claim risks */
  char claim_skills[PREP_BATCH_MAX_CLAIMS][PREP_BATCH_ID_MAX];
  unsigned ntopics;
  struct prep_batch_topic topics[PREP_BATCH_MAX_TOPICS];
  int as_of_year, as_of_month;    /* the CV's as-of month (facts), 0 = none */
  int general;                    /* the CV had too little text: its pack
                                     is general preparation, and it stays
                                     out of the cohort's aggregates */
};

/* Fills `res` from a plan (role, level, counts, priorities, claim risks,
 * topic grades).  For the callback, after ranking.  batch_report.c. */
void prep_batch_result_from_plan(struct prep_batch_result *res,
                                 const struct prep_plan *plan);

/* Copies id `src` into dst[PREP_BATCH_ID_MAX]: truncated, bytes outside
 * printable ASCII (and , " ;) become '_'.  NULL gives "". */
void prep_batch_id_copy(char *dst, const char *src);

/* ---- the callback --------------------------------------------------- */

/* Runs in the worker.  Writes the output to `tmp_output` (the file must
 * exist when it returns PREP_OK), fills `res`, records problems in `d`
 * (file name + reason, never CV text) and returns a status.  It may
 * allocate freely: the worker exits right after. */
typedef enum prep_status (*prep_batch_fn)(void *ctx, const char *input,
                                          const char *tmp_output,
                                          struct prep_batch_result *res,
                                          struct prep_diag *d);

/* ---- the cohort aggregate (--cohort-report) ------------------------- */

/* A count per key (role family, level, question id, skill id). */
struct prep_batch_count {
  const char *key;
  unsigned n;
};

/* A topic or theme across the cohort: how many CVs were graded on it and
 * how many of those had weak or no evidence. */
struct prep_batch_topic_stat {
  const char *tag;
  int is_theme;
  unsigned graded, none, weak, medium, strong;
  double share_weak_or_none; /* (none + weak) / graded */
};

/* One row of the per-student table (--per-student only): the pack's file
 * name in OUTDIR, ids and counts - never CV text. */
struct prep_batch_student {
  const char *output;     /* pack file name (no folder) */
  const char *family;     /* role family id, "unknown" when none */
  int level;              /* enum prep_level, -1 when unknown */
  unsigned npriorities;   /* prep priorities in the pack */
  unsigned nclaims;       /* claim risks in the pack */
  unsigned nthemes;       /* story themes graded */
  unsigned nthemes_thin;  /* of those, graded weak or none */
};

/* What cohort.csv holds; handed to the cohort chart hook.  Arrays are
 * sorted: counts by n descending then key; topics by share descending
 * then tag.  Lives in an arena owned by the runner, valid during the
 * hook call only. */
struct prep_batch_cohort {
  unsigned cvs;           /* inputs of this run (shard) */
  unsigned ok, failed, skipped, with_results;
  unsigned general;       /* packs of general preparation only (a CV with
                             too little text): not in the aggregates */
  unsigned with_warnings; /* CVs with at least one parse warning */
  unsigned warnings;      /* parse warnings in all */
  struct prep_batch_count *families;
  size_t nfamilies;
  unsigned levels[5];     /* junior, mid, senior, staff, unknown */
  struct prep_batch_topic_stat *topics;
  size_t ntopics;
  struct prep_batch_count *priorities; /* question ids */
  size_t npriorities;
  struct prep_batch_count *claims;     /* skill ids */
  size_t nclaims;
  int as_of_year, as_of_month; /* newest CV as-of month seen, 0 = none */
  struct prep_batch_student *students; /* --per-student: input order */
  size_t nstudents;
};

/* Draws the coach report to `path` (OUTDIR/cohort.pdf, or
 * cohort-K-of-N.pdf for a shard; see cohort.h).  Returns a status;
 * problems go to `d`. */
typedef enum prep_status (*prep_batch_cohort_fn)(
    void *ctx, const struct prep_batch_cohort *c, const char *path,
    struct prep_diag *d);

/* ---- options -------------------------------------------------------- */

/* Worker limits; 0 means the default shown. */
struct prep_batch_limits {
  unsigned cpu_seconds;        /* RLIMIT_CPU, 10 */
  unsigned wall_seconds;       /* alarm(), 15 */
  unsigned long long as_bytes; /* RLIMIT_AS, 1 GiB (not under ASan) */
  unsigned long long fsize_bytes; /* RLIMIT_FSIZE, 64 MiB */
  unsigned nofile;             /* RLIMIT_NOFILE, 64 */
};

struct prep_batch_opts {
  const char *const *inputs;   /* CV files and folders, as given */
  size_t ninputs;
  const char *from;            /* --from LIST, "-" = stdin, or NULL */
  const char *outdir;          /* -o DIR (created if missing, mode 0700) */
  const char *suffix;          /* output name suffix; NULL = ".pdf" */
  int jobs;                    /* -j N; 0 = number of CPUs */
  unsigned shard_k, shard_n;   /* --shard K/N (1-based); 0/0 = all */
  int skip_existing;           /* --skip-existing */
  const char *const *deps;     /* files/folders whose newest mtime an */
  size_t ndeps;                /* output must beat (data dir, --bank...) */
  int quiet;                   /* --quiet: failures and errors only */
  int progress;                /* -1 auto (bar on a terminal), 0 lines,
                                  1 bar, 2 nothing but failures */
  int cohort_report;           /* --cohort-report */
  int per_student;             /* --per-student */
  prep_batch_cohort_fn cohort_pdf; /* or NULL */
  void *cohort_ctx;
  struct prep_batch_limits limits;
  int no_sandbox;              /* tests only: skip the seccomp filter */
  int keep_worker_stderr;      /* 1: workers keep stderr (default: only in
                                  sanitizer builds, else /dev/null) */
  FILE *log;                   /* messages; NULL = stderr */
};

/* Runs the batch.  Returns the exit code: 0 every input produced its
 * output (or was skipped as up to date), 1 at least one failed or nothing
 * was found, 3 the output folder or the report cannot be written, 128+sig
 * when interrupted by SIGINT/SIGTERM.  Setup problems (bad output folder,
 * unreadable --from list) are recorded in `d`; per-CV problems are printed
 * to the log and written to the report. */
int prep_batch_run(const struct prep_batch_opts *o, prep_batch_fn fn,
                   void *ctx, struct prep_diag *d);

/* ---- building blocks (exposed for main.c and the unit tests) -------- */

enum prep_batch_state {
  PREP_BATCH_TODO,
  PREP_BATCH_OK,
  PREP_BATCH_FAILED,
  PREP_BATCH_SKIPPED
};

/* One input of the batch. */
struct prep_batch_job {
  const char *input;  /* path as given (folder entries: FOLDER/REL/PATH) */
  const char *output; /* file name in OUTDIR (no '/'), or NULL */
  const char *reason; /* why failed/skipped (or an ok pack is general
                         preparation), in words, or NULL */
  enum prep_batch_state state;
  double seconds;
  size_t result;      /* index of its per-student row or (size_t)-1 */
  int general;        /* ok, from a CV with too little text */
};

/* Collects the inputs (files as given; folders: every .docx/.txt inside,
 * recursively, sorted, skipping hidden names, Word lock files and every
 * symlink), drops repeated paths (skipped), names the outputs over the
 * WHOLE list (so shards agree) and keeps the shard.  *jobs lives in `a`.
 * Returns PREP_OK, or PREP_EINPUT when the --from list cannot be read. */
enum prep_status prep_batch_plan(const struct prep_batch_opts *o,
                                 struct prep_arena *a,
                                 struct prep_batch_job **jobs, size_t *n,
                                 struct prep_diag *d);

/* A safe output stem from an input name: the last path component (for
 * folder entries, the relative path with '/' as '_'), extension dropped;
 * no '/', no control, bidi or zero-width characters, no leading '.' or '-',
 * no trailing '.' or space, invalid UTF-8 replaced, at most 80 bytes,
 * never empty ("cv").  Writes into out[outsz]. */
void prep_batch_safe_stem(const char *name, char *out, size_t outsz);

/* Names outputs for stems[0..n): out[i] = stem + ["-2", "-3", ...] +
 * suffix, unique ignoring ASCII case, deterministic in input order, O(n).
 * `reserved` (NULL-terminated, may be NULL) are taken names ("cohort.pdf").
 * Strings live in `a`. */
void prep_batch_unique_names(const char *const *stems, size_t n,
                             const char *suffix,
                             const char *const *reserved,
                             struct prep_arena *a, const char **out);

/* FNV-1a 64 of the path as given. */
uint64_t prep_batch_hash(const char *s);

/* 1 when `path` belongs to shard k of n (1-based): hash % n == k - 1. */
int prep_batch_in_shard(const char *path, unsigned k, unsigned n);

/* Parses "K/N" (1 <= K <= N <= 100000).  0 on success, -1 otherwise. */
int prep_batch_parse_shard(const char *s, unsigned *k, unsigned *n);

/* --skip-existing test: 1 when `output` exists and its mtime is newer than
 * `input`'s and than `deps_mtime_ns` (ns since the epoch, 0 = none). */
int prep_batch_is_fresh(const char *input, const char *output,
                        int64_t deps_mtime_ns);

/* Newest mtime (ns) among paths (folders: recursively, depth <= 4). */
int64_t prep_batch_newest_mtime(const char *const *paths, size_t n);

/* Writes one CSV field: quoted when it holds , " CR LF or edge spaces;
 * control bytes and invalid UTF-8 as \xNN; a leading = + - @ gets a '
 * so spreadsheets do not run it as a formula.  Returns 0 or -1. */
int prep_batch_csv_field(FILE *f, const char *s);

/* Number of CPUs this process may use (sched affinity), at least 1. */
int prep_batch_cpus(void);

#endif
