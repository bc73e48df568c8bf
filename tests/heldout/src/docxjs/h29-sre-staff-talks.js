// Held-out CV h29: staff SRE in Berlin with a long talks and publications list.
// "Different first page": the first-page header holds the contact line, the
// running header of later pages repeats the name; footer page numbers.  Jobs as
// one bold "Title · Company · City" line, then "Month YYYY – present (N yrs)".
// Talks and papers carry years, volume/issue and page ranges (not results);
// "at the helm" trap.
// Producer: the npm `docx` library.  Owner: tests/heldout.  Every person, company,
// conference, journal and number is fictional.
// usage: NODE_PATH=tools/samples-src/node_modules node h29-sre-staff-talks.js OUT.docx
"use strict";
const fs = require("fs");
const {
  Document, Packer, Paragraph, TextRun, HeadingLevel, Header, Footer, AlignmentType,
  ExternalHyperlink, PageNumber,
} = require("docx");

const h = (text) => new Paragraph({ text, heading: HeadingLevel.HEADING_1 });
const p = (text) => new Paragraph({ text });
const li = (text) => new Paragraph({ text, bullet: { level: 0 } });
const job = (text) => new Paragraph({ spacing: { before: 160 }, children: [new TextRun({ text, bold: true })] });
const when = (text) => new Paragraph({ children: [new TextRun({ text, color: "666666", size: 19 })] });

const doc = new Document({
  creator: "Leonie Brandt",
  title: "Leonie Brandt – CV",
  sections: [{
    properties: { titlePage: true },
    headers: {
      first: new Header({ children: [
        new Paragraph({ alignment: AlignmentType.RIGHT, children: [
          new TextRun("Berlin, Germany  ·  +49 30 901820 57  ·  leonie.brandt@example.com  ·  "),
          new ExternalHyperlink({ link: "https://leoniebrandt.example.org",
            children: [new TextRun({ text: "leoniebrandt.example.org", style: "Hyperlink" })] }),
        ] }),
      ] }),
      default: new Header({ children: [
        new Paragraph({ alignment: AlignmentType.RIGHT,
          children: [new TextRun({ text: "Leonie Brandt — Staff Site Reliability Engineer", italics: true })] }),
      ] }),
    },
    footers: {
      first: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES] })] })] }),
      default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES] })] })] }),
    },
    children: [
      new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun("Leonie Brandt")] }),
      p("Staff Site Reliability Engineer"),

      h("Summary"),
      p("Fourteen years keeping large systems up, the last five as the reliability lead for a music-streaming " +
        "platform. I design SLO programs, run incident reviews people look forward to, and speak and write " +
        "about making on-call humane."),

      h("Experience"),
      job("Staff Site Reliability Engineer · Spreeklang Music GmbH · Berlin"),
      when("October 2021 – present (5 yrs)"),
      li("Technical lead for reliability across 9 product teams and about 300 services."),
      li("Designed the SLO program: 140 SLOs with burn-rate alerts in Prometheus and Grafana; pages per on-call week fell from 41 to 9."),
      li("Led the migration of 2 data centres to AWS (EKS, Terraform), finishing 3 months early."),
      li("At the helm of the incident review guild; median time to mitigate dropped from 52 to 18 minutes."),

      job("Senior Site Reliability Engineer · Tempelhof Mobility SE · Berlin"),
      when("March 2017 – September 2021 (4 yrs 7 mos)"),
      li("Built the chaos-engineering practice: 60 game days across 14 teams."),
      li("Wrote a Go operator for PostgreSQL failover on Kubernetes, open-sourced as pg-steward (1,200 GitHub stars)."),
      li("Cut AWS spend by 27% with spot instances and rightsizing."),

      job("Systems Engineer · Kreuzberg Hosting AG · Berlin"),
      when("January 2012 – February 2017 (5 yrs 2 mos)"),
      li("Operated 2,000 bare-metal Linux servers with Puppet and Nagios."),
      li("Automated kernel patching with Python, cutting patch cycles from 6 weeks to 5 days."),

      h("Talks"),
      li("“Error budgets that product managers actually read” — ReliabilityConf Europe 2025, Lisbon (keynote)"),
      li("“Game days without the drama” — Cloud Native Days Berlin 2024"),
      li("“Burn-rate alerts for services nobody calls at night” — ReliabilityConf Europe 2023, Dublin"),
      li("“Postmortems as a product” — OpsSummit Nordics 2022, Oslo"),
      li("“Operating PostgreSQL on Kubernetes without tears” — PGDay Spree 2021 (online)"),
      li("“Chaos engineering for teams that are already tired” — Berlin SRE Circle meetup, 2019"),
      li("“From Nagios to SLOs in 18 steps” — Hosting Ops Forum 2016, Hamburg"),

      h("Publications"),
      li("Brandt, L., Okoro, T. (2024). Burn-rate alerting for low-traffic services. Journal of Systems Operations 12(3), pp. 45–58."),
      li("Brandt, L. (2022). Chaos experiments as regression tests. In: Proceedings of the Workshop on Resilient Infrastructure (WRI ’22), pp. 11–18."),
      li("Brandt, L. (2020). Operating PostgreSQL on Kubernetes. Chapter 7 in: M. Hale (ed.), The Cloud Operations Handbook, 2nd edn. Spreeufer Verlag."),
      li("Brandt, L., Vogel, K. (2018). Humane on-call rotations. Operations Quarterly 4(1), pp. 3–9."),

      h("Education"),
      p("Diplom-Informatikerin (Computer Science), Technische Hochschule Havelland, 2006 – 2011"),

      h("Skills"),
      p("Reliability: SLOs, error budgets, incident management, chaos engineering, capacity planning"),
      p("Platforms: Kubernetes, EKS, AWS, Terraform, Linux"),
      p("Observability: Prometheus, Grafana, OpenTelemetry"),
      p("Languages: Go, Python, Bash"),
      p("Databases: PostgreSQL"),

      h("Languages"),
      p("German (native), English (C2), Yoruba (conversational)"),
    ],
  }],
});

Packer.toBuffer(doc).then((buf) => fs.writeFileSync(process.argv[2], buf));
