#!/usr/bin/python3
"""Held-out CV h21: iOS developer in Dublin, two-column layout from a one-row table.
The narrow left cell (shaded) holds contact, skills one per line, languages and
education under bold capital labels; the wide right cell holds profile and
experience.  Name and title sit above the table.  "Darts" trap in interests.

Owner: tests/heldout.  Every person, company, school and number is fictional.
usage: h21-mobile-ie-twocolumn.py OUT.docx   (PYTHONPATH must include tools/samples-src/python-docx)
"""
import sys

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, RGBColor

from common import add_hyperlink, new_document

d = new_document("Ciarán Ó Dálaigh", "CV - Ciarán Ó Dálaigh")
d.styles["Normal"].font.size = Pt(10)

p = d.add_paragraph()
r = p.add_run("Ciarán Ó Dálaigh")
r.bold = True
r.font.size = Pt(24)
p = d.add_paragraph()
r = p.add_run("iOS Developer")
r.font.size = Pt(13)
r.font.color.rgb = RGBColor(0x55, 0x55, 0x55)

t = d.add_table(rows=1, cols=2)
t.autofit = False
side, main = t.rows[0].cells
side.width = Cm(5.2)
main.width = Cm(11.8)
side._tc.get_or_add_tcPr().append(parse_xml('<w:shd %s w:val="clear" w:color="auto" w:fill="E8EEF4"/>' % nsdecls("w")))


def label(cell, text, first=False):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.paragraph_format.space_before = Pt(0 if first else 10)
    r = p.add_run(text)
    r.bold = True
    r.font.size = Pt(10.5)
    r.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)


def lines(cell, items):
    for it in items:
        p = cell.add_paragraph(it)
        p.paragraph_format.space_after = Pt(0)


label(side, "CONTACT", first=True)
lines(side, ["Dublin, Ireland", "+353 87 555 0162"])
p = side.add_paragraph()
add_hyperlink(p, "mailto:ciaran.odalaigh@example.com", "ciaran.odalaigh@example.com")
p = side.add_paragraph()
add_hyperlink(p, "https://github.com/cod-example", "github.com/cod-example")

label(side, "SKILLS")
lines(side, ["Swift 5.9", "SwiftUI", "UIKit", "Combine", "Core Data", "XCTest", "Fastlane",
             "Bitrise", "GitHub Actions", "Firebase", "GraphQL", "Objective-C", "Kotlin (basic)"])

label(side, "LANGUAGES")
lines(side, ["English (native)", "Irish (fluent)", "French (basic)"])

label(side, "EDUCATION")
lines(side, ["BSc Computer Science", "Liffey Technological University", "2013 – 2017"])

label(side, "INTERESTS")
lines(side, ["Sea swimming", "Captain of the office darts team", "Photography"])


def job(title, where, items):
    p = main.add_paragraph()
    p.paragraph_format.space_before = Pt(8)
    p.paragraph_format.space_after = Pt(0)
    p.add_run(title).bold = True
    p = main.add_paragraph()
    r = p.add_run(where)
    r.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
    for it in items:
        main.add_paragraph(it, style="List Bullet")


label(main, "PROFILE", first=True)
main.add_paragraph(
    "iOS developer with eight years of shipping consumer apps, most recently in banking. "
    "I care about fast launches, accessible screens and a release train nobody has to babysit.")

label(main, "EXPERIENCE")
job("Senior iOS Developer", "Harbourlight Banking — Dublin  |  Feb 2022 – Present", [
    "Lead a squad of 4 iOS engineers building the retail banking app used by 1.3 million customers.",
    "Rewrote onboarding in SwiftUI; completion rose from 61% to 78%.",
    "Cut cold-start time from 2.4 s to 0.9 s by deferring SDK initialisation.",
    "Set up Fastlane and Bitrise pipelines that ship a TestFlight build on every merge.",
])
job("iOS Developer", "Corrib Travel Tech — Galway  |  Jun 2019 – Jan 2022", [
    "Built the offline boarding-pass wallet with Core Data and PassKit.",
    "Raised crash-free sessions to 99.8% by fixing the top 20 crashes reported in Firebase Crashlytics.",
    "Wrote 350 XCTest unit and UI tests; coverage went from 18% to 64%.",
])
job("Junior Mobile Developer", "Brightwater Apps — Dublin  |  Sep 2017 – May 2019", [
    "Maintained 6 client apps in Swift and Objective-C.",
    "Built a small Android companion app in Kotlin.",
])

d.save(sys.argv[1])
