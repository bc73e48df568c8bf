// Held-out CV h09: career changer from nursing to QA.  Heading 2 sections,
// "Title" bold then "Company · City · dates" with middle dots; "react quickly" trap.
// Producer: the npm `docx` library.  Owner: tests/heldout.  Every person and company is fictional.
// usage: NODE_PATH=tools/samples-src/node_modules node h09-qa-nurse.js OUT.docx
"use strict";
const fs = require("fs");
const { Document, Packer, Paragraph, TextRun, HeadingLevel, ExternalHyperlink } = require("docx");

const h = (text) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 });
const p = (text) => new Paragraph({ text });
const b = (text) => new Paragraph({ children: [new TextRun({ text, bold: true })] });
const i = (text) => new Paragraph({ children: [new TextRun({ text, italics: true })] });
const li = (text) => new Paragraph({ text, bullet: { level: 0 } });

const doc = new Document({
  creator: "Maribel Santos",
  title: "Maribel Santos resume",
  sections: [{ children: [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun("Maribel Santos, RN")] }),
    p("QA Analyst · Toronto, ON"),
    new Paragraph({ children: [
      new TextRun("(416) 555-0139 · maribel.santos@example.com · "),
      new ExternalHyperlink({ link: "https://www.linkedin.com/in/maribel-santos-example",
        children: [new TextRun({ text: "linkedin.com/in/maribel-santos-example", style: "Hyperlink" })] }),
    ] }),
    h("Profile"),
    p("Former registered nurse, now a QA analyst for clinical software. Nine years on hospital wards taught me to " +
      "follow a checklist, notice what is off, and escalate clearly. I bring that to test plans and bug reports."),
    h("Experience"),
    b("QA Analyst"),
    i("Northwind Clinical Software · Toronto, ON · March 2024 – Present"),
    li("Write and run test plans for the medication-ordering module used in 11 hospitals."),
    li("Automated 180 regression cases with Cypress and JavaScript, cutting the regression cycle from 5 days to 1."),
    li("Test FHIR APIs with Postman and check results against the database with SQL."),
    li("Add clinical context to every defect in Jira; 30% fewer bugs are bounced back as cannot-reproduce."),
    b("Junior QA Tester (contract)"),
    i("Lakeshore Health Apps · Remote · September 2023 – February 2024"),
    li("Ran exploratory tests of a patient portal on iOS and Android phones and logged 140 defects in TestRail."),
    b("Registered Nurse, Surgical Unit"),
    i("St. Brigid's General Hospital · Mississauga, ON · June 2014 – July 2023"),
    li("Cared for up to 6 patients per shift on a 32-bed surgical unit."),
    li("As night charge nurse, coordinated a team of 5 nurses and handled escalations with worried families."),
    li("Trained to react quickly to deteriorating patients and to stay calm in codes."),
    li("Super-user for the electronic health record rollout: trained 40 colleagues and reported 25 defects to the vendor."),
    h("Education"),
    p("QA Engineering Certificate, Maple Tech Bootcamp, 2023"),
    p("Bachelor of Science in Nursing, Bayview University, 2010 – 2014"),
    h("Certifications"),
    p("ISTQB Certified Tester Foundation Level (CTFL), 2023"),
    h("Skills"),
    p("Test planning · Exploratory testing · Regression testing · Cypress · JavaScript · Postman · API testing · SQL · Jira · TestRail"),
  ] }],
});

Packer.toBuffer(doc).then((buf) => fs.writeFileSync(process.argv[2], buf));
