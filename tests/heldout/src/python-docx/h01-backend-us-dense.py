#!/usr/bin/python3
"""Held-out CV h01: dense one-page US resume, right-aligned dates by tab stop.

Owner: tests/heldout (held-out extraction check).  Every person and company is fictional.
usage: h01-backend-us-dense.py OUT.docx   (PYTHONPATH must include tools/samples-src/python-docx)
"""
import sys

from docx.shared import Pt

from common import add_hyperlink, add_tab_stop_right, new_document

d = new_document("Brandon T. Kowalczyk", "Resume - Brandon Kowalczyk")
st = d.styles["Normal"]
st.font.size = Pt(10)


def line(text_left, text_right=None, bold=False, italic=False):
    p = d.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    r = p.add_run(text_left)
    r.bold = bold
    r.italic = italic
    if text_right is not None:
        add_tab_stop_right(p, 10800)
        p.add_run("\t" + text_right)
    return p


def head(text):
    p = d.add_paragraph()
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.space_after = Pt(0)
    r = p.add_run(text)
    r.bold = True
    r.font.size = Pt(11)


def bl(items):
    for it in items:
        p = d.add_paragraph(it, style="List Bullet")
        p.paragraph_format.space_after = Pt(0)


p = d.add_paragraph()
r = p.add_run("Brandon T. Kowalczyk")
r.bold = True
r.font.size = Pt(18)
p = d.add_paragraph("Pittsburgh, PA 15213 • (412) 555-0172 • ")
add_hyperlink(p, "mailto:brandon.kowalczyk@example.com", "brandon.kowalczyk@example.com")
p.add_run(" • ")
add_hyperlink(p, "https://github.com/bkowalczyk-example", "github.com/bkowalczyk-example")

head("EXPERIENCE")
line("Ferrous Freight Technologies, Pittsburgh, PA", "Jun 2021 – Present", bold=True)
line("Senior Software Engineer", italic=True)
bl([
    "Led migration of the rate-quoting service from a Rails monolith to Java 17 / Spring Boot services, cutting p99 latency from 900 ms to 140 ms.",
    "Designed an event-driven billing pipeline on Apache Kafka processing 2.3M events/day with exactly-once delivery.",
    "Reduced PostgreSQL storage costs by 38% through table partitioning and archiving cold shipments to S3.",
    "Mentored 4 engineers and ran the backend guild's weekly design review.",
])
line("Allegheny Health Data, Pittsburgh, PA", "Aug 2017 – May 2021", bold=True)
line("Software Engineer II", "Jan 2019 – May 2021", italic=True)
bl([
    "Built HL7 ingestion APIs in Python (FastAPI) handling 450 requests per second.",
    "Introduced contract tests and Docker-based integration tests; release rollbacks fell from 11 to 2 per quarter.",
])
line("Software Engineer I", "Aug 2017 – Dec 2018", italic=True)
bl([
    "Maintained Ruby on Rails admin tools and wrote Sidekiq background jobs for claim imports.",
])
line("Cobaltline Software, Columbus, OH", "May 2016 – Aug 2016", bold=True)
line("Software Engineering Intern", italic=True)
bl([
    "Wrote a Go command-line tool for log rotation that 30 internal teams adopted.",
])

head("EDUCATION")
line("Three Rivers University, Pittsburgh, PA", "May 2017", bold=True)
line("B.S. Computer Science, minor in Mathematics")

head("SKILLS")
line("Languages: Java, Python, Ruby, Go, SQL")
line("Frameworks: Spring Boot, FastAPI, Ruby on Rails, Sidekiq")
line("Data: PostgreSQL, Apache Kafka, Redis, Elasticsearch")
line("Infrastructure: AWS (ECS, S3, Lambda), Docker, Terraform, GitHub Actions, Datadog")

head("INTERESTS")
line("Bouldering, Rust Belt industrial history, weekend chess tournaments")

d.save(sys.argv[1])
