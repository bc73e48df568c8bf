#!/usr/bin/env python3
"""Check every samples/truth/*.json against its sample (prepgen sample tooling).

Owner: tools/samples-src (sample CVs).  Stdlib only; independent of prepgen.
usage: check-truth.py [SAMPLES_DIR]

For each truth file it extracts the sample's text itself (DOCX: body, headers and
footers, with w:del, w:vanish and field instructions dropped; text: BOM/UTF-16/
Windows-1252 decoding) and verifies that:
  * the sample exists and the truth has the required keys and x-truth fields;
  * name, phone, positions, company names, highlights, results, notSkills and
    notResults occur verbatim in the text (after NBSP/soft-hyphen/ZWSP clean-up);
  * the email occurs verbatim or in its "[at]" form; profile URLs occur in the
    text (with or without scheme) or as a hyperlink target;
  * dates are YYYY or YYYY-MM and start <= end; no notSkill is listed as a skill;
  * every DOCX has docProps/core.xml dcterms:modified = 2026-10-01T09:00:00Z.
Exit status 1 if anything fails.
"""
import glob
import json
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
ROLE_FAMILIES = {"backend", "frontend", "fullstack", "data-engineering", "data-science",
                 "data-analysis", "devops-sre", "mobile", "qa", "ml", "security", "management"}
SENIORITY = {"intern", "junior", "mid", "senior", "staff", "principal", "manager", "director"}


def para_text(p):
    out = []
    skip_field = 0

    def walk(el, hidden_del=False):
        nonlocal skip_field
        for ch in el:
            tag = ch.tag
            if tag in (W + "del", W + "moveFrom"):
                continue
            if tag == W + "r":
                rpr = ch.find(W + "rPr")
                if rpr is not None and rpr.find(W + "vanish") is not None:
                    continue
                for rc in ch:
                    if rc.tag == W + "t":
                        out.append(rc.text or "")
                    elif rc.tag == W + "tab":
                        out.append("\t")
                    elif rc.tag in (W + "br", W + "cr"):
                        out.append("\n")
                    elif rc.tag == W + "noBreakHyphen":
                        out.append("-")
                continue
            if tag == W + "pPr":
                continue
            walk(ch)

    walk(p)
    return "".join(out)


def docx_text(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        parts = ["word/document.xml"] + sorted(n for n in names if re.match(r"word/(header|footer)\d*\.xml$", n))
        lines = []
        for part in parts:
            if part not in names:
                continue
            root = ET.fromstring(z.read(part))
            for p in root.iter(W + "p"):
                lines.append(para_text(p))
        targets = []
        for n in names:
            if n.endswith(".rels"):
                targets += re.findall(r'Target="([^"]+)"', z.read(n).decode("utf-8"))
        instr = []
        for part in parts:
            if part in names:
                instr += re.findall(r'HYPERLINK\s+"([^"]+)"', z.read(part).decode("utf-8"))
        core = z.read("docProps/core.xml").decode("utf-8")
        raw = " ".join(z.read(p).decode("utf-8") for p in parts if p in names)
    return "\n".join(lines), targets + instr, core, raw


def txt_text(path):
    b = open(path, "rb").read()
    if b.startswith(b"\xef\xbb\xbf"):
        s = b[3:].decode("utf-8")
    elif b.startswith(b"\xff\xfe"):
        s = b[2:].decode("utf-16-le")
    elif b.startswith(b"\xfe\xff"):
        s = b[2:].decode("utf-16-be")
    elif len(b) > 1 and b[1::2].count(0) > len(b) // 4:
        s = b.decode("utf-16-le")
    else:
        try:
            s = b.decode("utf-8")
        except UnicodeDecodeError:
            s = b.decode("cp1252")
    return s.replace("\r\n", "\n").replace("\r", "\n")


def clean(s):
    return (s.replace("\u00a0", " ").replace("\u00ad", "").replace("\u200b", "")
            .replace("\t", " "))


def check(truth_path, samples):
    errs = []
    base = os.path.basename(truth_path)[:-5]
    cands = [p for p in glob.glob(os.path.join(samples, base + ".*")) if not p.endswith(".json")]
    if len(cands) != 1:
        return ["no unique sample for " + base]
    sample = cands[0]
    t = json.load(open(truth_path, encoding="utf-8"))
    targets = []
    raw = ""
    if sample.endswith(".docx"):
        text, targets, core, raw = docx_text(sample)
        if "<dcterms:modified" not in core or "2026-10-01T09:00:00Z" not in core:
            errs.append("dcterms:modified is not fixed")
    else:
        text = txt_text(sample)
    flat = re.sub(r"[ \n]+", " ", clean(text))
    if not raw:
        raw = flat

    def has(s, what):
        if re.sub(r"[ \n\t]+", " ", clean(s)) not in flat:
            errs.append("%s not found verbatim: %r" % (what, s))

    for k in ("basics", "work", "education", "skills", "x-truth"):
        if k not in t:
            errs.append("missing key " + k)
    b = t.get("basics", {})
    has(b.get("name", ""), "name")
    if "phone" in b:
        has(b["phone"], "phone")
    email = b.get("email", "")
    user, _, host = email.partition("@")
    if not re.search(r"@example\.(com|org|net)$", email):
        errs.append("email not on example.com/org/net: " + email)
    if email not in flat and not re.search(re.escape(user) + r"\s*\[at\]\s*" + re.escape(host), flat):
        errs.append("email not found: " + email)
    for prof in b.get("profiles", []) + ([{"url": b["url"]}] if b.get("url") else []):
        url = prof["url"]
        bare = re.sub(r"^https?://(www\.)?", "", url)
        if bare not in flat and url not in targets:
            errs.append("profile url not found: " + url)
    xt = t.get("x-truth", {})
    for k in ("roleFamily", "seniority", "results", "notSkills", "producer", "encoding"):
        if k not in xt:
            errs.append("x-truth missing " + k)
    if xt.get("roleFamily") not in ROLE_FAMILIES:
        errs.append("unknown roleFamily %r" % xt.get("roleFamily"))
    if xt.get("seniority") not in SENIORITY:
        errs.append("unknown seniority %r" % xt.get("seniority"))
    for w in t.get("work", []):
        has(w["name"], "company")
        has(w["position"], "position")
        for h in w.get("highlights", []):
            has(h, "highlight")
        for k in ("startDate", "endDate"):
            if k in w and w[k] != "" and not DATE.match(w[k]):
                errs.append("bad %s %r" % (k, w[k]))
        if w.get("endDate") and w["endDate"] < w["startDate"][:len(w["endDate"])]:
            errs.append("end before start in " + w["name"])
    for e in t.get("education", []):
        has(e["institution"], "institution")
        for k in ("startDate", "endDate"):
            if k in e and not DATE.match(e[k]):
                errs.append("bad education %s %r" % (k, e[k]))
    for r in xt.get("results", []):
        has(r, "result")
    for r in xt.get("notResults", []):
        has(r, "notResult")
    skills = {k.lower() for s in t.get("skills", []) for k in s.get("keywords", [])}
    for n in xt.get("notSkills", []):
        if n.lower() in skills:
            errs.append("notSkill listed as skill: " + n)
        if n.lower() not in flat.lower() and n.lower() not in raw.lower():
            errs.append("notSkill trap word not in text: " + n)
    for n in xt.get("notEmails", []):
        if n in flat:
            errs.append("hidden email visible: " + n)
    if len(text.strip().splitlines()) < 20:
        errs.append("fewer than 20 lines of text")
    return errs


def main():
    samples = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples")
    truths = sorted(glob.glob(os.path.join(samples, "truth", "*.json")))
    bad = 0
    for tp in truths:
        errs = check(tp, samples)
        name = os.path.basename(tp)
        if errs:
            bad += 1
            print("FAIL " + name)
            for e in errs:
                print("     " + e)
        else:
            print("ok   " + name)
    samples_files = [p for p in glob.glob(os.path.join(samples, "*")) if re.search(r"\.(docx|txt)$", p)]
    for p in samples_files:
        base = os.path.splitext(os.path.basename(p))[0]
        if not os.path.exists(os.path.join(samples, "truth", base + ".json")):
            bad += 1
            print("FAIL no truth file for " + os.path.basename(p))
    print("%d truth files, %d failing" % (len(truths), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
