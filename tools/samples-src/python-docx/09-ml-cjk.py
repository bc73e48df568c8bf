#!/usr/bin/python3
"""Sample CV 09: ML engineer with a CJK name, tab-separated job lines, python-docx.

Owner: tools/samples-src (sample CVs).  Every person and company here is fictional.
usage: 09-ml-cjk.py OUT.docx
"""
import sys

from common import add_hyperlink, add_tab_stop_right, bullets, new_document

d = new_document("Wang Xiaoming", "CV")

d.add_heading("王小明", level=0)
p = d.add_paragraph("Machine Learning Engineer · San Mateo, CA · +1 (650) 555-0172")
p = d.add_paragraph("xiaoming.wang@example.com · ")
add_hyperlink(p, "https://github.com/wang-xiaoming-example", "github.com/wang-xiaoming-example")
p.add_run(" · Wang Xiaoming on ")
add_hyperlink(p, "https://www.linkedin.com/in/wang-xiaoming-example", "LinkedIn")

d.add_heading("Summary", level=1)
d.add_paragraph(
    "ML engineer focused on recommendation and ranking systems, from feature "
    "pipelines to low-latency serving on GPUs.")

d.add_heading("Experience", level=1)
for title, org, when, items in [
    ("Machine Learning Engineer", "Lumen Retail AI", "Jan 2021 – Present", [
        "Trained and served a two-tower recommendation model in PyTorch, raising click-through rate by 12%.",
        "Moved inference to ONNX Runtime on GPUs, cutting p95 latency from 180ms to 35ms at 9k QPS.",
        "Built streaming feature pipelines on Kafka and Feast for 40M daily events.",
        "Set up offline evaluation in Ray that replays 30 days of traffic in under an hour.",
    ]),
    ("Research Intern", "Orchid Vision Lab", "Jun 2019 – Dec 2020", [
        "Fine-tuned BERT models with Hugging Face Transformers for product matching, raising F1 from 0.81 to 0.88.",
        "Wrote the lab's data-loading library in Python (3.11 today, 3.7 at the time).",
    ]),
]:
    p = d.add_paragraph()
    add_tab_stop_right(p)
    p.add_run(title).bold = True
    p.add_run("\t" + org + "\t" + when)
    bullets(d, items)

d.add_heading("Education", level=1)
d.add_paragraph("M.S. Computer Science\tEastbay Institute of Technology\t2018 – 2020\tGPA 3.9/4.0")
d.add_paragraph("B.Eng. Software Engineering\tHaixin University\t2014 – 2018\t(Spring term 2016 exchange at Kamogawa University)")

d.add_heading("Skills", level=1)
d.add_paragraph("Languages: Python, SQL, C++")
d.add_paragraph("ML: PyTorch, TensorFlow, ONNX Runtime, Hugging Face Transformers, scikit-learn")
d.add_paragraph("Data & infra: Kafka, Feast, Apache Spark, Ray, Docker, Kubernetes, MLflow")

d.add_heading("Publications", level=1)
d.add_paragraph("Wang X., Okoro T. Two-tower retrieval at small scale. Workshop on Applied Recommender Systems, 2023.")

d.add_heading("Languages", level=1)
d.add_paragraph("Mandarin Chinese (native), English (fluent)")

d.save(sys.argv[1])
