// Sample CV 18 (tricky): the name and every contact detail live only in the page
// header; a footer carries page furniture; company and title sit on separate
// lines, company first; numbered lists; "Q3 2021 – to date", "2019–21".
// Producer: the npm `docx` library.  Owner: tools/samples-src (sample CVs).
// Every person and company here is fictional.   usage: node 18-tricky-headeronly.js OUT.docx
"use strict";
const fs = require("fs");
const {
  Document, Packer, Paragraph, TextRun, HeadingLevel, Header, Footer, AlignmentType,
  ExternalHyperlink, LevelFormat, PageNumber,
} = require("docx");

const h = (text) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 });
const p = (text) => new Paragraph({ text });
const company = (text) => new Paragraph({ children: [new TextRun({ text, bold: true, smallCaps: true })] });
const item = (text, ref) => new Paragraph({ text, numbering: { reference: ref, level: 0 } });

const doc = new Document({
  creator: "Kwame Mensah-Boateng",
  title: "Résumé",
  numbering: {
    config: ["job1", "job2", "job3"].map((reference) => ({
      reference,
      levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START,
        style: { paragraph: { indent: { left: 560, hanging: 280 } } } }],
    })),
  },
  sections: [{
    headers: {
      default: new Header({ children: [
        new Paragraph({ alignment: AlignmentType.CENTER,
          children: [new TextRun({ text: "Kwame Mensah-Boateng", bold: true, size: 32 })] }),
        new Paragraph({ alignment: AlignmentType.CENTER, children: [
          new TextRun("Platform Backend Engineer  |  Toronto, ON  |  +1-416-555-0199  |  kwame.mb@example.com  |  "),
          new ExternalHyperlink({ link: "https://github.com/kwame-mb-example",
            children: [new TextRun({ text: "github.com/kwame-mb-example", style: "Hyperlink" })] }),
        ] }),
      ] }),
    },
    footers: {
      default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.RIGHT,
        children: [new TextRun({ children: ["Kwame Mensah-Boateng – Résumé – Page ", PageNumber.CURRENT] })] })] }),
    },
    children: [
      h("Professional Summary"),
      p("Backend engineer working on internal platforms: job schedulers, service templates and the APIs " +
        "other teams build on. Comfortable in Java and Go; happiest when a design doc saves a rewrite."),

      h("Employment"),
      company("Maplebridge Insurance"),
      p("Staff Software Engineer, Platform"),
      p("Q3 2021 – to date"),
      item("Designed a multi-tenant job scheduler in Go that runs 1.5M jobs a day for 30 teams.", "job1"),
      item("Cut new-service setup from 2 weeks to 1 day with a golden-path template (Java, Spring Boot, Gradle).", "job1"),
      item("Chaired the API review group and wrote the company's REST and gRPC guidelines.", "job1"),

      company("Loonie Logistics"),
      p("Senior Software Engineer"),
      p("2019–21"),
      item("Split a monolith into 8 services communicating over Kafka, lowering deploy risk and shrinking release cycles from monthly to daily.", "job2"),
      item("Added PostgreSQL connection pooling with PgBouncer, raising throughput to 4,000 QPS.", "job2"),

      company("Ridgeway Software"),
      p("Software Developer"),
      p("2014 – 2019"),
      item("Maintained billing APIs in Java for 120 enterprise customers.", "job3"),

      h("Education"),
      p("BASc Computer Engineering — Lakeshore Polytechnic University, 2010 – 2014"),

      h("Awards"),
      p("Platform Excellence Award, Maplebridge Insurance, 2023"),

      h("Languages"),
      p("English, Twi, French"),

      h("Technical Skills"),
      p("Java, Go, Spring Boot, Gradle, Kafka, PostgreSQL, PgBouncer, gRPC, REST, Docker, Kubernetes, GCP"),
    ],
  }],
});

Packer.toBuffer(doc).then((buf) => fs.writeFileSync(process.argv[2], buf));
