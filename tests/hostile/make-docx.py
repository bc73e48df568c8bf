#!/usr/bin/env python3
"""make-docx.py OUTDIR - writes hostile DOCX inputs for tests/cli/docx.sh.

Every case is generated here at test time (python3 standard library only);
no binary is committed.  Each file name says what it attacks; the expected
exit code and message live in tests/cli/docx.sh.
"""
import io
import os
import struct
import sys
import zipfile

W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
        'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="%s"/>'
        '</Relationships>')
BODY = ('<w:p><w:r><w:t>Sam Example</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>sam@example.org</w:t></w:r></w:p>')


def doc(body=BODY, prolog='<?xml version="1.0" encoding="UTF-8"?>'):
    return f'{prolog}<w:document {W}><w:body>{body}</w:body></w:document>'


def package(parts, main='word/document.xml', extra=()):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT)
        z.writestr('_rels/.rels', RELS % main)
        for name, data in parts:
            z.writestr(name, data)
        for name, data in extra:
            z.writestr(name, data)
    return bytearray(buf.getvalue())


def patch(data, name, field, value):
    """Sets a header field of entry `name` in both local and central headers."""
    n = name.encode()
    count = 0
    for sig, off, name_at, base in ((b'PK\x03\x04', 30, 26, 0), (b'PK\x01\x02', 46, 28, 2)):
        i = data.find(sig)
        while i >= 0:
            ln = struct.unpack_from('<H', data, i + name_at)[0]
            if data[i + off:i + off + ln] == n:
                b = i + base
                if field == 'usize':
                    struct.pack_into('<I', data, b + 22, value)
                elif field == 'flags':
                    data[b + 6] |= value
                elif field == 'crc':
                    struct.pack_into('<I', data, b + 14, struct.unpack_from('<I', data, b + 14)[0] ^ value)
                count += 1
            i = data.find(sig, i + 4)
    assert count == 2, (name, field, count)
    return data


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cases = {}
    ok = package([('word/document.xml', doc())])
    cases['valid.docx'] = ok
    cases['zipbomb.docx'] = package([('word/document.xml', doc('<w:p/>' * (6 * 1024 * 1024)))])
    lie = package([('word/document.xml', doc('<w:p/>' * 200000))])
    cases['size-lie.docx'] = patch(lie, 'word/document.xml', 'usize', 2048)
    dtd = '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    cases['xxe.docx'] = package([('word/document.xml', doc('<w:p><w:r><w:t>&x;</w:t></w:r></w:p>', dtd))])
    lol = '<!ENTITY l0 "lol">' + ''.join(
        f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    cases['billion-laughs.docx'] = package([('word/document.xml', doc(
        '<w:p><w:r><w:t>&l9;</w:t></w:r></w:p>', f'<?xml version="1.0"?><!DOCTYPE w:document [{lol}]>'))])
    cases['truncated.docx'] = ok[:len(ok) // 2]
    cases['legacy-doc.docx'] = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\0' * 504
    cases['pdf-renamed.docx'] = b'%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'
    cases['deep-nesting.docx'] = package([('word/document.xml', doc('<w:sdt><w:sdtContent>' * 5000))])
    flood = '<w:p ' + ' '.join(f'a{i}="1"' for i in range(50000)) + '/>'
    cases['attribute-flood.docx'] = package([('word/document.xml', doc(flood))])
    cases['encrypted.docx'] = patch(package([('word/document.xml', doc())]), 'word/document.xml', 'flags', 1)
    cases['crc.docx'] = patch(package([('word/document.xml', doc())]), 'word/document.xml', 'crc', 0xDEADBEEF)
    cases['traversal-names.docx'] = package([('word/document.xml', doc())], extra=[
        ('../../prepgen-evil.sh', 'echo evil'), ('/tmp/prepgen-evil-abs.txt', 'x'),
        ('word/../../../prepgen-evil-mid.txt', 'x'), ('C:/evil.txt', 'x')])
    cases['rels-traversal.docx'] = package([('word/document.xml', doc())], main='../../../../etc/passwd')
    with_dup = io.BytesIO()
    with zipfile.ZipFile(with_dup, 'w') as z:
        import warnings
        warnings.simplefilter('ignore')
        z.writestr('[Content_Types].xml', CT)
        z.writestr('_rels/.rels', RELS % 'word/document.xml')
        z.writestr('word/document.xml', doc())
        z.writestr('word/document.xml', doc('<w:p><w:r><w:t>Mallory</w:t></w:r></w:p>'))
    cases['duplicate-names.docx'] = with_dup.getvalue()
    cases['duplicate-case.docx'] = package([('word/document.xml', doc()), ('Word/Document.xml', doc())])
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, 'w') as z:
        z.writestr('notes.txt', 'hello')
    cases['no-word.docx'] = plain.getvalue()
    cases['plaintext.docx'] = b'Sam Example\nsam@example.org\n'
    cases['empty.docx'] = b''
    cases['malformed.docx'] = package([('word/document.xml', '<?xml version="1.0"?>\n<w:document ' + W + '>\n<w:body><w:p>\n</w:body>')])
    for name, data in cases.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(bytes(data))


main()
