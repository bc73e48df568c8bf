#!/usr/bin/python3
"""Held-out CV h26: embedded/firmware engineer who moved to backend (Go) in 2024.
The name, headline and contact details live only in a Word text box at the top
of the page, written the way Word 2010+ writes one: mc:AlternateContent with a
DrawingML shape (wps:txbx) and the VML fallback (v:textbox), both holding the
same w:txbxContent.  Title bold with the dates after a right tab, company on the
next line; a promotion under one company; "puppet theatre" trap.

Owner: tests/heldout.  Every person, company, school and number is fictional.
usage: h26-backend-firmware-textbox.py OUT.docx   (PYTHONPATH must include tools/samples-src/python-docx)
"""
import sys
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.shared import Pt

from common import add_tab_stop_right, new_document

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:w10="urn:schemas-microsoft-com:office:word"')

d = new_document("Aino Lindroos", "Aino Lindroos - CV")
d.styles["Normal"].font.size = Pt(10.5)


def box_para(text, size=None, bold=False):
    rpr = ""
    if bold or size:
        rpr = "<w:rPr>%s%s</w:rPr>" % ("<w:b/>" if bold else "",
                                       '<w:sz w:val="%d"/>' % (size * 2) if size else "")
    return ('<w:p><w:pPr><w:spacing w:after="0"/></w:pPr><w:r>%s<w:t xml:space="preserve">%s</w:t></w:r></w:p>'
            % (rpr, escape(text)))


box = "".join([
    box_para("Aino Lindroos", size=22, bold=True),
    box_para("Backend Engineer · formerly embedded firmware", size=12),
    box_para("Tampere, Finland · +358 40 555 0183 · aino.lindroos@example.com · github.com/alindroos-example"),
])
EMU_W, EMU_H = 5943600, 1005840
anchor = f"""<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264"
 behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>
<wp:positionV relativeFrom="page"><wp:posOffset>457200</wp:posOffset></wp:positionV>
<wp:extent cx="{EMU_W}" cy="{EMU_H}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
<wp:wrapTopAndBottom/>
<wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/>
<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{EMU_W}" cy="{EMU_H}"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="EAF1F8"/></a:solidFill><a:ln><a:noFill/></a:ln></wps:spPr>
<wps:txbx><w:txbxContent>{box}</w:txbxContent></wps:txbx>
<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t"><a:noAutofit/></wps:bodyPr>
</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict>
<v:shapetype id="_x0000_t202" coordsize="21600,21600" path="m,l,21600r21600,l21600,xe"><v:path gradientshapeok="t" o:connecttype="rect" xmlns:o="urn:schemas-microsoft-com:office:office"/></v:shapetype>
<v:shape id="Text Box 1" o:spid="_x0000_s1026" type="#_x0000_t202" xmlns:o="urn:schemas-microsoft-com:office:office"
 style="position:absolute;margin-left:0;margin-top:36pt;width:468pt;height:79.2pt;z-index:251659264;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical-relative:page"
 fillcolor="#eaf1f8" stroked="f">
<v:textbox><w:txbxContent>{box}</w:txbxContent></v:textbox>
<w10:wrap type="topAndBottom" anchorx="margin" anchory="page"/></v:shape>
</w:pict></mc:Fallback></mc:AlternateContent></w:r>"""

p = d.paragraphs[0] if d.paragraphs else d.add_paragraph()
p._p.append(parse_xml(anchor))

d.add_heading("Profile", level=1)
d.add_paragraph(
    "Eight years writing firmware for heat pumps and sensors, now building the backend those devices "
    "talk to. I still read datasheets for fun, and I bring a firmware engineer's respect for failure "
    "modes to distributed systems.")

d.add_heading("Experience", level=1)


def job(title, dates, company, items):
    p = d.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    add_tab_stop_right(p, 9360)
    p.add_run(title).bold = True
    p.add_run("\t" + dates)
    p = d.add_paragraph()
    p.add_run(company).italic = True
    for it in items:
        d.add_paragraph(it, style="List Bullet")


job("Backend Engineer", "Jan 2024 – Present", "Näsijärvi Energy Oy, Tampere", [
    "Build Go services that ingest telemetry from 45,000 smart meters over MQTT into TimescaleDB.",
    "Designed the gRPC API for remote firmware updates; failed updates dropped from 4% to 0.3%.",
    "Run the services on Kubernetes with Prometheus alerts and share the on-call rota.",
])
job("Senior Embedded Software Engineer", "Mar 2021 – Dec 2023", "Pyynikki Devices Oy, Tampere", [
    "Wrote firmware in C for an ARM Cortex-M4 heat-pump controller running FreeRTOS, shipped in 120,000 units.",
    "Cut boot time from 3.2 s to 0.8 s and the RAM footprint by 30%.",
    "Wrote a small Go service that collects field diagnostics from the controllers, the start of my move to backend.",
])
job("Embedded Software Engineer", "Aug 2018 – Feb 2021", "Pyynikki Devices Oy, Tampere", [
    "Built the Python test rig (pytest, pyserial) that runs 400 hardware-in-the-loop tests every night.",
    "Wrote drivers in C for SPI and I2C sensors.",
])
job("Firmware Engineer (trainee)", "Jun 2016 – Jul 2018", "Hervanta Electronics Oy, Tampere", [
    "Ported a Bluetooth Low Energy stack to a Nordic nRF52 board.",
])

# The closing sections as data: one heading each, then its plain paragraphs.
TAIL = [
    ("Education", ["MSc (Tech) Electrical Engineering, Pirkanmaa University of Technology, 2011 – 2016"]),
    ("Skills", ["Backend: Go, Python, PostgreSQL, TimescaleDB, gRPC, MQTT, Docker, Kubernetes, Prometheus",
                "Embedded: C, C++, FreeRTOS, ARM Cortex-M, Bluetooth Low Energy, SPI, I2C, JTAG",
                "Tools: Git, GitLab CI, Linux"]),
    ("Languages", ["Finnish (native), English (fluent), Swedish (good)"]),
    ("Interests", ["Cross-country skiing, sauna, and building puppets for our children's puppet theatre."]),
]
for heading, paras in TAIL:
    d.add_heading(heading, level=1)
    for text in paras:
        d.add_paragraph(text)

d.save(sys.argv[1])
