#!/usr/bin/python3
"""Prepare the fonts that prepgen embeds in its PDF packs.

Owner: fonts / typesetting (issue 6).  Output: everything in fonts/.

Each source font comes from an installed Debian package.  For each one we
  1. subset it to the Unicode ranges a CV needs,
  2. flatten composite glyphs into plain outlines (libharu 2.3.0 loses
     nested components and components with glyph id > 32767): all of them
     in the Latin/symbol fonts; in the big CJK/Hangul fonts only those that
     are nested or do not share a component (see decompose()),
  3. subset again so orphaned component glyphs disappear,
  4. drop hinting and every table libharu does not read, write `post`
     without glyph names, keep an outlined .notdef (missing glyphs show as a
     box instead of nothing),
  5. give it a new family / PostScript name (several licences require it,
     and libharu deduplicates fonts by PostScript name),
  6. write it with fixed head.created/head.modified so that two runs give
     byte-identical files.
It also copies the licence texts next to the fonts and writes
fonts/README.md (sources, versions, what was changed, sizes, SHA-256).

Usage:  python3 tools/prepare-fonts.py [--out DIR] [--check]
  --check  rebuild into a temporary folder and compare with DIR byte for
           byte (exit 1 on any difference).
Needs Debian packages: python3-fonttools fonts-noto-core fonts-dejavu-core
fonts-droid-fallback fonts-nanum.
"""

import hashlib
import io
import os
import re
import subprocess
import sys
import tempfile

try:
    import fontTools
    from fontTools.ttLib import TTFont
    from fontTools import subset as ftsubset
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
except ImportError:  # e.g. a pyenv python3 shadows Debian's python3
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    sys.exit("prepare-fonts: python3-fonttools is not installed (apt-get install python3-fonttools)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# 2026-01-01T00:00:00Z in seconds since 1904-01-01 (the TrueType epoch).
FIXED_TIME = 3849984000

# --- Unicode ranges -------------------------------------------------------

LATIN_GREEK_CYRILLIC = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x024F),  # Latin-1, Latin Extended-A/B (Romanian, Vietnamese ơ ư)
    (0x0250, 0x02AF),  # IPA letters used in names (ə ɛ ɔ ŋ ...)
    (0x02B0, 0x02FF),  # spacing modifier letters (ˆ ˇ ˘ ˙ ˚ ˛ ˜ ˝ ʻ)
    (0x0300, 0x036F),  # combining diacritics (for text that arrives decomposed)
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x2000, 0x206F),  # general punctuation (– — ‘ ’ “ ” • … ‰ ′ ″)
    (0x20A0, 0x20CF),  # currency (€ ₹ ₽ ₺ ...)
    (0x2100, 0x214F),  # letterlike (№ ™ ℃)
    (0x2190, 0x2199),  # arrows, if the face has them
    (0x2212, 0x2212),  # minus
    (0xFFFD, 0xFFFD),  # replacement character
]

# Kept small on purpose: every glyph in a font costs PDF bytes (libharu
# copies hmtx/loca whole and writes a width for every glyph).
SYMBOLS = [
    (0x0020, 0x0020),
    (0x00A0, 0x00A0),
    (0x2022, 0x2022),  # •
    (0x2190, 0x21FF),  # arrows (← ↑ → ↓ ↔ ⇒ ...)
    (0x2212, 0x2213),  # − ∓
    (0x221A, 0x221A),  # √
    (0x221E, 0x221E),  # ∞
    (0x2248, 0x2248),  # ≈
    (0x2260, 0x2265),  # ≠ ≡ ≢ ≣ ≤ ≥
    (0x2460, 0x2473),  # ① ... ⑳
    (0x25A0, 0x25FF),  # geometric shapes (● ◐ ○ ■ □ ▶ ◆ ◯ ...)
    (0x2605, 0x2606),  # ★ ☆
    (0x260E, 0x260E),  # ☎
    (0x2610, 0x2612),  # ☐ ☑ ☒
    (0x26A0, 0x26A0),  # ⚠
    (0x2713, 0x2718),  # ✓ ✔ ✕ ✖ ✗ ✘
    (0x2776, 0x277F),  # ❶ ... ❿
    (0x2794, 0x2794),  # ➔
    (0x279C, 0x279C),  # ➜
    (0x27E8, 0x27E9),  # ⟨ ⟩
    (0xFFFD, 0xFFFD),  # replacement character
]

CJK = [
    (0x0020, 0x0020),
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x309F),  # hiragana
    (0x30A0, 0x30FF),  # katakana
    (0x3100, 0x312F),  # bopomofo
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xFF00, 0xFFEF),  # half- and full-width forms
]
# Left out on purpose: CJK Extension A (U+3400-4DBF, 6,582 rare characters,
# +1.6 MB) and the compatibility ideographs U+F900-FAFF (NFC maps almost all
# of them to U+4E00-9FFF, so normalised input never needs them).

HANGUL = [
    (0x0020, 0x0020),
    (0x1100, 0x11FF),  # Hangul jamo
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0xAC00, 0xD7AF),  # Hangul syllables
]

# --- the font set ---------------------------------------------------------
# file: output name in fonts/; src: source file; pkg: Debian package;
# family/style: new names; role: how prepgen uses it; lic: licence file id.

NOTO = "/usr/share/fonts/truetype/noto/"
FONTS = [
    dict(file="PrepgenSerif-Regular.ttf", src=NOTO + "NotoSerif-Regular.ttf",
         pkg="fonts-noto-core", family="Prepgen Serif", style="Regular",
         role="body text, regular", ranges=LATIN_GREEK_CYRILLIC, lic="noto"),
    dict(file="PrepgenSerif-Bold.ttf", src=NOTO + "NotoSerif-Bold.ttf",
         pkg="fonts-noto-core", family="Prepgen Serif", style="Bold",
         role="body text, bold", ranges=LATIN_GREEK_CYRILLIC, lic="noto"),
    dict(file="PrepgenSerif-Italic.ttf", src=NOTO + "NotoSerif-Italic.ttf",
         pkg="fonts-noto-core", family="Prepgen Serif", style="Italic",
         role="body text, italic (quotes from the CV)", ranges=LATIN_GREEK_CYRILLIC, lic="noto"),
    dict(file="PrepgenSans-Regular.ttf", src=NOTO + "NotoSans-Regular.ttf",
         pkg="fonts-noto-core", family="Prepgen Sans", style="Regular",
         role="headings, labels, running header, small print", ranges=LATIN_GREEK_CYRILLIC, lic="noto"),
    dict(file="PrepgenSans-Bold.ttf", src=NOTO + "NotoSans-Bold.ttf",
         pkg="fonts-noto-core", family="Prepgen Sans", style="Bold",
         role="headings, bold", ranges=LATIN_GREEK_CYRILLIC, lic="noto"),
    dict(file="PrepgenSymbols-Regular.ttf", src="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         pkg="fonts-dejavu-core", family="Prepgen Symbols", style="Regular",
         role="fallback 1: symbols the Noto faces lack (● ◐ ○ ☐ ☑ ✓ ✗ → ...)", ranges=SYMBOLS, lic="dejavu"),
    dict(file="PrepgenCJK-Regular.ttf", src="/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
         pkg="fonts-droid-fallback", family="Prepgen CJK", style="Regular",
         role="fallback 2: Chinese/Japanese (Han, kana, full-width forms)", ranges=CJK, lic="droid",
         flatten="unshared"),
    dict(file="PrepgenHangul-Regular.ttf", src="/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
         pkg="fonts-nanum", family="Prepgen Hangul", style="Regular",
         role="fallback 3: Korean (Hangul syllables and jamo)", ranges=HANGUL, lic="nanum",
         flatten="unshared"),
]

KEEP_TABLES = {"head", "hhea", "maxp", "OS/2", "hmtx", "cmap", "loca", "glyf", "name", "post"}


def unicodes(ranges):
    out = []
    for a, b in ranges:
        out.extend(range(a, b + 1))
    return out


def subset_options():
    o = ftsubset.Options()
    o.hinting = False
    o.notdef_outline = True
    o.notdef_glyph = True
    o.glyph_names = False          # post format 3: no glyph names
    o.layout_features = []
    o.name_IDs = ["*"]
    o.name_legacy = False
    o.name_languages = [0x0409]
    o.recalc_bounds = True
    o.recalc_timestamp = False
    o.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "DSIG",
                      "FFTM", "gasp", "vhea", "vmtx", "hdmx", "LTSH", "VDMX", "meta",
                      "TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "STAT", "PCLT"]
    return o


def do_subset(font, cps):
    s = ftsubset.Subsetter(options=subset_options())
    s.populate(unicodes=cps)
    s.subset(font)


def decompose(font, mode):
    """Replace composite glyphs by their flattened outlines.

    mode "all": every composite.
    mode "unshared": only composites that libharu 2.3.0 could break (a
    component that is itself composite) or that gain nothing from sharing
    (at least one component is used by no other glyph).  The composites
    that stay refer only to simple glyphs, which libharu 2.3.0 embeds
    correctly as long as their glyph ids stay below 32768 (checked in
    verify()).  Used for the big CJK/Hangul fonts, where flattening
    everything would add megabytes.
    """
    glyf = font["glyf"]
    gs = font.getGlyphSet()
    order = font.getGlyphOrder()
    uses = {}
    for name in order:
        g = glyf[name]
        if g.isComposite():
            for c in g.components:
                uses[c.glyphName] = uses.get(c.glyphName, 0) + 1
    n = 0
    for name in order:
        g = glyf[name]
        if not g.isComposite():
            continue
        if mode == "unshared" and not any(
                glyf[c.glyphName].isComposite() or uses[c.glyphName] == 1 for c in g.components):
            continue
        rec = DecomposingRecordingPen(gs)
        gs[name].draw(rec)
        pen = TTGlyphPen(None)
        rec.replay(pen)
        glyf[name] = pen.glyph()
        n += 1
    return n


def rename(font, family, style, src_ps, pkg, pkgver):
    name = font["name"]
    ps_family = family.replace(" ", "")
    ps = ps_family + "-" + style
    full = family + " " + style
    # IDs 16/17/21/22/25 would carry the old family name; the new names are
    # plain R/B/I/BI style names, so 1/2 are enough.
    for nid in (3, 7, 16, 17, 18, 20, 21, 22, 25):
        name.removeNames(nameID=nid)
    version = font["head"].fontRevision
    old5 = name.getName(5, 3, 1, 0x409)
    ver5 = (str(old5).split(";")[0] if old5 else "Version %.3f" % version) + "; prepgen subset"
    desc = ("Modified by prepgen tools/prepare-fonts.py from %s (Debian %s %s): "
            "subset, composite glyphs flattened, hinting and layout tables removed, renamed."
            % (src_ps, pkg, pkgver))
    for nid, val in ((1, family), (2, style), (3, "%s;prepgen;%.3f" % (ps, version)),
                     (4, full), (5, ver5), (6, ps), (10, desc)):
        name.setName(val, nid, 3, 1, 0x409)
    name.names.sort(key=lambda r: (r.platformID, r.platEncID, r.langID, r.nameID))
    return ps, full


def pkg_version(pkg):
    try:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg],
                           capture_output=True, text=True, check=True)
        return r.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def verify(path):
    """Re-open the written font and check what libharu relies on."""
    f = TTFont(path)
    bad = []
    if "glyf" not in f:
        bad.append("no glyf table")
    glyf = f["glyf"]
    for g in f.getGlyphOrder():
        if glyf[g].isComposite():
            for c in glyf[g].components:
                if glyf[c.glyphName].isComposite():
                    bad.append("nested composite %s" % g)
                if f.getGlyphID(c.glyphName) > 32767:
                    bad.append("component id > 32767 in %s" % g)
    if bad and len(bad) > 5:
        bad = bad[:5] + ["..."]
    if f["maxp"].numGlyphs > 32767:
        bad.append("more than 32767 glyphs")
    sub = f["cmap"].getcmap(3, 1)
    if sub is None or sub.format != 4:
        bad.append("no (3,1) format 4 cmap")
    if f["OS/2"].fsType & 0x0002:
        bad.append("restricted embedding")
    nd = f["glyf"][".notdef"] if ".notdef" in f["glyf"].keys() else f["glyf"][f.getGlyphOrder()[0]]
    if nd.numberOfContours == 0:
        bad.append(".notdef has no outline")
    names = {r.nameID: str(r) for r in f["name"].names}
    return f, bad, names


def sha256(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


# --- licences --------------------------------------------------------------

def debian_copyright_licence(pkg, licence_name):
    """Return the text of the stand-alone 'License: NAME' paragraph of a DEP-5 file."""
    text = open("/usr/share/doc/%s/copyright" % pkg, encoding="utf-8").read()
    for para in re.split(r"\n[ \t]*\n", text):
        lines = para.split("\n")
        for i, ln in enumerate(lines):
            if ln.startswith("License:") and ln[len("License:"):].strip() == licence_name:
                body = [x for x in lines[i + 1:] if x[:1] in (" ", "\t")]
                if len(body) > 5:
                    out = ["" if x.strip() == "." else x[1:].rstrip() for x in body]
                    return "\n".join(out).rstrip() + "\n"
    raise SystemExit("prepare-fonts: licence %s not found in %s copyright" % (licence_name, pkg))


def write_licences(out, srcs):
    files = {}
    # Noto: OFL 1.1, no Reserved Font Name declared.
    noto = TTFont(srcs["noto"], lazy=True)["name"]
    ofl_noto = debian_copyright_licence("fonts-noto-core", "OFL-1.1")
    files["LICENSE-Noto-OFL.txt"] = (
        "Prepgen Serif and Prepgen Sans are modified versions of Noto Serif and\n"
        "Noto Sans (Debian package fonts-noto-core).\n\n"
        + str(noto.getName(0, 3, 1, 0x409)) + "\n"
        "Copyright 2010, 2012-2020 Google Inc.; 2015-2020 Google LLC.\n"
        "(No Reserved Font Name is declared for these fonts.)\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "The licence text (as distributed by Debian) follows.\n\n" + ofl_noto)
    # Nanum: OFL 1.1 with Reserved Font Names; the Debian paragraph carries them.
    files["LICENSE-Nanum-OFL.txt"] = (
        "Prepgen Hangul is a modified version of NanumGothic (Debian package\n"
        "fonts-nanum). It is renamed because the names below are Reserved Font Names.\n\n"
        + debian_copyright_licence("fonts-nanum", "OFL-1.1"))
    # DejaVu: Bitstream Vera + Arev licences; the font carries the full text.
    dv = TTFont(srcs["dejavu"], lazy=True)["name"]
    files["LICENSE-DejaVu.txt"] = (
        "Prepgen Symbols is a modified version of DejaVu Sans (Debian package\n"
        "fonts-dejavu-core). Its name contains neither \"Bitstream\", \"Vera\",\n"
        "\"Tavmjong Bah\" nor \"Arev\", as the licences below require.\n\n"
        + str(dv.getName(0, 3, 1, 0x409)).strip() + "\n\n"
        + str(dv.getName(13, 3, 1, 0x409)).replace("\r\n", "\n").strip() + "\n")
    # Droid: Apache 2.0 + a NOTICE stating our changes (section 4 b/c/d).
    files["LICENSE-Apache-2.0.txt"] = open("/usr/share/common-licenses/Apache-2.0",
                                           encoding="utf-8").read()
    dr = TTFont(srcs["droid"], lazy=True)["name"]
    files["NOTICE-Droid.txt"] = (
        "Prepgen CJK (PrepgenCJK-Regular.ttf)\n"
        "====================================\n\n"
        "This font is a modified version of Droid Sans Fallback Full\n"
        "(DroidSansFallbackFull.ttf, Debian package fonts-droid-fallback).\n\n"
        + str(dr.getName(0, 3, 1, 0x409)).strip() + "\n"
        "Copyright (C) 2006, 2007, 2008, 2009, 2010 Google Corp.\n"
        "Droid is a trademark of Google Corp.\n\n"
        "Licensed under the Apache License, Version 2.0 (see LICENSE-Apache-2.0.txt).\n\n"
        "Changes made by prepgen (tools/prepare-fonts.py): the font was reduced to\n"
        "the CJK ranges listed in README.md; composite glyphs with a part that no\n"
        "other glyph shares were replaced by flattened outlines; hinting, vertical\n"
        "metrics, layout tables and glyph names were removed; and the font was\n"
        "renamed to \"Prepgen CJK\" so it cannot be mistaken for the original.\n")
    for name, text in files.items():
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    return sorted(files)


# --- README ----------------------------------------------------------------

def fmt_ranges(ranges):
    return ", ".join("U+%04X" % a if a == b else "U+%04X-%04X" % (a, b) for a, b in ranges)


def write_readme(out, rows, licences):
    total = sum(r["size"] for r in rows)
    L = []
    L.append("# Fonts embedded in prepgen's PDF packs\n")
    L.append("Generated by `python3 tools/prepare-fonts.py`; do not edit the .ttf files by hand.")
    L.append("Every file here is derived from a font shipped in a Debian 12 package. The script")
    L.append("is deterministic: run it twice and the outputs are byte-identical")
    L.append("(`python3 tools/prepare-fonts.py --check` rebuilds into a temporary folder and")
    L.append("compares). If the script's python3 lacks fontTools it re-runs itself with")
    L.append("/usr/bin/python3.\n")
    L.append("Packages needed to regenerate: `python3-fonttools fonts-noto-core fonts-dejavu-core")
    L.append("fonts-droid-fallback fonts-nanum`. These files were made with fontTools %s;" % fontTools.version)
    L.append("another fontTools version may produce different (equally valid) bytes.\n")
    L.append("## Files and roles\n")
    L.append("| file | role | internal name (family / PostScript) | source (Debian package, version) | glyphs | bytes | SHA-256 (first 16) |")
    L.append("|---|---|---|---|---|---|---|")
    for r in rows:
        L.append("| `%s` | %s | %s / `%s` | `%s` (%s %s) | %d | %d | `%s` |" % (
            r["file"], r["role"], r["family"] + " " + r["style"], r["ps"],
            os.path.basename(r["src"]), r["pkg"], r["pkgver"], r["glyphs"], r["size"], r["sha"][:16]))
    L.append("\nTotal: %d bytes (%.2f MB) of font files.\n" % (total, total / 1e6))
    L.append("Suggested fallback order for a run of text: the face in use (serif or sans),")
    L.append("then Prepgen Symbols, then Prepgen CJK, then Prepgen Hangul. Load a fallback face")
    L.append("into a document only when a character actually needs it; every face costs")
    L.append("set-up time in libharu.\n")
    L.append("## What the script does to each font\n")
    L.append("1. Keeps only the Unicode ranges listed below (fontTools subsetter).")
    L.append("2. Replaces composite glyphs by plain outlines. libharu 2.3.0 drops the parts")
    L.append("   of nested composites (lost accents, e.g. on Ё) and components whose glyph id")
    L.append("   is above 32767 (broken CJK characters). The Latin and symbol fonts are")
    L.append("   flattened completely. In the CJK and Hangul fonts only composites with a")
    L.append("   nested or unshared component are flattened; the rest keep one level of")
    L.append("   shared components (which libharu 2.3.0 embeds correctly) because flattening")
    L.append("   them all would add several megabytes. The script checks that no nested")
    L.append("   composite and no component id above 32767 remains.")
    L.append("3. Subsets again, so components that nothing refers to any more are removed.")
    L.append("4. Removes hinting (fpgm, prep, cvt, glyph instructions), the OpenType layout")
    L.append("   tables (libharu does no shaping and ignores them), vertical metrics, kern, gasp")
    L.append("   and vendor tables; `post` is written without glyph names (format 3); `.notdef`")
    L.append("   gets a visible box outline so a missing glyph never disappears silently.")
    L.append("5. Renames the font (name IDs 1, 2, 3, 4, 6; typographic and trademark names")
    L.append("   removed) and records the origin in name ID 10. Copyright (ID 0) and licence")
    L.append("   (IDs 13/14) entries are kept.")
    L.append("6. Sets head.created and head.modified to a fixed value, so no build time leaks in.\n")
    L.append("Ranges per source:\n")
    seen = set()
    for r in rows:
        key = r["lic"] if r["lic"] != "noto" else "noto"
        if key in seen:
            continue
        seen.add(key)
        which = {"noto": "Prepgen Serif / Prepgen Sans", "dejavu": "Prepgen Symbols",
                 "droid": "Prepgen CJK", "nanum": "Prepgen Hangul"}[key]
        L.append("- %s: %s (only the code points the source actually has)." % (which, fmt_ranges(r["ranges"])))
    L.append("\n## Licences and why the names changed\n")
    L.append("- Noto Serif / Noto Sans: SIL OFL 1.1 without Reserved Font Names. Renaming is")
    L.append("  not required, but the modified files are still called \"Prepgen ...\" so that they")
    L.append("  are never confused with (or deduplicated by libharu against) the originals.")
    L.append("  See `LICENSE-Noto-OFL.txt`.")
    L.append("- NanumGothic: SIL OFL 1.1 with Reserved Font Names (Nanum, NanumGothic, ...);")
    L.append("  a modified version must not use them, hence \"Prepgen Hangul\". See `LICENSE-Nanum-OFL.txt`.")
    L.append("- DejaVu Sans: Bitstream Vera and Arev licences; modified versions must not carry")
    L.append("  \"Bitstream\", \"Vera\", \"Tavmjong Bah\" or \"Arev\" in their names. See `LICENSE-DejaVu.txt`.")
    L.append("- Droid Sans Fallback Full: Apache License 2.0; changes are stated in")
    L.append("  `NOTICE-Droid.txt`, the licence is in `LICENSE-Apache-2.0.txt`. Renamed to keep the")
    L.append("  Droid trademark off a modified file.\n")
    L.append("The OFL fonts stay under the OFL; documents made with them (the PDF packs) are not")
    L.append("affected by it. Licence files: " + ", ".join("`%s`" % x for x in licences) + ".\n")
    L.append("## Checking with libharu\n")
    L.append("`tests/fonts/check-fonts.sh` builds `tests/fonts/check-fonts.c`, which loads every")
    L.append("font here with libharu, sets names in Latin, Vietnamese, Greek, Cyrillic, Chinese,")
    L.append("Japanese and Korean with per-run fallback, and checks the PDF with pdffonts,")
    L.append("pdftotext and poppler's warnings. `MEASURE=21 sh tests/fonts/check-fonts.sh` also")
    L.append("prints the libharu cost of each face (load, HPDF_GetFont, save, PDF bytes).")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(L) + "\n")


# --- main ------------------------------------------------------------------

def build(out):
    os.makedirs(out, exist_ok=True)
    rows = []
    versions = {}
    for spec in FONTS:
        if not os.path.exists(spec["src"]):
            raise SystemExit("prepare-fonts: %s missing; apt-get install %s" % (spec["src"], spec["pkg"]))
        pkgver = versions.setdefault(spec["pkg"], pkg_version(spec["pkg"]))
        font = TTFont(spec["src"], recalcTimestamp=False, recalcBBoxes=True)
        src_ps = str(font["name"].getName(6, 3, 1, 0x409))
        cps = unicodes(spec["ranges"])
        do_subset(font, cps)
        ncomp = decompose(font, spec.get("flatten", "all"))
        # round-trip through bytes so the subsetter sees plain glyphs only
        buf = io.BytesIO()
        font.save(buf)
        buf.seek(0)
        font = TTFont(buf, recalcTimestamp=False, recalcBBoxes=True)
        do_subset(font, cps)
        for tag in list(font.keys()):
            if tag != "GlyphOrder" and tag not in KEEP_TABLES:
                del font[tag]
        font["post"].formatType = 3.0
        font["post"].extraNames = []
        font["post"].mapping = {}
        font["head"].created = FIXED_TIME
        font["head"].modified = FIXED_TIME
        ps, _full = rename(font, spec["family"], spec["style"], src_ps, spec["pkg"], pkgver)
        path = os.path.join(out, spec["file"])
        font.save(path, reorderTables=True)
        f2, bad, _names = verify(path)
        if bad:
            raise SystemExit("prepare-fonts: %s: %s" % (spec["file"], "; ".join(bad)))
        rows.append(dict(spec, ps=ps, pkgver=pkgver, glyphs=f2["maxp"].numGlyphs,
                         size=os.path.getsize(path), sha=sha256(path), decomposed=ncomp))
        print("%-28s %-24s %6d glyphs %5d flattened %9d bytes" % (
            spec["file"], ps, f2["maxp"].numGlyphs, ncomp, os.path.getsize(path)))
    srcs = {"noto": FONTS[0]["src"], "dejavu": FONTS[5]["src"], "droid": FONTS[6]["src"]}
    lic = write_licences(out, srcs)
    write_readme(out, rows, lic)
    return rows


def main(argv):
    out = os.path.join(ROOT, "fonts")
    check = False
    i = 0
    while i < len(argv):
        if argv[i] == "--out" and i + 1 < len(argv):
            out = argv[i + 1]
            i += 2
        elif argv[i] == "--check":
            check = True
            i += 1
        else:
            sys.exit(__doc__)
    if not check:
        build(out)
        return 0
    with tempfile.TemporaryDirectory(prefix="prepare-fonts.") as tmp:
        build(tmp)
        diff = []
        for name in sorted(os.listdir(tmp)):
            a, b = os.path.join(tmp, name), os.path.join(out, name)
            if not os.path.exists(b) or sha256(a) != sha256(b):
                diff.append(name)
        if diff:
            print("prepare-fonts: differs from %s: %s" % (out, ", ".join(diff)))
            return 1
        print("prepare-fonts: %s is up to date" % out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
