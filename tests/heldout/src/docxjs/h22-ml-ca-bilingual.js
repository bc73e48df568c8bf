// Held-out CV h22: Montréal ML engineer, French-English bilingual CV.  Headings
// "Français | English", job titles "French / English", French dates
// ("mai 2022 – à ce jour", "août 2019 – avr. 2022"), French bullets with NBSP
// before "%" and thousands ("15 000"), one job written in English, "jeu de go" trap.
// Producer: the npm `docx` library.  Owner: tests/heldout.  Every person, company
// and school is fictional.
// usage: NODE_PATH=tools/samples-src/node_modules node h22-ml-ca-bilingual.js OUT.docx
"use strict";
const fs = require("fs");
const {
  Document, Packer, Paragraph, TextRun, HeadingLevel, TabStopType, ExternalHyperlink,
} = require("docx");

const NB = "\u00a0";
const h = (text) => new Paragraph({ text, heading: HeadingLevel.HEADING_1 });
const p = (text) => new Paragraph({ text });
const li = (text) => new Paragraph({ text, bullet: { level: 0 } });
const title = (text) => new Paragraph({ spacing: { before: 200 }, children: [new TextRun({ text, bold: true })] });
const where = (left, right) => new Paragraph({
  tabStops: [{ type: TabStopType.RIGHT, position: 9300 }],
  children: [new TextRun({ text: left, italics: true }), new TextRun({ text: "\t" + right, italics: true })] });

const doc = new Document({
  creator: "Geneviève Tremblay-Nguyen",
  title: "CV – Geneviève Tremblay-Nguyen",
  sections: [{ children: [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun("Geneviève Tremblay-Nguyen")] }),
    p("Ingénieure en apprentissage automatique | Machine Learning Engineer"),
    new Paragraph({ children: [
      new TextRun("Montréal (Québec) · (514) 555-0148 · g.tremblaynguyen@example.org · "),
      new ExternalHyperlink({ link: "https://www.linkedin.com/in/gtremblaynguyen-example",
        children: [new TextRun({ text: "linkedin.com/in/gtremblaynguyen-example", style: "Hyperlink" })] }),
    ] }),
    h("Profil | Profile"),
    p("Ingénieure en apprentissage automatique depuis sept ans : détection de fraude, prévision de la demande " +
      "et mise en production de modèles. Machine learning engineer who takes models from notebook to production " +
      "and keeps them honest once they are there."),
    h("Expérience professionnelle | Professional Experience"),
    title("Ingénieure principale en apprentissage automatique / Lead Machine Learning Engineer"),
    where("Boréal IA inc., Montréal (QC)", "mai 2022 – à ce jour"),
    li("Dirige une équipe de 5 personnes qui entraîne et déploie les modèles de détection de fraude (PyTorch, MLflow, Kubernetes)."),
    li(`Réduit les faux positifs de 38${NB}% à 12${NB}% grâce à un modèle de graphes (PyTorch Geometric).`),
    li(`Mise en production d'un service d'inférence qui traite 15${NB}000 requêtes par seconde avec une latence p99 de 40${NB}ms.`),
    li(`Économies de 1,2${NB}M$ par année en pertes de fraude évitées pour 3 banques clientes.`),
    title("Machine Learning Engineer"),
    where("Lakeport Analytics Inc., Toronto (ON)", "août 2019 – avr. 2022"),
    li("Built demand-forecasting models in Python (LightGBM, scikit-learn) for 230 grocery stores; forecast error fell by 17%."),
    li("Moved training jobs from cron to Kubeflow Pipelines on GCP and cut retraining time from 9 hours to 2."),
    li("Wrote the feature store's data-quality checks in Spark and BigQuery."),
    title("Stagiaire de recherche / Research Intern"),
    where("Institut Mauricie des données, Trois-Rivières (QC)", "janv. 2019 – juin 2019"),
    li("Comparé 4 architectures de réseaux de neurones pour la classification d'images satellites."),
    h("Formation | Education"),
    p("M. Sc. informatique / M.Sc. Computer Science — Université de Lanaudière, 2017 – 2019"),
    p("B. Sc. mathématiques / B.Sc. Mathematics — Université de Lanaudière, 2014 – 2017"),
    h("Compétences | Skills"),
    p(`Langages / Languages${NB}: Python, SQL, C++`),
    p(`Apprentissage automatique / ML${NB}: PyTorch, PyTorch Geometric, scikit-learn, LightGBM, MLflow, Kubeflow`),
    p(`Infonuagique / Cloud${NB}: GCP, Kubernetes, Docker`),
    p(`Données / Data${NB}: Spark, BigQuery, PostgreSQL`),
    h("Publications"),
    p("Tremblay-Nguyen, G., Côté, A. (2021). « Graph features for card-fraud detection ». Atelier québécois " +
      "sur l'apprentissage automatique appliqué (AQAA 2021), p. 33–41."),
    h("Langues | Languages"),
    p("Français (langue maternelle) · English (fluent / courant) · Tiếng Việt (conversation)"),
    h("Intérêts | Interests"),
    p("Membre du club de go de Montréal (jeu de go), escalade, photographie argentique."),
  ] }],
});

Packer.toBuffer(doc).then((buf) => fs.writeFileSync(process.argv[2], buf));
