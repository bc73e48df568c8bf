#!/usr/bin/env python3
"""check-extract-data.py - validate the fact-extraction data files (issue 3).

Owner: facts data (data/skills.tsv, themes.tsv, sections.tsv, months.tsv,
titles.tsv).  Python 3 standard library only.

Checks column counts, id and alias shapes, that every tag exists in
data/tags.tsv with the right kind, that every topic tag is reachable from a
skill or a theme phrase, that every theme tag has at least two phrases, that
every pattern compiles (Python `re` as a proxy for PCRE2) and is bounded,
that no surface form belongs to two skills, and runs a small reference
matcher over trap lines ("go-to-market", "R&D", "excel at" ...) to prove the
taxonomy cannot report them without corroboration.

usage: tools/check-extract-data.py [--data DIR] [--dict WORDLIST] [-v]
  --dict  optional word list (e.g. /usr/share/dict/words): warn about
          single-word surface forms that are English words but neither weak
          nor in an ambiguous skill.  Warnings never fail the run.
exit status: 0 clean, 1 errors found, 2 usage or missing file.
"""

import argparse
import os
import re
import sys
import unicodedata

CATEGORIES = {"language", "framework", "library", "datastore", "cloud", "tool",
              "platform", "practice", "methodology", "certification"}
FLAGS = {"ambiguous", "case", "strong"}
SECTIONS = {"experience", "skills", "projects", "education", "certifications",
            "summary", "languages", "interests", "volunteering", "awards",
            "publications", "contact", "references"}
FAMILIES = {"backend", "frontend", "fullstack", "data-engineering",
            "data-science", "data-analysis", "devops-sre", "mobile", "qa", "ml",
            "security", "management", "generalist"}
SENIORITY = {"intern", "junior", "mid", "senior", "staff", "principal", "lead",
             "manager"}
TITLE_NOUN_VALUES = {"tech", "other", "either"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Words that the issue names as traps; each must be weak (ambiguous skill or
# '~' alias) wherever it appears as a surface form.
TRAP_WORDS = {"go", "c", "r", "d", "swift", "rust", "ruby", "spring", "react",
              "express", "excel", "access", "kafka", "java", "scala", "word",
              "sales", "oracle", "snowflake", "flask", "rails", "chef",
              "puppet", "node", "spark", "vue", "elm", "julia", "dart"}


class Report:
    def __init__(self, verbose):
        self.errors = 0
        self.warnings = 0
        self.verbose = verbose

    def error(self, where, msg):
        self.errors += 1
        print(f"{where}: error: {msg}")

    def warn(self, where, msg):
        self.warnings += 1
        if self.verbose:
            print(f"{where}: warning: {msg}")


def read_rows(path, rep, ncols):
    """Yield (lineno, fields) for each record line; report bad shapes."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        print(f"{path}: cannot read: {exc}")
        sys.exit(2)
    if text.startswith("\ufeff"):
        rep.error(path, "file starts with a BOM")
    for no, line in enumerate(text.split("\n"), 1):
        if line.endswith("\r"):
            rep.error(f"{path}:{no}", "CR line ending")
            line = line[:-1]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != ncols:
            rep.error(f"{path}:{no}", f"{len(fields)} columns, want {ncols}")
            continue
        if any(f != f.strip() or f == "" for f in fields):
            rep.error(f"{path}:{no}", "empty field or stray spaces around a field")
            continue
        if unicodedata.normalize("NFC", line) != line:
            rep.error(f"{path}:{no}", "text is not NFC-normalised")
        yield no, fields


# --------------------------------------------------------------------- tags

def load_tags(path, rep):
    tags = {}
    for no, (tag, kind, _desc) in read_rows(path, rep, 3):
        if kind not in ("topic", "theme"):
            rep.error(f"{path}:{no}", f"bad kind {kind!r}")
        tags[tag] = kind
    return tags


# ------------------------------------------------------------------- skills

class Skill:
    __slots__ = ("id", "name", "category", "forms", "flags", "topics", "line")

    def __init__(self, sid, name, category, forms, flags, topics, line):
        self.id, self.name, self.category = sid, name, category
        self.forms, self.flags, self.topics, self.line = forms, flags, topics, line


def check_skills(path, tags, rep, words):
    skills = []
    ids = {}
    owner = {}          # lowercased surface form -> skill id
    for no, (sid, name, cat, aliases, flags, topics) in read_rows(path, rep, 6):
        where = f"{path}:{no}"
        if not ID_RE.match(sid):
            rep.error(where, f"id {sid!r} is not a lowercase [a-z0-9-] slug")
        if sid in ids:
            rep.error(where, f"duplicate id {sid!r} (first on line {ids[sid]})")
        ids[sid] = no
        if cat not in CATEGORIES:
            rep.error(where, f"unknown category {cat!r}")
        flagset = set()
        if flags != "-":
            for f in flags.split(","):
                if f not in FLAGS:
                    rep.error(where, f"unknown flag {f!r}")
                if f in flagset:
                    rep.error(where, f"flag {f!r} repeated")
                flagset.add(f)
        if {"ambiguous", "strong"} <= flagset:
            rep.error(where, "a skill cannot be both ambiguous and strong")
        # forms: (text as written, weak?)  the name is always a form
        forms = [(name, False)]
        if aliases != "-":
            for a in aliases.split("|"):
                weak = a.startswith("~")
                text = a[1:] if weak else a
                if not text or text != text.strip() or "  " in text:
                    rep.error(where, f"bad alias {a!r}")
                    continue
                if text != text.lower():
                    rep.error(where, f"alias {a!r} must be lowercase")
                forms.append((text, weak))
        seen_here = set()
        for text, weak in forms:
            key = fold(text)
            if key in seen_here:
                rep.warn(where, f"surface form {text!r} listed twice")
                continue
            seen_here.add(key)
            if key in owner and owner[key] != sid:
                rep.error(where, f"surface form {text!r} also belongs to {owner[key]!r}")
            owner.setdefault(key, sid)
            is_weak = weak or "ambiguous" in flagset
            if key in TRAP_WORDS and not is_weak:
                rep.error(where, f"trap word {text!r} must be weak ('~' or ambiguous)")
            if (words is not None and not is_weak and re.fullmatch(r"[a-z]+", key)
                    and key in words):
                rep.warn(where, f"{text!r} is an English word but neither weak nor ambiguous")
        tlist = topics.split(" ")
        if len(set(tlist)) != len(tlist):
            rep.error(where, "topic repeated")
        for t in tlist:
            kind = tags.get(t)
            if kind is None:
                rep.error(where, f"topic {t!r} is not in tags.tsv")
            elif kind != "topic":
                rep.error(where, f"tag {t!r} is a {kind}, skills may only carry topics")
        skills.append(Skill(sid, name, cat, forms, flagset, tlist, no))
    return skills


def fold(s):
    """Lower-case character by character (lengths stay equal, so offsets in
    the folded text are offsets in the original) and unify apostrophes."""
    s = unicodedata.normalize("NFC", s).replace("\u2019", "'").replace("\u2018", "'")
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


# ----------------------------------------------------------- pattern checks

UNBOUNDED_DOT = re.compile(r"(?<!\\)\.[*+]")


def pattern_problem(p):
    """Return a reason if the pattern is not simple and bounded, else None."""
    if len(p) > 300:
        return "longer than 300 characters"
    if UNBOUNDED_DOT.search(p):
        return "unbounded '.*' or '.+' (use .{0,N})"
    for m in re.finditer(r"\.\{(\d*),?(\d*)\}", p):
        hi = m.group(2) or m.group(1)
        if not hi or int(hi) > 60:
            return "wildcard repeat over 60"
    if re.search(r"\(\?<?[=!]", p):
        return "lookaround (keep patterns plain)"
    if re.search(r"\\[1-9]", p):
        return "backreference"
    if re.search(r"(?<!\\)[A-Z]", re.sub(r"\\[A-Za-z]", "", p)):
        return "uppercase letter (patterns are matched caselessly; write them lowercase)"
    # nested quantifier: a group containing an unbounded quantifier that is
    # itself repeated
    stack = []
    i = 0
    while i < len(p):
        ch = p[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            j = i + 1
            if j < len(p) and p[j] == "^":
                j += 1
            if j < len(p) and p[j] == "]":
                j += 1
            while j < len(p) and p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            i = j + 1
            continue
        if ch == "(":
            stack.append(False)
        elif ch == ")":
            if not stack:
                return "unbalanced ')'"
            inner = stack.pop()
            nxt = p[i + 1] if i + 1 < len(p) else ""
            if inner and nxt in "*+{":
                return "nested quantifier"
            if stack and (inner or nxt in "*+" or (nxt == "{" and re.match(r"\{\d*,\}", p[i + 1:]))):
                stack[-1] = stack[-1] or inner or nxt in "*+"
        elif ch in "*+" and stack:
            stack[-1] = True
        elif ch == "{" and stack and re.match(r"\{\d*,\}", p[i:]):
            stack[-1] = True
        i += 1
    if stack:
        return "unbalanced '('"
    return None


def check_themes(path, tags, rep):
    per_tag = {}
    compiled = []
    seen = set()
    for no, (tag, pat) in read_rows(path, rep, 2):
        where = f"{path}:{no}"
        if tag not in tags:
            rep.error(where, f"tag {tag!r} is not in tags.tsv")
            continue
        if (tag, pat) in seen:
            rep.error(where, "duplicate row")
        seen.add((tag, pat))
        why = pattern_problem(pat)
        if why:
            rep.error(where, f"pattern {pat!r}: {why}")
        try:
            rx = re.compile(pat, re.IGNORECASE)
        except re.error as exc:
            rep.error(where, f"pattern does not compile: {exc}")
            continue
        if rx.search(""):
            rep.error(where, "pattern matches the empty string")
        per_tag.setdefault(tag, 0)
        per_tag[tag] += 1
        compiled.append((tag, rx, no))
    for tag, kind in tags.items():
        if kind == "theme" and per_tag.get(tag, 0) < 2:
            rep.error(path, f"theme {tag!r} has {per_tag.get(tag, 0)} patterns, want >= 2")
    return compiled, per_tag


# ----------------------------------------------------------- other tables

def norm_heading(s):
    return re.sub(r"\s+", " ", s.strip().rstrip(":").casefold())


def check_sections(path, rep):
    owner = {}
    count = 0
    for no, (sec, alias) in read_rows(path, rep, 2):
        where = f"{path}:{no}"
        count += 1
        if sec not in SECTIONS:
            rep.error(where, f"unknown section {sec!r}")
        if alias != alias.lower():
            rep.error(where, f"alias {alias!r} must be lowercase")
        if alias.endswith(":") or "  " in alias:
            rep.error(where, f"alias {alias!r}: no trailing colon or double spaces")
        key = fold(alias)
        if key in owner and owner[key] != sec:
            rep.error(where, f"alias {alias!r} also maps to {owner[key]!r}")
        elif key in owner:
            rep.error(where, f"alias {alias!r} repeated")
        owner[key] = sec
    for s in SECTIONS:
        if s not in owner.values():
            rep.error(path, f"section {s!r} has no alias")
    return owner, count


def check_months(path, rep):
    owner = {}
    count = 0
    for no, (kind, value, word) in read_rows(path, rep, 3):
        where = f"{path}:{no}"
        count += 1
        try:
            v = int(value)
        except ValueError:
            rep.error(where, f"value {value!r} is not an integer")
            continue
        if kind == "month" and not 1 <= v <= 12:
            rep.error(where, "month value must be 1-12")
        elif kind == "present" and v != 0:
            rep.error(where, "present value must be 0")
        elif kind == "season" and not 1 <= v <= 12:
            rep.error(where, "season value must be a month 1-12")
        elif kind not in ("month", "present", "season"):
            rep.error(where, f"unknown kind {kind!r}")
        if word != word.lower() or word.endswith("."):
            rep.error(where, f"word {word!r}: lowercase, without a trailing dot")
        key = fold(word)
        if key in owner:
            rep.error(where, f"word {word!r} already listed as {owner[key]}")
        owner[key] = (kind, v)
    for m in range(1, 13):
        if ("month", m) not in owner.values():
            rep.error(path, f"month {m} has no word")
    return owner, count


def check_titles(path, rep):
    owner = {}
    counts = {"family": 0, "seniority": 0, "title-noun": 0}
    for no, (kind, value, pat) in read_rows(path, rep, 3):
        where = f"{path}:{no}"
        if kind not in counts:
            rep.error(where, f"unknown kind {kind!r}")
            continue
        counts[kind] += 1
        allowed = {"family": FAMILIES, "seniority": SENIORITY,
                   "title-noun": TITLE_NOUN_VALUES}[kind]
        if value not in allowed:
            rep.error(where, f"value {value!r} not allowed for {kind}")
        if (pat != pat.lower() or "_" in pat or pat[-1] in " -/&'" or "  " in pat
                or not re.fullmatch(r"[\w.+#][\w ./&+#'-]*", pat)):
            rep.error(where, f"phrase {pat!r}: lowercase words, spaces and . / & + # ' - only")
        key = (kind, fold(pat))
        if key in owner:
            rep.error(where, f"phrase {pat!r} already listed for {kind} {owner[key]!r}")
        owner[key] = value
    for fam in FAMILIES:
        if ("family", fam) not in {(k[0], v) for k, v in owner.items()}:
            rep.error(path, f"family {fam!r} has no phrase")
    for s in SENIORITY:
        if ("seniority", s) not in {(k[0], v) for k, v in owner.items()}:
            rep.error(path, f"seniority {s!r} has no phrase")
    return owner, counts


# ------------------------------------------------- reference skill matcher
# A small model of the rules in data/FORMATS-extract.md, used only to test
# the data: the C matcher is the real one.

WORDCH = re.compile(r"[\w+#]")


class Matcher:
    def __init__(self, skills):
        self.by_form = {}
        self.maxlen = 0
        for s in skills:
            for i, (text, weak) in enumerate(s.forms):
                key = fold(text)
                self.by_form.setdefault(key, (s, text, weak, i == 0))
                self.maxlen = max(self.maxlen, len(key))

    def scan(self, line):
        """Return [(skill, strong?)] for one line, longest match first."""
        low = fold(line)
        line = unicodedata.normalize("NFC", line)
        out = []
        i = 0
        n = len(low)
        while i < n:
            prev = low[i - 1] if i else ""
            prev2 = low[i - 2] if i > 1 else ""
            # a form starts only after a non-word character; '.' joined to a
            # word before it ("asp.net") never starts one, '-' joined to a
            # word ("go-to-market") starts only a strong form
            if prev and WORDCH.match(prev):
                i += 1
                continue
            joined = prev in (".", "-") and prev2.isalnum()
            if joined and prev == ".":
                i += 1
                continue
            hit = None
            for j in range(min(n, i + self.maxlen), i, -1):
                cand = self.by_form.get(low[i:j])
                if not cand:
                    continue
                skill, text, weak, is_name = cand
                end = j
                nxt = low[end] if end < n else ""
                if nxt and WORDCH.match(nxt):
                    # fused version: "java8" -> java (forms of >= 3 chars
                    # ending in a letter); "es6+" -> es6
                    m = re.match(r"\d+(?:\.\d+)*\+?", low[end:]) if text[-1].isalpha() else \
                        re.match(r"\+", low[end:])
                    if not m or (text[-1].isalpha() and len(text) < 3):
                        continue
                    end += m.end()
                    if end < n and WORDCH.match(low[end]):
                        continue
                    nxt = low[end] if end < n else ""
                nxt2 = low[end + 1] if end + 1 < n else ""
                if nxt == "." and nxt2.isalnum():
                    continue            # "node" in "node.js"
                weak_form = weak or "ambiguous" in skill.flags
                if weak_form and (joined or (nxt == "-" and nxt2.isalnum())
                                  or "&" in (nxt, prev)):
                    continue            # go-to-market, R&D, C-level
                if "case" in skill.flags and is_name and line[i:j] != text:
                    continue            # "go" is not Go, "chef" is not Chef
                hit = (skill, not weak_form, end)
                break
            if hit:
                out.append((hit[0], hit[1]))
                i = hit[2]
            else:
                i += 1
        return out


# (line, ids that must be found strong, ids that must not be found strong)
MATCH_CASES = [
    ("Go-to-market strategy for the EMEA launch", set(), {"go"}),
    ("Led R&D for the payments team", set(), {"r"}),
    ("I excel at stakeholder management", set(), {"excel"}),
    ("Trained to react calmly under pressure", set(), {"react"}),
    ("Interests: Kafka, Java coffee roasting, chess", set(), {"kafka", "java"}),
    ("Going forward we moved to Spring releases", set(), {"go", "spring"}),
    ("Red flags in the rust belt", set(), {"r", "rust"}),
    ("Express delivery, Swift service, Ruby anniversary", set(),
     {"express", "swift", "ruby"}),
    ("Access control lists and Word documents", set(), {"ms-access", "word"}),
    ("Software Engineer, Oracle", set(), {"oracle-db"}),
    ("Snowflake Inc., Senior Engineer", set(), {"snowflake"}),
    ("Spring 2021 internship", set(), {"spring"}),
    ("Built REST APIs in C++17 and C# on .NET 6", {"cpp", "csharp", "dotnet", "rest"},
     {"c"}),
    ("Node.js, Express.js and ASP.NET Core services", {"nodejs", "aspnet-core"},
     {"dotnet"}),
    ("Set up CI/CD with GitHub Actions", {"ci-cd", "github-actions"}, set()),
    ("Python 3.11, k8s, postgres, golang", {"python", "kubernetes", "postgresql"},
     set()),
    ("JavaScript and TypeScript (ES6+)", {"javascript", "typescript"}, {"java"}),
    ("Migrated MySQL to Amazon Aurora via AWS DMS", {"mysql", "aurora", "aws"}, set()),
    ("Terraform, Helm charts and Argo CD on EKS", {"terraform", "argocd", "eks"},
     set()),
    ("Tested with pytest, Playwright and JMeter", {"pytest", "jmeter"}, set()),
    ("Registered Nurse (RN), administered 5 ml doses", set(),
     {"react-native", "machine-learning"}),
    ("Sous chef, 2015-2018", set(), {"chef"}),
    ("Vue.js and Nuxt front end", {"vue", "nuxt"}, set()),
    ("Java8 and Kotlin on Android", {"kotlin", "android"}, set()),
    ("Cut p99 latency by 35% by adding Redis caching", {"redis"}, {"caching"}),
    ("Built dashboards in Grafana and wrote runbooks", {"grafana"},
     {"data-visualisation", "technical-writing"}),
    ("Certifications: AWS Certified Solutions Architect - Associate, CKA",
     {"aws-saa", "cka"}, set()),
    ("Senior Backend Engineer | Acme Payments | Jan 2020 - Present", set(),
     {"rest", "spring"}),
]


def run_match_cases(matcher, rep, ids):
    bad = 0
    for line, want, never in MATCH_CASES:
        for sid in want | never:
            if sid not in ids:
                rep.error("self-test", f"case refers to unknown skill {sid!r}")
        found = matcher.scan(line)
        strong = {s.id for s, st in found if st}
        miss = want - strong
        wrong = strong & never
        if miss or wrong:
            bad += 1
            rep.error("self-test", f"{line!r}: missing {sorted(miss)} "
                      f"wrongly strong {sorted(wrong)} "
                      f"(found {[(s.id, st) for s, st in found]})")
    return len(MATCH_CASES) - bad


THEME_CASES = [
    ("Mentored three junior engineers through their first on-call", {"mentoring", "incident"}),
    ("Ran blameless post-mortems after two SEV-1 outages", {"incident"}),
    ("Cut p99 latency from 800 ms to 120 ms", {"performance", "impact"}),
    ("Shipped zero-downtime schema migrations on a 2 TB table", {"migrations"}),
    ("Resolved a disagreement between product and design on scope", {"conflict"}),
    ("Lessons learned: a missed deadline taught me to flag risks early", {"failure"}),
    ("Handled 80+ customer queries a day as a barista in a busy cafe", {"customer-focus", "career-change"}),
    ("Taught maths to classes of 30 pupils aged 11-16", {"communication", "career-change"}),
    ("Persuaded three teams to adopt the shared logging library", {"influence"}),
    ("Prioritised the backlog with the product owner each sprint", {"prioritisation"}),
    ("Took ownership of the billing service end to end", {"ownership"}),
    ("Delivered the release under a tight deadline", {"pressure"}),
    ("Volunteered to lead the migration off the legacy queue", {"initiative", "leadership"}),
    ("Taught myself Kotlin in two weeks to unblock the Android release", {"learning"}),
    ("Partnered with finance and legal on the data retention policy", {"collaboration"}),
    ("Defined requirements from scratch for an unclear new product area", {"ambiguity"}),
    ("Gave and received feedback in weekly 1:1s", {"feedback"}),
    ("Chose Postgres over DynamoDB after weighing the trade-offs", {"decision-making"}),
    ("Helped colleagues cover shifts and supported the team during peak season", {"teamwork"}),
    ("Organised the engineering values workshop and inclusion group", {"culture"}),
]


def run_theme_cases(themes, rep):
    bad = 0
    for line, want in THEME_CASES:
        got = {tag for tag, rx, _ in themes if rx.search(line)}
        miss = want - got
        if miss:
            bad += 1
            rep.error("self-test", f"theme line {line!r}: missing {sorted(miss)} (got {sorted(got)})")
    return len(THEME_CASES) - bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "..", "data"))
    ap.add_argument("--dict", default=None)
    ap.add_argument("-v", "--verbose", action="store_true", help="print warnings")
    args = ap.parse_args()
    rep = Report(args.verbose or args.dict is not None)
    d = args.data

    words = None
    if args.dict:
        with open(args.dict, encoding="utf-8", errors="replace") as fh:
            words = {w.strip() for w in fh if w.strip().islower()}

    tags = load_tags(os.path.join(d, "tags.tsv"), rep)
    skills = check_skills(os.path.join(d, "skills.tsv"), tags, rep, words)
    themes, per_tag = check_themes(os.path.join(d, "themes.tsv"), tags, rep)
    _, nsec = check_sections(os.path.join(d, "sections.tsv"), rep)
    _, nmon = check_months(os.path.join(d, "months.tsv"), rep)
    _, tcounts = check_titles(os.path.join(d, "titles.tsv"), rep)

    used = set()
    for s in skills:
        used.update(s.topics)
    used.update(per_tag)
    for tag, kind in tags.items():
        if kind == "topic" and tag not in used:
            rep.error("tags.tsv", f"topic {tag!r} is reachable from no skill and no theme phrase")

    ids = {s.id for s in skills}
    m_ok = run_match_cases(Matcher(skills), rep, ids)
    t_ok = run_theme_cases(themes, rep)

    cats = {}
    for s in skills:
        cats[s.category] = cats.get(s.category, 0) + 1
    nforms = sum(len(s.forms) for s in skills)
    amb = sum(1 for s in skills if "ambiguous" in s.flags)
    weak = sum(1 for s in skills for _t, w in s.forms if w)
    print(f"skills: {len(skills)} ({nforms} surface forms, {amb} ambiguous, "
          f"{weak} weak aliases) " +
          " ".join(f"{k}={v}" for k, v in sorted(cats.items())))
    print(f"themes: {len(themes)} patterns over {len(per_tag)} tags")
    print(f"sections: {nsec} aliases; months: {nmon} words; titles: " +
          " ".join(f"{k}={v}" for k, v in tcounts.items()))
    print(f"self-test: {m_ok}/{len(MATCH_CASES)} skill lines, "
          f"{t_ok}/{len(THEME_CASES)} theme lines")
    if rep.warnings:
        print(f"{rep.warnings} warnings")
    print(f"{rep.errors} errors")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
