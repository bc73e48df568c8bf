#!/usr/bin/python3
"""Held-out CV h17: engineering manager; name and contact in a two-cell header table,
"Title" bold then "Company · City" then "Mon YYYY – Present" lines; "Spring 2024" trap.

Owner: tests/heldout.  Every person and company is fictional.
usage: h17-engmanager.py OUT.docx   (PYTHONPATH must include tools/samples-src/python-docx)
"""
import sys

from docx.shared import Pt

from common import add_hyperlink, bullets, new_document

d = new_document("Adaeze Nwosu-Clarke", "Adaeze Nwosu-Clarke - Engineering Manager")

t = d.add_table(rows=1, cols=2)
left, right = t.rows[0].cells
p = left.paragraphs[0]
r = p.add_run("Adaeze Nwosu-Clarke")
r.bold = True
r.font.size = Pt(20)
left.add_paragraph("Engineering Manager")
right.paragraphs[0].text = "Seattle, WA"
right.add_paragraph("(206) 555-0164")
p = right.add_paragraph()
add_hyperlink(p, "mailto:adaeze.nwosu.clarke@example.com", "adaeze.nwosu.clarke@example.com")
p = right.add_paragraph()
add_hyperlink(p, "https://www.linkedin.com/in/adaeze-nwosu-clarke-example", "linkedin.com/in/adaeze-nwosu-clarke-example")

d.add_heading("Summary", level=2)
d.add_paragraph(
    "Engineering manager for payments teams. I hire carefully, coach tech leads, and keep a steady "
    "delivery rhythm while the business changes its mind.")

d.add_heading("Experience", level=2)


def job(title, where, dates, items):
    p = d.add_paragraph()
    p.add_run(title).bold = True
    d.add_paragraph(where)
    d.add_paragraph(dates)
    bullets(d, items)


job("Engineering Manager, Payments Platform", "Rainier Commerce · Seattle, WA", "Apr 2022 – Present", [
    "Manage 2 teams (13 engineers, 2 tech leads) that own checkout and payouts.",
    "Hired 9 engineers in 2023 with a structured interview loop; offer acceptance reached 85%.",
    "Moved deployments from weekly to daily and cut the change-failure rate from 18% to 6%.",
    "Led the Spring 2024 planning cycle across 4 teams and the PCI DSS recertification with no major findings.",
])
job("Senior Software Engineer / Tech Lead", "Rainier Commerce · Seattle, WA", "Jan 2019 – Mar 2022", [
    "Tech lead for a team of 6 building the payouts service in Java and Kotlin on AWS.",
    "Designed the DynamoDB data model for payouts, handling $40M a week.",
])
job("Software Engineer", "Puget Analytics · Bellevue, WA", "Jul 2014 – Dec 2018", [
    "Built ETL jobs and REST APIs in Python and PostgreSQL for retail clients.",
])

d.add_heading("Education", level=2)
d.add_paragraph("B.S. Computer Engineering, Cascade State University, 2010 – 2014")

d.add_heading("Skills", level=2)
d.add_paragraph("Leadership: hiring, coaching, performance reviews, roadmap planning, OKRs, Agile")
d.add_paragraph("Technical: Java, Kotlin, Python, AWS, DynamoDB, PostgreSQL, system design, PCI DSS")

d.save(sys.argv[1])
