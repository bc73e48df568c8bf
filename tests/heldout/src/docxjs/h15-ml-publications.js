// Held-out CV h15: ML engineer with publications.  Company in bold with the dates
// right-aligned by a tab stop, position in italics below; "Mar. 2022 – ongoing".
// Producer: the npm `docx` library.  Owner: tests/heldout.  Every person and company is fictional.
// usage: NODE_PATH=tools/samples-src/node_modules node h15-ml-publications.js OUT.docx
"use strict";
const fs = require("fs");
const {
  Document, Packer, Paragraph, TextRun, HeadingLevel, TabStopType, ExternalHyperlink,
} = require("docx");

const h = (text) => new Paragraph({ text, heading: HeadingLevel.HEADING_1 });
const p = (text) => new Paragraph({ text });
const li = (text) => new Paragraph({ text, bullet: { level: 0 } });
const co = (left, right) => new Paragraph({ tabStops: [{ type: TabStopType.RIGHT, position: 9000 }],
  children: [new TextRun({ text: left, bold: true }), new TextRun({ text: "\t" + right })] });
const role = (text) => new Paragraph({ children: [new TextRun({ text, italics: true })] });

const doc = new Document({
  creator: "Tobias Ekström",
  title: "CV Tobias Ekström",
  sections: [{ children: [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun("Tobias Ekström")] }),
    p("Senior Machine Learning Engineer"),
    new Paragraph({ children: [
      new TextRun("Stockholm, Sweden | +46 70 174 06 42 | tobias.ekstrom@example.net | "),
      new ExternalHyperlink({ link: "https://scholar.example.org/citations?user=tekstrom",
        children: [new TextRun({ text: "Google Scholar", style: "Hyperlink" })] }),
      new TextRun(" | "),
      new ExternalHyperlink({ link: "https://github.com/tekstrom-example",
        children: [new TextRun({ text: "github.com/tekstrom-example", style: "Hyperlink" })] }),
    ] }),
    h("Experience"),
    co("Kvarn Audio AB, Stockholm", "Mar. 2022 – ongoing"),
    role("Senior Machine Learning Engineer"),
    li("Trained and deployed a music-tagging transformer in PyTorch that labels 35M tracks in the catalogue."),
    li("Cut GPU inference cost by 60% by distilling the model and serving it with ONNX Runtime on Kubernetes."),
    li("Built a feature pipeline on Feast and BigQuery that serves 4,000 features to 9 models."),
    li("Ran more than 40 online A/B tests of ranking models with the recommendations team."),
    co("Sundsvall Robotics AB, Sundsvall", "Aug. 2019 – Feb. 2022"),
    role("Machine Learning Engineer"),
    li("Built an object-detection pipeline in TensorFlow for warehouse robots; picking errors fell by 28%."),
    li("Set up MLflow experiment tracking and a Kubeflow training pipeline on GCP."),
    co("Lund Institute of Technology", "Sep. 2017 – Jun. 2019"),
    role("Research Assistant"),
    li("Implemented speech-enhancement models in Python and published two workshop papers."),
    h("Publications"),
    p("T. Ekström, A. Lund. Contrastive pre-training for audio tagging at catalogue scale. Proc. ICASSP 2024, pp. 512–516."),
    p("T. Ekström, M. Sato, A. Lund. Distilling audio transformers for cheap inference. Workshop on Efficient ML, NeurIPS 2023."),
    p("T. Ekström. Low-latency speech enhancement on embedded GPUs. Interspeech 2019 Workshop, pp. 88–92."),
    h("Education"),
    p("M.Sc. Machine Learning, Lund Institute of Technology, 2015 – 2017"),
    p("B.Sc. Engineering Physics, Lund Institute of Technology, 2012 – 2015"),
    h("Skills"),
    p("Python, PyTorch, TensorFlow, ONNX Runtime, Hugging Face Transformers, scikit-learn, SQL, BigQuery, Feast, MLflow, Kubeflow, Docker, Kubernetes, GCP"),
    h("Languages"),
    p("Swedish (native), English (fluent), German (good)"),
  ] }],
});

Packer.toBuffer(doc).then((buf) => fs.writeFileSync(process.argv[2], buf));
