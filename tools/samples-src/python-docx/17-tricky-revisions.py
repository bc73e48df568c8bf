#!/usr/bin/python3
"""Sample CV 17 (tricky): tracked changes, hidden text, a HYPERLINK field code,
footer page furniture, prose instead of bullets, a scope line, nested bullets,
NBSP / soft hyphen / zero-width space inside words.  python-docx producer.

Owner: tools/samples-src (sample CVs).  Every person and company here is fictional.
usage: 17-tricky-revisions.py OUT.docx
"""
import sys

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from common import bullets, new_document

W = nsdecls("w")
REV = 'w:author="Rosalind Achterberg" w:date="2026-09-30T10:00:00Z"'


def raw_runs(paragraph, xml_fragments):
    """Append runs / w:ins / w:del written as raw WordprocessingML."""
    for frag in xml_fragments:
        paragraph._p.append(parse_xml("<w:wrap %s>%s</w:wrap>" % (W, frag))[0])


def run(text):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % text


def ins(text, rid=1):
    return '<w:ins w:id="%d" %s>%s</w:ins>' % (rid, REV, run(text))


def dele(text, rid=2):
    return ('<w:del w:id="%d" %s><w:r><w:delText xml:space="preserve">%s</w:delText></w:r></w:del>'
            % (rid, REV, text))


def hidden(text):
    return '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>' % text


d = new_document("Rosalind Achterberg", "CV")

d.add_heading("Rosalind Achterberg", level=0)
p = d.add_paragraph()
raw_runs(p, [run("Data Engineer · Leeds, UK · +44 113 496 0271 · rosalind.achterberg@example.org"),
             hidden(" · old address: r.achterberg@example.net · Skills: COBOL"),
             run(" · ")])
# LinkedIn as a HYPERLINK field code: the displayed text differs from the target.
raw_runs(p, [
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
    '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://www.linkedin.com/in/rosalind-achterberg-example" </w:instrText></w:r>',
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
    run("my LinkedIn"),
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
])

d.add_heading("Experience", level=1)

p = d.add_paragraph()
raw_runs(p, ['<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Senior Data Engineer</w:t></w:r>',
             run(", Quarry Hill Mutual"),
             dele(" (Oracle DBA)", 3),
             run(" — "),
             dele("Jan 2021", 4),
             ins("Feb 2021", 5),
             run(" – Present")])
d.add_paragraph("Scope: data platform for 2 million members; team of 6; budget £400k a year.")
bullets(d, [
    "Replaced a nightly SSIS load with incremental dbt models on Snowflake, cutting the run from 7 hours to 35 minutes.",
    "Introduced data contracts between 5 source teams and the warehouse.",
])
bullets(d, [
    "Contracts are checked in CI with Great Expectations.",
    "Breaking changes now fail the producer's build, not the dashboard.",
], style="List Bullet 2")
p = d.add_paragraph(style="List Bullet")
raw_runs(p, [run("Moved 14 pipelines from cron to Airflow"), ins(" and cut failed runs by 90%", 6), run(".")])

p = d.add_paragraph()
p.add_run("Data Engineer").bold = True
p.add_run(", Kirkgate Analytics — 2017–2021")
d.add_paragraph(
    "Built and ran the company's first cloud ware\u00adhouse on Google BigQuery, fed by Python "
    "and Apache\u00a0Beam jobs. Over four years the platform grew to 300 daily jobs and the "
    "monthly reporting cycle shrank from 5 days to 1\u200b day.")

p = d.add_paragraph()
p.add_run("Junior BI Developer").bold = True
p.add_run(", Kirkgate Analytics — 2015–2017")
d.add_paragraph("Maintained SSIS packages and SQL Server reports for the sales team.")

d.add_heading("Education", level=1)
d.add_paragraph("MSc Data Science, Aire Valley University, 2016 – 2017 (part-time)")
d.add_paragraph("BSc Mathematics, Aire Valley University, 2012 – 2015")

d.add_heading("Certifications", level=1)
d.add_paragraph("Google Cloud Professional Data Engineer (2022)")
d.add_paragraph("SnowPro Core (2023)")

d.add_heading("Skills", level=1)
d.add_paragraph("Python, SQL, dbt, Snowflake, BigQuery, Apache Beam, Airflow, Great Expectations, Terraform, GCP, SQL Server, SSIS")

d.add_heading("Interests", level=1)
d.add_paragraph("Fell running, bread baking, and mentoring at a local women-in-data meetup.")

# Footer page furniture: "Name – CV – Page N".
footer = d.sections[0].footer.paragraphs[0]
raw_runs(footer, [
    run("Rosalind Achterberg – CV – Page "),
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
    run("1"),
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
])

d.save(sys.argv[1])
