/* dump.c - stable text dumps of the models (see dump.h). */
#include "prepgen/dump.h"

#include "prepgen/doc.h"
#include "prepgen/extract.h"
#include "prepgen/facts.h"

const char *prep_dump_flags(unsigned flags, char *buf)
{
  static const char letters[] = "BICSMNLUW:";
  for (int i = 0; i < 10; i++)
    buf[i] = (flags & (1u << i)) ? letters[i] : '-';
  buf[10] = '\0';
  return buf;
}


void prep_dump_doc(FILE *out, const struct prep_doc *d)
{
  char fl[11];
  fprintf(out, "# prepgen doc v1\n");
  fprintf(out, "# format: %s\n", prep_format_name(d->format));
  fprintf(out, "# encoding: %s\n", d->encoding ? d->encoding : "UTF-8");
  if (d->title)
    fprintf(out, "# title: %s\n", d->title);
  if (d->author)
    fprintf(out, "# author: %s\n", d->author);
  if (d->modified)
    fprintf(out, "# modified: %s\n", d->modified);
  fprintf(out, "# blocks: %zu\n", d->nblocks);
  for (size_t i = 0; i < d->nblocks; i++) {
    const struct prep_block *b = &d->blocks[i];
    fprintf(out, "%s L%u %s %s %c%u", prep_block_kind_name(b->kind), b->level,
            prep_dump_flags(b->flags, fl), prep_part_name(b->part),
            PREP_FORMAT_PARAGRAPHS(d->format) ? 'p' : 'l', b->pos);
    if (b->table_depth > 0)
      fprintf(out, " t%u.r%u.c%u", b->table_depth, b->row, b->col);
    if (b->label)
      fprintf(out, " [%s]", b->label);
    fprintf(out, " | %s\n", b->text);
    for (size_t j = 0; j < b->nlinks; j++)
      fprintf(out, "  link: %s -> %s\n", b->links[j].text,
              b->links[j].target);
  }
}

/* ===================================================================== */
/* facts (owner: extraction stage, issue 3)                               */
/* ===================================================================== */

/* Block reference: "b12@l40" (text line) or "b12@p7" (DOCX paragraph). */
static void ref(FILE *out, const struct prep_doc *d, size_t block)
{
  if (block == PREP_NO_BLOCK || block >= d->nblocks) {
    fputs("[-]", out);
    return;
  }
  fprintf(out, "[b%zu@%c%u]", block, PREP_FORMAT_PARAGRAPHS(d->format) ? 'p' : 'l',
          d->blocks[block].pos);
}

static void date_str(const struct prep_date *dt, char *buf, size_t n)
{
  if (dt->present)
    snprintf(buf, n, "present");
  else if (!dt->year)
    snprintf(buf, n, "?");
  else if (dt->precision == PREP_DATE_MONTH && dt->month)
    snprintf(buf, n, "%04d-%02d", dt->year, dt->month);
  else
    snprintf(buf, n, "%04d", dt->year);
}

static const char *nz(const char *s) { return s ? s : "-"; }

static void text_fact(FILE *out, const struct prep_doc *d, const char *label,
                      const struct prep_text_fact *t)
{
  if (!t->text)
    return;
  fprintf(out, "%s: %s ", label, t->text);
  ref(out, d, t->block);
  fprintf(out, " conf=%.2f\n", t->confidence);
}

void prep_dump_facts(FILE *out, const struct prep_doc *d,
                     const struct prep_facts *f)
{
  char a[16], b[16];
  fprintf(out, "# prepgen facts v1\n");
  date_str(&f->as_of, a, sizeof a);
  fprintf(out, "as-of: %s\n", a);
  fputs("sections:", out);
  for (int s = 1; s < PREP_SEC_COUNT; s++)
    if (f->sections_found & (1u << s))
      fprintf(out, " %s", prep_section_name((enum prep_section)s));
  fputc('\n', out);
  text_fact(out, d, "name", &f->contact.name);
  text_fact(out, d, "label", &f->contact.label);
  text_fact(out, d, "location", &f->contact.location);
  for (size_t i = 0; i < f->contact.nemails; i++)
    text_fact(out, d, "email", &f->contact.emails[i]);
  for (size_t i = 0; i < f->contact.nphones; i++)
    text_fact(out, d, "phone", &f->contact.phones[i]);
  for (size_t i = 0; i < f->contact.nurls; i++) {
    const struct prep_url *u = &f->contact.urls[i];
    fprintf(out, "url: %s user=%s ", u->url, nz(u->username));
    ref(out, d, u->block);
    fputc('\n', out);
  }
  if (f->summary.text) {
    fputs("summary: ", out);
    ref(out, d, f->summary.block);
    fputc('\n', out);
  }
  for (size_t j = 0; j < f->njobs; j++) {
    const struct prep_job *jb = &f->jobs[j];
    date_str(&jb->start, a, sizeof a);
    date_str(&jb->end, b, sizeof b);
    fprintf(out, "job %zu: %s | %s | %s | %s .. %s ", j, nz(jb->title),
            nz(jb->company), nz(jb->location), a, b);
    ref(out, d, jb->block);
    fprintf(out, " conf=%.2f\n", jb->confidence);
    for (size_t h = 0; h < jb->nhighlights; h++) {
      fputs("  highlight ", out);
      ref(out, d, jb->highlights[h]);
      fprintf(out, " %s\n", d->blocks[jb->highlights[h]].text);
    }
  }
  for (size_t i = 0; i < f->neducation; i++) {
    const struct prep_education *e = &f->education[i];
    date_str(&e->start, a, sizeof a);
    date_str(&e->end, b, sizeof b);
    fprintf(out, "education: %s | %s | %s | %s .. %s ", nz(e->institution),
            nz(e->study_type), nz(e->area), a, b);
    ref(out, d, e->block);
    fputc('\n', out);
  }
  for (size_t i = 0; i < f->ncertificates; i++) {
    const struct prep_certificate *c = &f->certificates[i];
    date_str(&c->date, a, sizeof a);
    fprintf(out, "certificate: %s | %s | %s ", nz(c->name), nz(c->issuer), a);
    ref(out, d, c->block);
    fputc('\n', out);
  }
  for (size_t i = 0; i < f->nprojects; i++) {
    const struct prep_project *p = &f->projects[i];
    fprintf(out, "project: %s tech=", nz(p->name));
    for (size_t k = 0; k < p->ntechnologies; k++)
      fprintf(out, "%s%s", k ? "," : "", p->technologies[k]);
    fputc(' ', out);
    ref(out, d, p->block);
    fputc('\n', out);
  }
  for (size_t i = 0; i < f->nlanguages; i++) {
    fprintf(out, "language: %s | %s ", f->languages[i].language,
            nz(f->languages[i].fluency));
    ref(out, d, f->languages[i].block);
    fputc('\n', out);
  }
  for (size_t i = 0; i < f->nskills; i++) {
    const struct prep_skill *s = &f->skills[i];
    date_str(&s->last_used, a, sizeof a);
    fprintf(out, "skill: %s (%s) %s in=", s->id, s->name,
            prep_skill_category_name(s->category));
    int first = 1;
    for (int sec = 0; sec < PREP_SEC_COUNT; sec++)
      if (s->found_in & (1u << sec)) {
        fprintf(out, "%s%s", first ? "" : ",", prep_section_name((enum prep_section)sec));
        first = 0;
      }
    fprintf(out, " bullets=%u listed=%u months=%d last=%s blocks=",
            s->in_bullet, s->in_skills_list, s->months_used, a);
    for (size_t m = 0; m < s->nmentions; m++)
      fprintf(out, "%s%zu", m ? "," : "", s->mentions[m]);
    fputc('\n', out);
  }
  for (size_t i = 0; i < f->nresults; i++) {
    const struct prep_result *r = &f->results[i];
    fprintf(out, "result: %s %.6g \"%s\" ", prep_result_kind_name(r->kind),
            r->value, r->text);
    ref(out, d, r->block);
    fputc('\n', out);
  }
  fprintf(out, "experience-months: %d\n", f->experience_months);
  fprintf(out, "tech-experience-months: %d\n", f->tech_experience_months);
  fprintf(out, "role-family: %s (%s)\n", f->role_family, f->role_family_why);
  fprintf(out, "seniority: %s (%s)\n", prep_seniority_name(f->seniority),
          f->seniority_why);
  for (size_t i = 0; i < f->nwarnings; i++) {
    fprintf(out, "warning: %s ", f->warnings[i].msg);
    ref(out, d, f->warnings[i].block);
    fputc('\n', out);
  }
}
