// Sample CV 11: director of engineering, promotion within one company, business
// words that are not skills ("go-to-market", "R&D", "excel at", "Swift response").
// Producer: the npm `docx` library.  Owner: tools/samples-src (sample CVs).
// Every person and company here is fictional.   usage: node 11-management.js OUT.docx
"use strict";
const fs = require("fs");
const {
  Document, Packer, Paragraph, TextRun, HeadingLevel, ExternalHyperlink, Header, AlignmentType,
} = require("docx");

const heading = (text) => new Paragraph({ children: [new TextRun({ text, bold: true, allCaps: true, size: 26 })],
  spacing: { before: 240, after: 80 } });
const p = (text) => new Paragraph({ text });
const bold = (text) => new Paragraph({ children: [new TextRun({ text, bold: true })] });
const bullet = (text) => new Paragraph({ text, bullet: { level: 0 } });

const doc = new Document({
  creator: "Tomás Echeverría",
  title: "Tomás Echeverría – Director of Engineering",
  sections: [{
    headers: {
      default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT,
        children: [new TextRun({ text: "Tomás Echeverría – CV", size: 16, color: "777777" })] })] }),
    },
    children: [
      new Paragraph({ alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: "Tomás Echeverría", bold: true, size: 40 })] }),
      new Paragraph({ alignment: AlignmentType.CENTER, children: [
        new TextRun("Director of Engineering · Austin, TX · +1 512-555-0110 x 23 · tomas.echeverria@example.org · "),
        new ExternalHyperlink({ link: "https://linkedin.com/in/tomas-echeverria-example",
          children: [new TextRun({ text: "LinkedIn profile", style: "Hyperlink" })] }),
      ] }),

      heading("Summary"),
      p("Engineering leader with 15 years in B2B software. I excel at turning vague goals into plans " +
        "teams believe in, hiring well, and keeping delivery predictable without burning people out."),

      heading("Professional experience"),
      bold("Quaystone Software, Austin"),
      p("Director of Engineering, Feb 2020 – Present"),
      bullet("Grew the engineering organisation from 18 to 55 people across 7 teams while keeping regretted attrition under 5%."),
      bullet("Worked with product and sales on the go-to-market plan for the analytics tier, which reached $6.5M ARR in its first year."),
      bullet("Brought R&D spend down from 42% to 31% of revenue while keeping the roadmap on schedule."),
      bullet("Introduced quarterly OKRs and a lightweight architecture review board."),
      p("Engineering Manager, Mar 2017 – Jan 2020"),
      bullet("Managed 2 teams (11 engineers) building the reporting platform on Java and AWS."),
      bullet("Raised on-time delivery of committed roadmap items from 60% to 90%."),
      bullet("Customers praised our Swift response to a data-export outage in 2018: service restored in 40 minutes."),
      bold("Fieldmark Systems, Dallas"),
      p("Senior Software Engineer, 2011–2017"),
      bullet("Built order-management services in Java and Python and led a team of 4 engineers."),

      heading("Education"),
      p("MBA, Lone Oak Business School, 2015 – 2017"),
      p("BS Computer Science, Lone Oak University, 2007 – 2011"),

      heading("Skills"),
      p("Leadership: hiring, coaching, budgeting, OKRs, Agile, Scrum"),
      p("Technical: Java, Python, AWS, PostgreSQL, system design"),

      heading("Languages"),
      p("Spanish (native), English (native)"),
    ],
  }],
});

Packer.toBuffer(doc).then((buf) => fs.writeFileSync(process.argv[2], buf));
