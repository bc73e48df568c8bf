#!/usr/bin/env python3
"""check-trace.py - judge an `strace -f -y` log of a prepgen run.

Usage: check-trace.py TRACE --read PATH... --write PATH... [--sandboxed PATH...]

Owner: hardening (issue 8); used by tests/privacy/strace.sh.  The trace
must come from `strace -f -y -qq -s 4096 -e trace=%network,%file,execve,prctl`.
Fails (exit 1, one line per problem) on:
  - any networking system call (socket, connect, bind, sendto, ...);
  - any execve but the first (prepgen itself);
  - any open of a file outside the --read and --write trees and the
    system allowlist below;
  - any change to the file system (mkdir, rename, unlink, ...) outside the
    --write trees;
  - with --sandboxed: an open of one of those files (the CVs of a batch)
    by a process that has not installed its seccomp filter first.

The system allowlist is what the dynamic loader and libc read, and nothing
else; each entry says why.  Paths are compared after joining them to the
directory strace shows for the dirfd and removing "." and ".." (symbolic
links are not followed: it is the name prepgen asked for that counts).
"""
import argparse
import os
import re
import sys

SYSTEM = [
    ('/etc/ld.so.cache', 'the dynamic loader: where the shared libraries are'),
    ('/etc/ld.so.preload', 'the dynamic loader checks it (absent here)'),
    ('/lib/', 'shared libraries (libxml2, libzip, libharu, ...)'),
    ('/lib64/', 'the dynamic loader itself'),
    ('/usr/lib/', 'shared libraries, iconv modules (gconv), compiled locales'),
    ('/usr/share/locale/', 'setlocale(): locale.alias'),
    ('/etc/localtime', 'localtime(): a CV file time becomes a month'),
    ('/usr/share/zoneinfo/', 'localtime(): the zone /etc/localtime names'),
    ('/proc/self/', 'the binary locates data/ through /proc/self/exe; '
                    'sanitizer builds read maps, cmdline and environ'),
    ('/dev/null', 'batch workers: standard input and output'),
    ('/dev/urandom', 'jansson seeds its hash tables (--facts, --plan JSON)'),
    ('/sys/devices/system/cpu/', 'sysconf(): CPU count for the default -j '
                                 '(a fallback: sched_getaffinity comes first)'),
]

NETWORK = {'socket', 'socketpair', 'connect', 'bind', 'listen', 'accept',
           'accept4', 'sendto', 'sendmsg', 'sendmmsg', 'recvfrom', 'recvmsg',
           'recvmmsg', 'getsockopt', 'setsockopt', 'getsockname',
           'getpeername', 'shutdown'}
OPENS = {'open', 'openat', 'openat2', 'creat', 'name_to_handle_at'}
CHANGES = {'mkdir', 'mkdirat', 'rename', 'renameat', 'renameat2', 'unlink',
           'unlinkat', 'rmdir', 'link', 'linkat', 'symlink', 'symlinkat',
           'truncate', 'chmod', 'fchmodat', 'chown', 'lchown', 'fchownat',
           'utime', 'utimes', 'utimensat', 'futimesat', 'mknod', 'mknodat'}

LINE = re.compile(r'^(\d+)\s+(?:<\.\.\. )?([a-z0-9_]+)(?:\(| resumed>)(.*)$')
# an argument: a dirfd as strace -y shows it, or a quoted string
ARG = re.compile(r'(AT_FDCWD<([^>]*)>|\d+<([^>]*)>|AT_FDCWD|"((?:[^"\\]|\\.)*)")')


def unescape(s):
    return bytes(s, 'utf-8').decode('unicode_escape').encode('latin-1').decode(
        'utf-8', 'replace')


def paths_of(call, rest, cwd):
    """The paths a call names, made absolute with its dirfd (or cwd)."""
    out = []
    base = cwd
    for m in ARG.finditer(rest):
        if m.group(4) is None:  # a dirfd
            base = m.group(2) or m.group(3) or cwd
            continue
        p = unescape(m.group(4))
        if p == '':
            continue  # AT_EMPTY_PATH: the fd itself
        out.append(os.path.normpath(os.path.join(base, p)))
        base = cwd  # renameat: the second path has its own dirfd
        if call in ('open', 'openat', 'openat2', 'creat', 'unlink', 'unlinkat',
                    'mkdir', 'mkdirat', 'rmdir', 'truncate', 'chmod',
                    'fchmodat', 'utimensat', 'mknod', 'mknodat'):
            break  # one path only (later strings are not paths)
    return out


def under(p, roots):
    for r in roots:
        r = os.path.normpath(r)
        if p == r or p.startswith(r.rstrip('/') + '/'):
            return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('trace')
    ap.add_argument('--cwd', default=os.getcwd())
    ap.add_argument('--read', nargs='*', default=[])
    ap.add_argument('--write', nargs='*', default=[])
    ap.add_argument('--sandboxed', nargs='*', default=[])
    a = ap.parse_args()
    system = [s for s, _ in SYSTEM]
    sys_files = [s for s in system if not s.endswith('/')]
    sys_dirs = [s for s in system if s.endswith('/')]
    problems = []
    execs = 0
    filtered = set()  # pids that installed a seccomp filter
    pending = set()   # pids whose PR_SET_SECCOMP has not returned yet
    sandboxed = {os.path.normpath(p) for p in a.sandboxed}
    nsandboxed_opens = 0
    with open(a.trace, encoding='utf-8', errors='replace') as f:
        for line in f:
            m = LINE.match(line)
            if not m:
                continue
            pid, call, rest = m.group(1), m.group(2), m.group(3)
            if ' resumed>' in line.split('(')[0]:
                # the arguments were on the "unfinished" line; only the
                # result of a pending prctl matters here
                if call == 'prctl' and pid in pending and \
                        line.rstrip().endswith('= 0'):
                    filtered.add(pid)
                pending.discard(pid)
                continue
            if call in NETWORK:
                problems.append('network call: ' + line.strip()[:200])
            elif call in ('execve', 'execveat'):
                execs += 1
                if execs > 1:
                    problems.append('runs a program: ' + line.strip()[:200])
            elif call == 'prctl' and 'PR_SET_SECCOMP' in rest:
                if rest.rstrip().endswith('= 0'):
                    filtered.add(pid)
                elif 'unfinished' in rest:
                    pending.add(pid)
            elif call in OPENS:
                for p in paths_of(call, rest, a.cwd):
                    if p in sandboxed:
                        nsandboxed_opens += 1
                        if pid not in filtered:
                            problems.append('CV opened outside the sandbox '
                                            '(pid %s): %s' % (pid, p))
                    if under(p, a.read) or under(p, a.write):
                        continue
                    if p in sys_files or under(p, sys_dirs):
                        continue
                    problems.append('opens %s: %s' % (p, line.strip()[:200]))
            elif call in CHANGES:
                if call in ('mkdir', 'mkdirat') and '= -1 EEXIST' in rest:
                    continue  # creating OUTDIR's parents, which exist
                for p in paths_of(call, rest, a.cwd):
                    if not under(p, a.write):
                        problems.append('changes %s: %s' % (p,
                                                            line.strip()[:200]))
    if execs == 0:
        problems.append('no execve in the trace: is it an strace -f log?')
    if sandboxed and nsandboxed_opens < len(sandboxed):
        problems.append('only %d of %d batch CVs were opened in the trace' %
                        (nsandboxed_opens, len(sandboxed)))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
