/* sandbox.c - the seccomp filter: no network, no exec (see sandbox.h). */
#include "prepgen/sandbox.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

#include "prepgen/arena.h"
#include "prepgen/limits.h"

#ifndef HAVE_SECCOMP
#define HAVE_SECCOMP 0
#endif
#if HAVE_SECCOMP
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#endif


#if HAVE_SECCOMP
/* What the process may not do, whatever a library or a crafted file
 * tries: talk to the network, run programs, inspect other processes, or
 * reach kernel interfaces a CV reader never needs.  io_uring is in the
 * list because its opcodes can connect sockets without the socket system
 * calls.  Names unknown on this architecture (socketcall multiplexing on
 * i386 is covered by libseccomp) are skipped. */
static const char *const denied_calls[] = {
    "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4",
    "sendto", "sendmsg", "sendmmsg", "recvfrom", "recvmsg", "recvmmsg",
    "execve", "execveat", "ptrace", "process_vm_readv", "process_vm_writev",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "bpf",
    "perf_event_open", "userfaultfd", "keyctl", "add_key", "request_key",
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns",
    "init_module", "finit_module", "delete_module", "kexec_load",
    "kexec_file_load", "reboot", "swapon", "swapoff", "open_by_handle_at",
    "fanotify_init", NULL};

static scmp_filter_ctx build_filter(struct prep_diag *d)
{
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (!ctx) {
    prep_diag_add(d, PREP_SEV_WARNING, NULL, NULL,
                  "cannot set up the sandbox (seccomp_init failed)");
    return NULL;
  }
  for (int i = 0; denied_calls[i]; i++) {
    if (PREP_SANITIZED && strcmp(denied_calls[i], "ptrace") == 0)
      continue; /* LeakSanitizer needs it at exit (sandbox.h) */
    int nr = seccomp_syscall_resolve_name(denied_calls[i]);
    if (nr == __NR_SCMP_ERROR)
      continue;
    int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
    if (rc != 0) {
      prep_diag_add(d, PREP_SEV_WARNING, NULL, NULL,
                    "cannot set up the sandbox (rule for %s: %s)",
                    denied_calls[i], strerror(-rc));
      seccomp_release(ctx);
      return NULL;
    }
  }
  return ctx;
}
#endif

int prep_sandbox_available(void)
{
  return HAVE_SECCOMP;
}

int prep_sandbox_prepare(struct prep_sandbox *sb, struct prep_diag *d)
{
  memset(sb, 0, sizeof *sb);
#if HAVE_SECCOMP
  scmp_filter_ctx ctx = build_filter(d);
  if (!ctx)
    return -1;
  /* libseccomp writes the program to a file descriptor: a memfd */
  int fd = memfd_create("prepgen-seccomp", MFD_CLOEXEC);
  int rc = fd < 0 ? -1 : seccomp_export_bpf(ctx, fd);
  seccomp_release(ctx);
  off_t size = rc == 0 ? lseek(fd, 0, SEEK_END) : -1;
  if (size <= 0 || size % (off_t)sizeof(struct sock_filter) != 0 ||
      size / (off_t)sizeof(struct sock_filter) > BPF_MAXINSNS) {
    if (fd >= 0)
      close(fd);
    prep_diag_add(d, PREP_SEV_WARNING, NULL, NULL,
                  "cannot set up the sandbox (filter export failed)");
    return -1;
  }
  sb->prog = prep_xmalloc((size_t)size);
  if (pread(fd, sb->prog, (size_t)size, 0) != size) {
    close(fd);
    prep_sandbox_free(sb);
    prep_diag_add(d, PREP_SEV_WARNING, NULL, NULL,
                  "cannot set up the sandbox (filter export failed)");
    return -1;
  }
  close(fd);
  sb->len = (size_t)size / sizeof(struct sock_filter);
  return 0;
#else
  prep_diag_add(d, PREP_SEV_WARNING, NULL, NULL,
                "built without libseccomp: no sandbox (network and exec "
                "stay possible)");
  return -1;
#endif
}

int prep_sandbox_apply(const struct prep_sandbox *sb)
{
#if HAVE_SECCOMP
  if (!sb->prog) {
    errno = EINVAL;
    return -1;
  }
  struct sock_fprog fp = {.len = (unsigned short)sb->len,
                          .filter = (struct sock_filter *)sb->prog};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return -1;
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp);
#else
  (void)sb;
  errno = ENOSYS;
  return -1;
#endif
}

void prep_sandbox_free(struct prep_sandbox *sb)
{
  free(sb->prog);
  sb->prog = NULL;
  sb->len = 0;
}

enum prep_status prep_sandbox_enter(struct prep_diag *d)
{
  struct prep_sandbox sb;
  if (prep_sandbox_prepare(&sb, d) != 0)
    return PREP_EINTERNAL;
  int rc = prep_sandbox_apply(&sb);
  int err = errno;
  prep_sandbox_free(&sb);
  if (rc != 0) {
    prep_diag_add(d, PREP_SEV_WARNING, NULL, NULL,
                  "cannot enter the sandbox: %s", strerror(err));
    return PREP_EINTERNAL;
  }
  return PREP_OK;
}
