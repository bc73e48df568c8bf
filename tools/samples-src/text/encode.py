#!/usr/bin/env python3
"""Write a UTF-8 source text CV in a given encoding (prepgen sample tooling).

Owner: tools/samples-src (sample CVs).  Stdlib only.
usage: encode.py SRC OUT ENCODING [--bom] [--crlf]
  ENCODING is a Python codec name: utf-8, utf-16-le, cp1252 ...
  --bom  writes the encoding's byte order mark first (EF BB BF / FF FE)
  --crlf converts LF line ends to CR LF
"""
import codecs
import sys

src, out, enc = sys.argv[1:4]
flags = set(sys.argv[4:])
text = open(src, encoding="utf-8").read()
if "--crlf" in flags:
    text = text.replace("\r\n", "\n").replace("\n", "\r\n")
data = text.encode(enc)  # strict: fails loudly if a character does not fit
if "--bom" in flags:
    boms = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE}
    data = boms[enc] + data
with open(out, "wb") as f:
    f.write(data)
