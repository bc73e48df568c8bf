/* test_sandbox.c - the seccomp filter every run enters (sandbox.h): in a
 * forked child, networking, exec and (outside sanitizer builds) ptrace
 * fail with EPERM, while files, memory and fork keep working. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "prepgen/diag.h"
#include "prepgen/limits.h"
#include "prepgen/sandbox.h"

Suite *sandbox_suite(void);


/* Runs probe() in a child, after entering the sandbox when `enter`;
 * returns the child's exit code (a bit per refused call). */
static int in_child(int enter)
{
  fflush(NULL);
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    struct prep_diag d;
    prep_diag_init(&d);
    if (enter && prep_sandbox_enter(&d) != PREP_OK)
      _exit(100);
    int bits = 0;
    errno = 0;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0 && errno == EPERM)
      bits |= 1;
    int sv[2];
    errno = 0;
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 && errno == EPERM)
      bits |= 2;
    char *const argv[] = {(char *)"/nonexistent/prepgen-test", NULL};
    errno = 0;
    execv(argv[0], argv);
    if (errno == EPERM)
      bits |= 4;
    errno = 0;
    if (ptrace(PTRACE_PEEKUSER, getppid(), 0, 0) == -1 && errno == EPERM &&
        !PREP_SANITIZED)
      bits |= 8;
    /* what a reader needs still works: open, read, allocate, fork */
    int fd = open("/dev/null", O_RDONLY);
    char c;
    if (fd < 0 || read(fd, &c, 1) != 0)
      bits |= 16;
    if (fd >= 0)
      close(fd);
    void *p = malloc(1 << 20);
    if (!p)
      bits |= 16;
    free(p);
    pid_t g = fork();
    if (g == 0)
      _exit(0);
    int gst;
    if (g < 0 || waitpid(g, &gst, 0) != g)
      bits |= 16;
    prep_diag_free(&d);
    _exit(bits);
  }
  int st;
  ck_assert_int_eq(waitpid(pid, &st, 0), pid);
  ck_assert_msg(WIFEXITED(st), "child died of signal %d", WTERMSIG(st));
  return WEXITSTATUS(st);
}

START_TEST(sandbox_denies_network_and_exec)
{
  if (!prep_sandbox_available())
    return; /* built without libseccomp */
  int bits = in_child(1);
  ck_assert_int_ne(bits, 100);
  ck_assert_msg(bits & 1, "socket() was allowed in the sandbox");
  ck_assert_msg(bits & 2, "socketpair() was allowed in the sandbox");
  ck_assert_msg(bits & 4, "exec was allowed in the sandbox");
  if (!PREP_SANITIZED)
    ck_assert_msg(bits & 8, "ptrace was allowed in the sandbox");
  ck_assert_msg(!(bits & 16), "files, memory or fork broke in the sandbox");
}
END_TEST

/* Without the filter the same probes succeed (or fail otherwise): the
 * test above measures the filter, not the machine. */
START_TEST(sandbox_probes_pass_without_it)
{
  int bits = in_child(0);
  ck_assert_int_eq(bits & 7, 0);
  ck_assert_int_eq(bits & 16, 0);
}
END_TEST

START_TEST(sandbox_prepare_apply_free)
{
  if (!prep_sandbox_available())
    return;
  struct prep_diag d;
  prep_diag_init(&d);
  struct prep_sandbox sb;
  ck_assert_int_eq(prep_sandbox_prepare(&sb, &d), 0);
  ck_assert_ptr_nonnull(sb.prog);
  ck_assert_uint_gt(sb.len, 10);
  prep_sandbox_free(&sb);
  ck_assert_ptr_null(sb.prog);
  ck_assert_uint_eq(sb.len, 0);
  /* applying an empty filter is an error, not a crash */
  errno = 0;
  ck_assert_int_eq(prep_sandbox_apply(&sb), -1);
  ck_assert_int_eq(errno, EINVAL);
  ck_assert_uint_eq(d.count, 0);
  prep_diag_free(&d);
}
END_TEST

Suite *sandbox_suite(void)
{
  Suite *s = suite_create("sandbox");
  TCase *tc = tcase_create("seccomp");
  tcase_add_test(tc, sandbox_denies_network_and_exec);
  tcase_add_test(tc, sandbox_probes_pass_without_it);
  tcase_add_test(tc, sandbox_prepare_apply_free);
  suite_add_tcase(s, tc);
  return s;
}
