#!/usr/bin/python3
"""Held-out CV h13: mobile developer with App Store / Google Play links.

Family name first in capitals, "2021.06 – present" dates, title — company — city
in one bold line.  Owner: tests/heldout.  Every person, company and app is fictional.
usage: h13-mobile-appstore.py OUT.docx   (PYTHONPATH must include tools/samples-src/python-docx)
"""
import sys

from docx.shared import Pt

from common import add_hyperlink, bullets, new_document

d = new_document("Park Hye-jin", "Resume")

p = d.add_paragraph()
r = p.add_run("PARK Hye-jin")
r.bold = True
r.font.size = Pt(22)
d.add_paragraph("Senior iOS Developer · Vancouver, BC, Canada")
p = d.add_paragraph("+1 604 555 0123 · ")
add_hyperlink(p, "mailto:hyejin.park@example.com", "hyejin.park@example.com")
p.add_run(" · ")
add_hyperlink(p, "https://github.com/hyejinpark-example", "GitHub")

d.add_heading("Apps I shipped", level=1)
p = d.add_paragraph("Tidepool Tracker (iOS) – ")
add_hyperlink(p, "https://apps.apple.com/app/tidepool-tracker/id0000000001", "apps.apple.com/app/tidepool-tracker/id0000000001")
p = d.add_paragraph("Tidepool Tracker (Android) – ")
add_hyperlink(p, "https://play.google.com/store/apps/details?id=com.example.tidepool", "play.google.com/store/apps/details?id=com.example.tidepool")
p = d.add_paragraph("Hanbit Wallet (Android) – ")
add_hyperlink(p, "https://play.google.com/store/apps/details?id=com.example.hanbitwallet", "Google Play")

d.add_heading("Work Experience", level=1)


def job(title, company, city, dates, items):
    p = d.add_paragraph()
    p.add_run("%s — %s — %s" % (title, company, city)).bold = True
    d.add_paragraph(dates)
    bullets(d, items)


job("Senior iOS Developer", "Cedar & Pine Studio", "Vancouver", "2021.06 – present", [
    "Shipped 14 releases of Tidepool Tracker in Swift and SwiftUI; the app holds 4.8 stars from 22k ratings.",
    "Cut cold-start time from 2.4 s to 0.9 s by lazy-loading the map module and trimming Core Data fetches.",
    "Raised crash-free sessions from 97.1% to 99.7% with Firebase Crashlytics triage every Monday.",
    "Set up a Fastlane and GitHub Actions pipeline that publishes TestFlight builds on every merge.",
])
job("Android Developer", "Hanbit Mobile", "Seoul", "2018.03 – 2021.05", [
    "Built the Hanbit Wallet payment screens in Kotlin with Jetpack Compose, Kotlin Coroutines and Room.",
    "Reduced APK size by 35% by moving to Android App Bundles and removing unused libraries.",
    "Wrote the shared networking layer used by 3 apps (Retrofit, OkHttp).",
])
job("Mobile Developer Intern", "Hanbit Mobile", "Seoul", "2017.07 – 2017.08", [
    "Wrote UI tests with Espresso for the login flow.",
])

d.add_heading("Education", level=1)
d.add_paragraph("B.Eng. Computer Science and Engineering, Hangang National University, 2014.03 – 2018.02")

d.add_heading("Skills", level=1)
d.add_paragraph("iOS: Swift, SwiftUI, UIKit, Combine, Core Data, XCTest, TestFlight")
d.add_paragraph("Android: Kotlin, Jetpack Compose, Kotlin Coroutines, Room, Retrofit, Espresso")
d.add_paragraph("Tooling: Fastlane, GitHub Actions, Firebase Crashlytics, Git")

d.add_heading("Languages", level=1)
d.add_paragraph("Korean (native), English (fluent), Japanese (basic)")

d.add_heading("Interests", level=1)
d.add_paragraph("Film photography, reading Murakami and Kafka on long flights, bouldering.")

d.save(sys.argv[1])
