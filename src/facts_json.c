/* facts_json.c - --facts (JSON Resume v1.2.1 + "x-prepgen") and --explain.
 *
 * Owner: extraction stage (issue 3).  Consumes struct prep_facts (and the
 * doc, for source positions); produces one JSON object on a FILE.  jansson
 * is confined to this file.  Key order is insertion order (jansson >= 2.8
 * keeps it), so output is byte-stable for the same facts.  The object is
 * built and serialised completely before anything is written: on an error
 * nothing reaches stdout.
 *
 * JSON Resume has no place for role family, seniority, skill evidence,
 * results, positions or confidence: they go in the one extension object
 * "x-prepgen" (the schema allows additional properties).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prepgen/doc.h"
#include "prepgen/extract.h"
#include "prepgen/facts.h"

/* "YYYY" or "YYYY-MM" per precision; NULL when unknown. */
static json_t *jdate(const struct prep_date *d)
{
  char buf[16];
  if (!d->year || d->precision == PREP_DATE_NONE)
    return NULL;
  if (d->precision == PREP_DATE_MONTH && d->month)
    snprintf(buf, sizeof buf, "%04d-%02d", d->year, d->month);
  else
    snprintf(buf, sizeof buf, "%04d", d->year);
  return json_string(buf);
}

static void set_str(json_t *o, const char *k, const char *v)
{
  if (v && *v)
    json_object_set_new(o, k, json_string(v));
}

static void set_new(json_t *o, const char *k, json_t *v)
{
  if (v)
    json_object_set_new(o, k, v);
}

/* Where a block is: {"block": i, "part": "body", "line"|"paragraph": N}. */
static json_t *jsource(const struct prep_doc *doc, size_t block)
{
  if (block == PREP_NO_BLOCK || block >= doc->nblocks)
    return json_null();
  const struct prep_block *b = &doc->blocks[block];
  json_t *o = json_object();
  json_object_set_new(o, "block", json_integer((json_int_t)block));
  json_object_set_new(o, "part", json_string(prep_part_name(b->part)));
  json_object_set_new(o, PREP_FORMAT_PARAGRAPHS(doc->format) ? "paragraph" : "line",
                      json_integer(b->pos));
  return o;
}

/* A URL as written may lack a scheme ("linkedin.com/in/x"); JSON Resume
 * wants a URI, so "https://" is added in front. */
static json_t *juri(const char *u)
{
  if (!u)
    return NULL;
  if (!strncasecmp(u, "http://", 7) || !strncasecmp(u, "https://", 8))
    return json_string(u);
  size_t n = strlen(u) + 9;
  char *buf = malloc(n);
  if (!buf)
    return NULL;
  snprintf(buf, n, "https://%s", u);
  json_t *s = json_string(buf);
  free(buf);
  return s;
}

static const char *network_name(enum prep_url_kind k)
{
  switch (k) {
  case PREP_URL_LINKEDIN: return "LinkedIn";
  case PREP_URL_GITHUB: return "GitHub";
  case PREP_URL_GITLAB: return "GitLab";
  case PREP_URL_STACKOVERFLOW: return "Stack Overflow";
  case PREP_URL_TWITTER: return "Twitter";
  case PREP_URL_SITE: return "Website";
  }
  return "Website";
}

static json_t *jlocation(const char *text)
{
  json_t *o = json_object();
  json_object_set_new(o, "address", json_string(text));
  const char *comma = strchr(text, ',');
  if (comma) {
    json_object_set_new(o, "city", json_stringn(text, (size_t)(comma - text)));
    const char *r = comma + 1;
    while (*r == ' ')
      r++;
    size_t rl = strlen(r);
    /* "UK", "US", "DE": a two-letter code */
    if (rl == 2 && r[0] >= 'A' && r[0] <= 'Z' && r[1] >= 'A' && r[1] <= 'Z')
      json_object_set_new(o, "countryCode",
                          json_string(!strcmp(r, "UK") ? "GB" : r));
    else if (*r)
      json_object_set_new(o, "region", json_string(r));
  } else {
    json_object_set_new(o, "city", json_string(text));
  }
  return o;
}

static json_t *jhighlights(const struct prep_doc *doc, const size_t *hl,
                           size_t n)
{
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(a, json_string(doc->blocks[hl[i]].text));
  return a;
}

static json_t *jblocks(const size_t *b, size_t n)
{
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(a, json_integer((json_int_t)b[i]));
  return a;
}

static json_t *basics(const struct prep_doc *doc, const struct prep_facts *f)
{
  const struct prep_contact *c = &f->contact;
  json_t *o = json_object();
  set_str(o, "name", c->name.text);
  set_str(o, "label", c->label.text);
  if (c->nemails)
    set_str(o, "email", c->emails[0].text);
  if (c->nphones)
    set_str(o, "phone", c->phones[0].text);
  for (size_t i = 0; i < c->nurls; i++)
    if (c->urls[i].kind == PREP_URL_SITE) {
      set_new(o, "url", juri(c->urls[i].url));
      break;
    }
  set_str(o, "summary", f->summary.text);
  if (c->location.text)
    json_object_set_new(o, "location", jlocation(c->location.text));
  json_t *pr = json_array();
  for (size_t i = 0; i < c->nurls; i++) {
    if (c->urls[i].kind == PREP_URL_SITE)
      continue;
    json_t *p = json_object();
    json_object_set_new(p, "network", json_string(network_name(c->urls[i].kind)));
    set_str(p, "username", c->urls[i].username);
    set_new(p, "url", juri(c->urls[i].url));
    json_array_append_new(pr, p);
  }
  json_object_set_new(o, "profiles", pr);
  (void)doc;
  return o;
}

static json_t *work(const struct prep_doc *doc, const struct prep_facts *f)
{
  json_t *a = json_array();
  for (size_t j = 0; j < f->njobs; j++) {
    const struct prep_job *jb = &f->jobs[j];
    json_t *o = json_object();
    set_str(o, "name", jb->company);
    set_str(o, "position", jb->title);
    set_str(o, "location", jb->location);
    set_new(o, "startDate", jdate(&jb->start));
    if (!jb->end.present)
      set_new(o, "endDate", jdate(&jb->end));
    json_object_set_new(o, "highlights",
                        jhighlights(doc, jb->highlights, jb->nhighlights));
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *education(const struct prep_facts *f)
{
  json_t *a = json_array();
  for (size_t i = 0; i < f->neducation; i++) {
    const struct prep_education *e = &f->education[i];
    json_t *o = json_object();
    set_str(o, "institution", e->institution);
    set_str(o, "area", e->area);
    set_str(o, "studyType", e->study_type);
    set_new(o, "startDate", jdate(&e->start));
    set_new(o, "endDate", jdate(&e->end));
    set_str(o, "score", e->score);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *skills(const struct prep_facts *f)
{
  /* One group per category, in category order; keywords in CV order. */
  json_t *a = json_array();
  for (int c = 0; c < PREP_SKCAT_COUNT; c++) {
    json_t *kw = json_array();
    for (size_t i = 0; i < f->nskills; i++)
      if ((int)f->skills[i].category == c)
        json_array_append_new(kw, json_string(f->skills[i].name));
    if (json_array_size(kw) == 0) {
      json_decref(kw);
      continue;
    }
    json_t *o = json_object();
    json_object_set_new(o, "name",
                        json_string(prep_skill_category_name((enum prep_skill_category)c)));
    json_object_set_new(o, "keywords", kw);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *projects(const struct prep_doc *doc, const struct prep_facts *f)
{
  json_t *a = json_array();
  for (size_t i = 0; i < f->nprojects; i++) {
    const struct prep_project *p = &f->projects[i];
    json_t *o = json_object();
    set_str(o, "name", p->name);
    set_str(o, "description", p->description);
    if (p->url)
      set_new(o, "url", juri(p->url));
    json_t *kw = json_array();
    for (size_t k = 0; k < p->ntechnologies; k++)
      json_array_append_new(kw, json_string(p->technologies[k]));
    json_object_set_new(o, "keywords", kw);
    json_object_set_new(o, "highlights",
                        jhighlights(doc, p->highlights, p->nhighlights));
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *certificates(const struct prep_facts *f)
{
  json_t *a = json_array();
  for (size_t i = 0; i < f->ncertificates; i++) {
    const struct prep_certificate *c = &f->certificates[i];
    json_t *o = json_object();
    set_str(o, "name", c->name);
    set_new(o, "date", jdate(&c->date));
    set_str(o, "issuer", c->issuer);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *languages(const struct prep_facts *f)
{
  json_t *a = json_array();
  for (size_t i = 0; i < f->nlanguages; i++) {
    json_t *o = json_object();
    set_str(o, "language", f->languages[i].language);
    set_str(o, "fluency", f->languages[i].fluency);
    json_array_append_new(a, o);
  }
  return a;
}

static json_t *field_src(const struct prep_doc *doc,
                         const struct prep_text_fact *t)
{
  if (!t->text)
    return NULL;
  json_t *o = json_object();
  json_object_set_new(o, "source", jsource(doc, t->block));
  json_object_set_new(o, "confidence", json_real(t->confidence));
  return o;
}

static json_t *extension(const struct prep_doc *doc, const struct prep_facts *f)
{
  json_t *x = json_object();
  json_object_set_new(x, "version", json_integer(1));
  set_new(x, "asOf", jdate(&f->as_of));
  json_t *rf = json_object();
  json_object_set_new(rf, "id", json_string(f->role_family));
  json_object_set_new(rf, "why", json_string(f->role_family_why));
  json_object_set_new(rf, "confidence", json_real(f->role_family_confidence));
  json_object_set_new(x, "roleFamily", rf);
  json_t *sn = json_object();
  json_object_set_new(sn, "level", json_string(prep_seniority_name(f->seniority)));
  json_object_set_new(sn, "why", json_string(f->seniority_why));
  json_object_set_new(x, "seniority", sn);
  json_object_set_new(x, "experienceMonths", json_integer(f->experience_months));
  json_object_set_new(x, "yearsOfExperience",
                      json_real((double)(f->experience_months * 10 / 12) / 10.0));
  json_object_set_new(x, "techExperienceMonths",
                      json_integer(f->tech_experience_months));

  json_t *sk = json_array();
  for (size_t i = 0; i < f->nskills; i++) {
    const struct prep_skill *s = &f->skills[i];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(s->id));
    json_object_set_new(o, "name", json_string(s->name));
    json_object_set_new(o, "category",
                        json_string(prep_skill_category_name(s->category)));
    json_t *fi = json_array();
    for (int sec = 0; sec < PREP_SEC_COUNT; sec++)
      if (s->found_in & (1u << sec))
        json_array_append_new(fi, json_string(prep_section_name((enum prep_section)sec)));
    json_object_set_new(o, "foundIn", fi);
    json_object_set_new(o, "mentions", jblocks(s->mentions, s->nmentions));
    json_object_set_new(o, "inBullets", json_integer(s->in_bullet));
    json_object_set_new(o, "inSkillsList", json_integer(s->in_skills_list));
    json_object_set_new(o, "monthsUsed", json_integer(s->months_used));
    set_new(o, "lastUsed", jdate(&s->last_used));
    json_t *tp = json_array();
    for (size_t k = 0; k < s->ntopics; k++)
      json_array_append_new(tp, json_string(s->topics[k]));
    json_object_set_new(o, "topics", tp);
    json_object_set_new(o, "confidence", json_real(s->confidence));
    json_array_append_new(sk, o);
  }
  json_object_set_new(x, "skills", sk);

  json_t *rs = json_array();
  for (size_t i = 0; i < f->nresults; i++) {
    const struct prep_result *r = &f->results[i];
    json_t *o = json_object();
    json_object_set_new(o, "text", json_string(r->text));
    json_object_set_new(o, "kind", json_string(prep_result_kind_name(r->kind)));
    json_object_set_new(o, "value", json_real(r->value));
    json_object_set_new(o, "source", jsource(doc, r->block));
    json_object_set_new(o, "offset", json_integer((json_int_t)r->offset));
    if (r->job != PREP_NO_BLOCK)
      json_object_set_new(o, "work", json_integer((json_int_t)r->job));
    json_array_append_new(rs, o);
  }
  json_object_set_new(x, "results", rs);

  /* Source positions and confidence per field. */
  json_t *src = json_object();
  set_new(src, "name", field_src(doc, &f->contact.name));
  set_new(src, "label", field_src(doc, &f->contact.label));
  if (f->contact.nemails)
    set_new(src, "email", field_src(doc, &f->contact.emails[0]));
  if (f->contact.nphones)
    set_new(src, "phone", field_src(doc, &f->contact.phones[0]));
  set_new(src, "location", field_src(doc, &f->contact.location));
  set_new(src, "summary", field_src(doc, &f->summary));
  json_t *ws = json_array();
  for (size_t j = 0; j < f->njobs; j++) {
    const struct prep_job *jb = &f->jobs[j];
    json_t *o = json_object();
    json_object_set_new(o, "source", jsource(doc, jb->block));
    json_object_set_new(o, "title", jsource(doc, jb->title_block));
    json_object_set_new(o, "company", jsource(doc, jb->company_block));
    json_object_set_new(o, "dates", json_string(jb->date_text ? jb->date_text : ""));
    json_object_set_new(o, "current", json_boolean(jb->end.present));
    json_object_set_new(o, "highlights", jblocks(jb->highlights, jb->nhighlights));
    json_object_set_new(o, "confidence", json_real(jb->confidence));
    json_array_append_new(ws, o);
  }
  json_object_set_new(src, "work", ws);
  json_t *es = json_array();
  for (size_t i = 0; i < f->neducation; i++)
    json_array_append_new(es, jsource(doc, f->education[i].block));
  json_object_set_new(src, "education", es);
  json_t *ps = json_array();
  for (size_t i = 0; i < f->nprojects; i++)
    json_array_append_new(ps, jsource(doc, f->projects[i].block));
  json_object_set_new(src, "projects", ps);
  json_t *cs = json_array();
  for (size_t i = 0; i < f->ncertificates; i++)
    json_array_append_new(cs, jsource(doc, f->certificates[i].block));
  json_object_set_new(src, "certificates", cs);
  json_object_set_new(x, "sources", src);

  json_t *secs = json_array();
  for (int sec = 1; sec < PREP_SEC_COUNT; sec++)
    if (f->sections_found & (1u << sec))
      json_array_append_new(secs, json_string(prep_section_name((enum prep_section)sec)));
  json_object_set_new(x, "sections", secs);

  json_t *wa = json_array();
  for (size_t i = 0; i < f->nwarnings; i++) {
    json_t *o = json_object();
    json_object_set_new(o, "message", json_string(f->warnings[i].msg));
    if (f->warnings[i].block != PREP_NO_BLOCK)
      json_object_set_new(o, "source", jsource(doc, f->warnings[i].block));
    json_array_append_new(wa, o);
  }
  json_object_set_new(x, "warnings", wa);
  return x;
}

int prep_facts_write_json(FILE *out, const struct prep_doc *doc,
                          const struct prep_facts *f)
{
  json_t *root = json_object();
  json_object_set_new(root, "$schema",
                      json_string("https://raw.githubusercontent.com/jsonresume/"
                                  "resume-schema/v1.0.0/schema.json"));
  json_object_set_new(root, "basics", basics(doc, f));
  json_object_set_new(root, "work", work(doc, f));
  json_object_set_new(root, "education", education(f));
  json_object_set_new(root, "skills", skills(f));
  json_object_set_new(root, "projects", projects(doc, f));
  json_object_set_new(root, "certificates", certificates(f));
  json_object_set_new(root, "languages", languages(f));
  json_object_set_new(root, "x-prepgen", extension(doc, f));
  char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                 JSON_REAL_PRECISION(10));
  json_decref(root);
  if (!s)
    return -1;
  int rc = fputs(s, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
  free(s);
  return rc;
}

/* ---- --explain ------------------------------------------------------- */

void prep_facts_write_explain(FILE *out, const struct prep_doc *doc,
                              const struct prep_facts *f)
{
  fprintf(out, "# prepgen explain: candidate lines per field, best first\n");
  for (int k = 0; k < PREP_FACT_COUNT; k++) {
    int any = 0;
    /* stable order: score descending, then block */
    size_t n = f->ncandidates;
    size_t *idx = malloc((n + 1) * sizeof *idx);
    if (!idx)
      return;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
      if ((int)f->candidates[i].kind == k)
        idx[m++] = i;
    for (size_t a = 1; a < m; a++) {
      size_t v = idx[a], b = a;
      while (b > 0) {
        const struct prep_candidate *p = &f->candidates[idx[b - 1]];
        const struct prep_candidate *q = &f->candidates[v];
        if (p->score > q->score || (p->score == q->score && p->block <= q->block))
          break;
        idx[b] = idx[b - 1];
        b--;
      }
      idx[b] = v;
    }
    for (size_t a = 0; a < m && a < 12; a++) {
      const struct prep_candidate *c = &f->candidates[idx[a]];
      if (!any)
        fprintf(out, "%s:\n", prep_fact_kind_name((enum prep_fact_kind)k));
      any = 1;
      const struct prep_block *b =
          c->block < doc->nblocks ? &doc->blocks[c->block] : NULL;
      fprintf(out, "  %+3d  %s %u  \"%s\"  (%s)\n", c->score,
              PREP_FORMAT_PARAGRAPHS(doc->format) ? "paragraph" : "line",
              b ? b->pos : 0, c->text, c->why);
    }
    free(idx);
  }
  fprintf(out, "role family: %s (%s)\n", f->role_family, f->role_family_why);
  fprintf(out, "seniority: %s (%s)\n", prep_seniority_name(f->seniority),
          f->seniority_why);
}
