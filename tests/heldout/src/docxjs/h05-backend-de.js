// Held-out CV h05: German backend CV ("Lebenslauf") with a dates/content table,
// "seit 04/2021", "10.2017 – 03.2021", German results ("um 35 %", "1,5 Mio.").
// Producer: the npm `docx` library.  Owner: tests/heldout.  Every person and company is fictional.
// usage: NODE_PATH=tools/samples-src/node_modules node h05-backend-de.js OUT.docx
"use strict";
const fs = require("fs");
const {
  Document, Packer, Paragraph, TextRun, HeadingLevel, Table, TableRow, TableCell, WidthType, BorderStyle,
} = require("docx");

const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const borders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
const h = (text) => new Paragraph({ text, heading: HeadingLevel.HEADING_1 });
const p = (text) => new Paragraph({ text });
const b = (text) => new Paragraph({ children: [new TextRun({ text, bold: true })] });
const li = (text) => new Paragraph({ text, bullet: { level: 0 } });
const row = (left, right) => new TableRow({ children: [
  new TableCell({ width: { size: 2200, type: WidthType.DXA }, children: [p(left)] }),
  new TableCell({ width: { size: 7400, type: WidthType.DXA }, children: right }),
] });
const table = (rows) => new Table({ width: { size: 9600, type: WidthType.DXA }, borders, rows });

const doc = new Document({
  creator: "Jonas Weißenfels",
  title: "Lebenslauf",
  sections: [{ children: [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun("Jonas Weißenfels")] }),
    p("Senior Backend-Entwickler"),
    h("Persönliche Daten"),
    table([
      row("Anschrift", [p("Beispielweg 7, 10115 Berlin")]),
      row("Telefon", [p("+49 30 901820 77")]),
      row("E-Mail", [p("jonas.weissenfels@example.com")]),
      row("GitHub", [p("github.com/jweissenfels-example")]),
      row("Geburtsdatum", [p("02.11.1992")]),
    ]),
    h("Berufserfahrung"),
    table([
      row("seit 04/2021", [
        b("Senior Backend-Entwickler"),
        p("Spreeblick Logistik GmbH, Berlin"),
        li("Entwicklung von Microservices mit Kotlin und Spring Boot für die Tourenplanung."),
        li("Antwortzeit der Sendungsverfolgung von 800 ms auf 120 ms gesenkt (Caching mit Redis)."),
        li("Verarbeitung von 1,5 Mio. Sendungsereignissen pro Tag über Apache Kafka."),
        li("Fachliche Leitung eines Teams von 5 Entwickler:innen."),
      ]),
      row("10.2017 – 03.2021", [
        b("Softwareentwickler"),
        p("Havelsoft AG, Potsdam"),
        li("Weiterentwicklung eines Abrechnungssystems in Java mit Hibernate und PostgreSQL."),
        li("Testabdeckung mit JUnit und Testcontainers von 40 % auf 85 % erhöht."),
        li("Cloud-Kosten durch Umzug auf Kubernetes um 35 % reduziert."),
      ]),
      row("10.2015 – 09.2017", [
        b("Werkstudent Softwareentwicklung"),
        p("Havelsoft AG, Potsdam"),
        li("Interne Werkzeuge in Python geschrieben und REST-Schnittstellen dokumentiert."),
      ]),
    ]),
    h("Ausbildung"),
    table([
      row("10.2012 – 09.2017", [b("B.Sc. Informatik"), p("Universität Teltow, Note 1,7")]),
    ]),
    h("IT-Kenntnisse"),
    p("Programmiersprachen: Kotlin, Java, Python, SQL"),
    p("Frameworks: Spring Boot, Hibernate, JUnit, Testcontainers"),
    p("Datenbanken & Messaging: PostgreSQL, Redis, Apache Kafka"),
    p("Werkzeuge: Docker, Kubernetes, Gradle, Git, GitLab CI"),
    h("Sprachkenntnisse"),
    p("Deutsch (Muttersprache), Englisch (fließend, C1), Französisch (Grundkenntnisse)"),
    h("Hobbys"),
    p("Klettern, Go-Kart fahren, Kaffee rösten"),
  ] }],
});

Packer.toBuffer(doc).then((buf) => fs.writeFileSync(process.argv[2], buf));
