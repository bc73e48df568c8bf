// Sample CV 10: application security engineer, Vietnamese name, jobs in a
// three-column table, hyperlinks, "Kafka" and "rust-coloured" as trap words.
// Producer: the npm `docx` library.  Owner: tools/samples-src (sample CVs).
// Every person and company here is fictional.   usage: node 10-security-vi.js OUT.docx
"use strict";
const fs = require("fs");
const {
  Document, Packer, Paragraph, TextRun, HeadingLevel, Table, TableRow, TableCell,
  WidthType, ExternalHyperlink, BorderStyle,
} = require("docx");

const link = (url, text) =>
  new ExternalHyperlink({ link: url, children: [new TextRun({ text, style: "Hyperlink" })] });
const h = (text) => new Paragraph({ text, heading: HeadingLevel.HEADING_1 });
const p = (text) => new Paragraph({ text });
const bullet = (text) => new Paragraph({ text, bullet: { level: 0 } });
const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };

const jobRow = (position, company, dates) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [new TableRow({ children: [
      new TableCell({ width: { size: 45, type: WidthType.PERCENTAGE },
        children: [new Paragraph({ children: [new TextRun({ text: position, bold: true })] })] }),
      new TableCell({ width: { size: 30, type: WidthType.PERCENTAGE }, children: [p(company)] }),
      new TableCell({ width: { size: 25, type: WidthType.PERCENTAGE }, children: [p(dates)] }),
    ] })],
  });

const doc = new Document({
  creator: "Nguyễn Thị Thu Hà",
  title: "CV – Nguyễn Thị Thu Hà",
  description: "Curriculum vitae",
  sections: [{
    children: [
      new Paragraph({ text: "Nguyễn Thị Thu Hà", heading: HeadingLevel.TITLE }),
      p("Application Security Engineer · Manchester, UK"),
      new Paragraph({ children: [
        new TextRun("+44 161 496 0994 · "),
        link("mailto:thuha.nguyen@example.net", "thuha.nguyen@example.net"),
        new TextRun(" · "),
        link("https://www.linkedin.com/in/thuha-nguyen-example", "linkedin.com/in/thuha-nguyen-example"),
        new TextRun(" · "),
        link("https://github.com/thuha-sec-example", "GitHub"),
      ] }),

      h("Profile"),
      p("Security engineer who started as a penetration tester and now builds the guard rails " +
        "that let product teams ship safely: threat models, secure defaults and scanning that developers do not hate."),

      h("Experience"),
      jobRow("Senior Application Security Engineer", "Corvid Bank plc", "Jun 2020 – Present"),
      bullet("Ran threat-modelling sessions for 35 services before their first production release."),
      bullet("Rolled out SAST and dependency scanning across 220 repositories; critical findings open for more than 30 days fell by 80%."),
      bullet("Led the technical response to 3 security incidents, each contained within 6 hours."),
      bullet("Ran the public bug bounty programme, which paid out £48k for 71 valid reports in its first year."),
      jobRow("Penetration Tester", "Saltmarsh Security Ltd", "Aug 2016 – May 2020"),
      bullet("Delivered 90+ web, mobile and API penetration tests for banks and retailers."),
      bullet("Wrote internal tooling in Python and Go to chain Burp Suite findings into client reports."),

      h("Education"),
      p("MSc Information Security, Pennine University, 2015 – 2016"),
      p("BSc Computer Science, Pennine University, 2012 – 2015"),

      h("Certifications"),
      bullet("OSCP (2017)"),
      bullet("CISSP (2021)"),

      h("Skills"),
      p("Burp Suite, OWASP ZAP, Semgrep, Python, Go, AWS, Kubernetes, Terraform, OAuth 2.0, Splunk, threat modelling"),

      h("Interests"),
      p("Restoring a rust-coloured 1972 scooter, reading Kafka's novels in Vietnamese translation, bouldering."),
    ],
  }],
});

Packer.toBuffer(doc).then((buf) => fs.writeFileSync(process.argv[2], buf));
