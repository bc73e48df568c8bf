#!/usr/bin/env python3
"""check-plan.py - role selection and career-change stories on the held-out CVs.

Owner: tests/heldout.  Stdlib only.
usage: check-plan.py --bin PREPGEN [--cvs DIR] [--truth DIR]

For each truth file it runs `prepgen --dump=plan --as-of ASOF CV` and checks
  * role: the "# role: X" line names the truth's x-truth.roleFamily
    (issue 9: the bank chosen matches the CV's role in >= 85 % of CVs);
  * pre-tech story: when x-truth.careerChange is set, a "story ... (pre-tech)"
    line names that job's position (issue 9: a career changer's pre-tech job
    appears as a story);
  * no false pre-tech: no story of the CV's latest job (the truth's first
    work position: every held-out CV is for a tech role) is marked
    "(pre-tech)".
Prints one line per CV and the totals; exit 1 when a target is missed.
"""
import argparse, json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', default=os.path.join(TOP, 'prepgen'))
    ap.add_argument('--cvs', default=os.path.join(HERE, 'cvs'))
    ap.add_argument('--truth', default=os.path.join(HERE, 'truth'))
    a = ap.parse_args()
    env = dict(os.environ)
    env.setdefault('PREPGEN_DATA', os.path.join(TOP, 'data'))
    role_ok = role_n = story_ok = story_n = 0
    false_pre = []
    for tf in sorted(os.listdir(a.truth)):
        if not tf.endswith('.json'):
            continue
        base = tf[:-5]
        cv = [f for f in os.listdir(a.cvs) if os.path.splitext(f)[0] == base]
        if len(cv) != 1:
            print(f'{base}: no CV'); continue
        t = json.load(open(os.path.join(a.truth, tf), encoding='utf-8'))
        xt = t['x-truth']
        p = subprocess.run([a.bin, '--dump=plan', '--as-of', xt.get('asOf', '2026-10'),
                            os.path.join(a.cvs, cv[0])], capture_output=True, env=env, timeout=60)
        out = p.stdout.decode('utf-8', 'replace')
        m = re.search(r'^# role: (\S+)', out, re.M)
        got = m.group(1) if m else f'(exit {p.returncode})'
        role_n += 1
        ok = got == xt['roleFamily']
        role_ok += ok
        line = f"{base}: role {got}{'' if ok else ' (want ' + xt['roleFamily'] + ')'}"
        cc = xt.get('careerChange')
        if cc:
            story_n += 1
            pos = cc['preTechPosition']
            hit = [l for l in out.splitlines() if l.startswith('story ') and '(pre-tech)' in l and pos in l]
            story_ok += bool(hit)
            line += f"; pre-tech story for {pos!r}: {'yes' if hit else 'NO'}"
        work = t.get('work') or []
        latest = work[0].get('position') if work else None
        if latest and any(l.startswith('story ') and '(pre-tech)' in l and
                          latest in l for l in out.splitlines()):
            false_pre.append(base)
            line += f"; the latest job {latest!r} is marked pre-tech"
        print(line)
    print('-' * 60)
    print(f'role selected = CV role: {role_ok}/{role_n} ({role_ok / role_n:.2f}, target 0.85)')
    if story_n:
        print(f'career changers with a pre-tech story: {story_ok}/{story_n}')
    print(f'latest (tech) jobs marked pre-tech: {len(false_pre)}')
    return 0 if (role_ok / role_n >= 0.85 and story_ok == story_n and
                 not false_pre) else 1


if __name__ == '__main__':
    sys.exit(main())
