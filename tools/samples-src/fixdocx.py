#!/usr/bin/env python3
"""Make a generated DOCX reproducible (part of prepgen's sample tooling).

Owner: tools/samples-src (sample CVs).  Stdlib only.

usage: fixdocx.py FILE.docx [--modified 2026-10-01T09:00:00Z] [--author NAME] [--title TITLE]

Rewrites the zip in place, keeping the entry order, with:
  * every entry's timestamp set to the fixed date (zip stores local time, no zone);
  * docProps/core.xml dcterms:created and dcterms:modified set to the fixed date
    (inserted when the producer wrote none, as LibreOffice's HTML import does);
  * optional dc:creator / dc:title;
  * docProps/app.xml TotalTime zeroed (LibreOffice counts editing minutes);
  * random relationship ids (the npm docx library draws them from nanoid) renamed
    to rIdR1, rIdR2 ... in order of appearance, in the .rels file and its part.
"""
import re
import sys
import zipfile

CORE_NS = ('xmlns:dcterms="http://purl.org/dc/terms/"',
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')


def set_elem(xml, tag, value, attrs=""):
    """Replace <tag ...>..</tag> (or <tag/>) or insert it before the root's close."""
    pat = re.compile(r"<%s(\s[^>]*)?(/>|>.*?</%s>)" % (re.escape(tag), re.escape(tag)), re.S)
    new = "<%s%s>%s</%s>" % (tag, attrs, value, tag)
    if pat.search(xml):
        return pat.sub(lambda m: new, xml, count=1)
    return xml.replace("</cp:coreProperties>", new + "</cp:coreProperties>")


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fix_core(xml, modified, author, title):
    root = re.search(r"<cp:coreProperties\b[^>]*>", xml)
    if root:
        tag = root.group(0)
        for ns in CORE_NS:
            if ns.split("=")[0] not in tag:
                tag = tag[:-1] + " " + ns + ">"
        xml = xml[:root.start()] + tag + xml[root.end():]
    w3c = ' xsi:type="dcterms:W3CDTF"'
    xml = set_elem(xml, "dcterms:created", modified, w3c)
    xml = set_elem(xml, "dcterms:modified", modified, w3c)
    if author is not None:
        xml = set_elem(xml, "dc:creator", esc(author))
        xml = set_elem(xml, "cp:lastModifiedBy", esc(author))
    if title is not None:
        xml = set_elem(xml, "dc:title", esc(title))
    return xml


RANDOM_RID = re.compile(rb'Id="(rId(?![0-9]+")[^"]*)"')


def stable_rids(entries):
    """Rename non-numeric rIds in every word/_rels/X.rels and in word/X itself."""
    data = {info.filename: blob for info, blob in entries}
    for name in list(data):
        m = re.match(r"^(.*)_rels/([^/]+)\.rels$", name)
        if not m:
            continue
        part = m.group(1) + m.group(2)
        ids = RANDOM_RID.findall(data[name])
        for n, old in enumerate(ids, 1):
            new = b"rIdR%d" % n
            data[name] = data[name].replace(b'"' + old + b'"', b'"' + new + b'"')
            if part in data:
                data[part] = data[part].replace(b'"' + old + b'"', b'"' + new + b'"')
    return [(info, data[info.filename]) for info, _ in entries]


def main(argv):
    path = argv[1]
    modified = "2026-10-01T09:00:00Z"
    author = title = None
    i = 2
    while i < len(argv):
        if argv[i] == "--modified":
            modified = argv[i + 1]
        elif argv[i] == "--author":
            author = argv[i + 1]
        elif argv[i] == "--title":
            title = argv[i + 1]
        else:
            sys.exit("fixdocx: unknown option " + argv[i])
        i += 2
    stamp = tuple(int(x) for x in re.findall(r"\d+", modified)[:6])

    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    entries = stable_rids(entries)
    names = [info.filename for info, _ in entries]
    if "docProps/core.xml" not in names:
        sys.exit("fixdocx: %s has no docProps/core.xml" % path)

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = fix_core(data.decode("utf-8"), modified, author, title).encode("utf-8")
            elif info.filename == "docProps/app.xml":
                data = re.sub(rb"<TotalTime>\d+</TotalTime>", b"<TotalTime>0</TotalTime>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            zout.writestr(zi, data, compresslevel=9)


if __name__ == "__main__":
    main(sys.argv)
