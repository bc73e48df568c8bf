/* sandbox.h - a seccomp filter that takes networking and program execution
 * away from the process (owner: hardening, issue 8).
 *
 * prepgen reads files from strangers with large libraries (libxml2, libzip,
 * libharu).  Whatever a crafted file makes one of them do, the process
 * cannot open a socket, run a program, trace another process or reach
 * kernel interfaces a CV reader never needs: those calls fail with EPERM
 * (an error for the library, not a crash).  Files stay allowed: the reader
 * opens its CV, the data and the fonts, and writes its output.
 *
 * main.c enters the sandbox before the first input is opened, for every
 * action; batch workers enter it again after fork (batch.c), so the
 * library's batch runner is sandboxed even when not called from main.
 * Filters stack: entering twice is harmless.
 *
 * Sanitizer builds leave ptrace allowed, because LeakSanitizer stops the
 * process's threads with ptrace when it checks for leaks at exit.
 */
#ifndef PREPGEN_SANDBOX_H
#define PREPGEN_SANDBOX_H

#include <stddef.h>

#include "prepgen/diag.h"

/* The filter as raw BPF, built once (libseccomp, ~100 us) and installed
 * any number of times with two prctl() calls (no allocation). */
struct prep_sandbox {
  void *prog; /* struct sock_filter[], malloc'd; NULL when unavailable */
  size_t len; /* instructions */
};

/* Builds the filter.  Returns 0, or -1 with a warning in d (built without
 * libseccomp, or libseccomp failed); sb is then empty. */
int prep_sandbox_prepare(struct prep_sandbox *sb, struct prep_diag *d);

/* Installs a prepared filter in the calling thread (sets no_new_privs
 * first).  Async-signal-safe: fit for a child between fork and work.
 * Returns 0, or -1 (errno set) when sb is empty or the kernel refuses. */
int prep_sandbox_apply(const struct prep_sandbox *sb);

/* Frees the program; sb is empty afterwards. */
void prep_sandbox_free(struct prep_sandbox *sb);

/* prepare + apply + free.  Returns PREP_OK, or PREP_EINTERNAL with a
 * warning in d. */
enum prep_status prep_sandbox_enter(struct prep_diag *d);

/* 1 when built with libseccomp (HAVE_SECCOMP). */
int prep_sandbox_available(void);

#endif
