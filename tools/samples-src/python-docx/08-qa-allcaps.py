#!/usr/bin/python3
"""Sample CV 08: QA engineer, ALL-CAPS name, python-docx producer, trap words.

Owner: tools/samples-src (sample CVs).  Every person and company here is fictional.
usage: 08-qa-allcaps.py OUT.docx
"""
import sys

from docx.shared import Pt

from common import add_hyperlink, bullets, new_document

d = new_document("Margaret O'Connell", "Resume")

p = d.add_paragraph()
r = p.add_run("MARGARET O'CONNELL")
r.bold = True
r.font.size = Pt(20)
d.add_paragraph("QA Automation Engineer | Boston, MA")
p = d.add_paragraph("+1 617 555 0189 | ")
add_hyperlink(p, "mailto:margaret.oconnell@example.com", "margaret.oconnell@example.com")
p.add_run(" | ")
add_hyperlink(p, "https://www.linkedin.com/in/margaret-oconnell-example", "LinkedIn")

d.add_heading("SUMMARY:", level=1)
d.add_paragraph(
    "Test automation engineer who builds fast, trustworthy end-to-end suites and "
    "helps developers own quality. Calm in incidents, picky about flaky tests.")

d.add_heading("EXPERIENCE:", level=1)
p = d.add_paragraph()
p.add_run("Senior QA Engineer").bold = True
d.add_paragraph("Lattice Payroll Inc.")
d.add_paragraph("since 2018")
bullets(d, [
    "Built a Playwright and TypeScript end-to-end suite of 1,400 tests that runs in 11 minutes on every merge.",
    "Reduced escaped defects by 52% year over year by adding contract tests with Pact between 12 services.",
    "Cut flaky test reruns from 15% to under 2% with a quarantine job in Jenkins.",
    "I react calmly when a release goes sideways and keep the triage call focused on facts.",
])
p = d.add_paragraph()
p.add_run("QA Analyst").bold = True
d.add_paragraph("Greystone Insurance Group")
d.add_paragraph("Sept. 2016 – Mar 2018")
bullets(d, [
    "Wrote and maintained 600 manual test cases for the policy administration system.",
    "Automated the regression pack with Selenium WebDriver and Python (pytest), cutting regression time from 3 days to 4 hours.",
])

d.add_heading("EDUCATION:", level=1)
d.add_paragraph("BA Mathematics, Wexford Hill College, 2012 – 2016")

d.add_heading("CERTIFICATIONS:", level=1)
d.add_paragraph("ISTQB Certified Tester, Foundation Level (2017)")

d.add_heading("SKILLS:", level=1)
d.add_paragraph("Playwright, Selenium, Cypress, TypeScript, Python, pytest, Postman, Pact, Jenkins, Jira, SQL")

d.add_heading("INTERESTS:", level=1)
d.add_paragraph("Roasting my own Java beans at home, coaching an under-12 football team, trail running.")

d.save(sys.argv[1])
