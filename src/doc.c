/* doc.c - building and checking the document model (see doc.h).
 *
 * Both readers hand raw block text to prep_doc_add(), which normalises it,
 * turns a leading bullet glyph into the list-item flag, notes all-caps text
 * and enforces the block and text limits.
 */
#include "prepgen/doc.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/limits.h"
#include "prepgen/text.h"

struct prep_doc *prep_doc_new(struct prep_arena *a, enum prep_format fmt)
{
  struct prep_doc *d = prep_arena_alloc(a, sizeof *d);
  d->arena = a;
  d->format = fmt;
  d->encoding = "UTF-8";
  return d;
}

/* Length of a leading bullet marker (glyph plus following space) or 0. */
static size_t bullet_prefix(const char *s, size_t n)
{
  if (n < 2)
    return 0;
  unsigned cp;
  int k = prep_utf8_decode(s, n, &cp);
  int is_bullet = prep_is_bullet_cp(cp);
  /* ASCII and dash markers need a following space: "-5%" or "*args" are text. */
  int needs_space = cp == '-' || cp == '*' || cp == '+' || cp == '>' ||
                    cp == 0x2013 || cp == 0x2014 || cp == 0x00B7;
  if (!is_bullet && !needs_space)
    return 0;
  size_t i = (size_t)k;
  if (i < n && (s[i] == ' ' || s[i] == '\t'))
    return i + 1;
  if (needs_space)
    return 0;
  return i < n ? i : 0;
}

/* All letters upper case (at least two letters). */
static int all_caps(const char *s, size_t n)
{
  size_t letters = 0, i = 0;
  while (i < n) {
    unsigned cp;
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      cp = c;
      i++;
    } else {
      i += (size_t)prep_utf8_decode(s + i, n - i, &cp);
    }
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    /* a lower-case letter, or a script without case (CJK), is not caps */
    if (cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LO)
      return 0;
    if (cat == UTF8PROC_CATEGORY_LU)
      letters++;
  }
  return letters >= 2;
}

struct prep_block *prep_doc_add(struct prep_doc *d,
                                const struct prep_block *tmpl,
                                const char *text, size_t len, int *limit_hit)
{
  if (limit_hit)
    *limit_hit = 0;
  if (len > PREP_MAX_BLOCK_TEXT * 4)
    len = PREP_MAX_BLOCK_TEXT * 4; /* raw bytes; normalisation shrinks */
  struct prep_buf b;
  prep_buf_init(&b, PREP_MAX_BLOCK_TEXT);
  if (prep_text_normalize(&b, text, len) < 0) {
    /* An over-long paragraph keeps its first PREP_MAX_BLOCK_TEXT bytes
     * (cut on a character boundary): a CV line is never that long. */
    while (b.len > 0 && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\t'))
      b.len--;
    if (b.data)
      b.data[b.len] = '\0';
  }
  if (b.len == 0) {
    prep_buf_free(&b);
    return NULL;
  }
  if (d->nblocks >= PREP_MAX_BLOCKS ||
      d->text_bytes + b.len > PREP_MAX_DOC_TEXT) {
    prep_buf_free(&b);
    if (limit_hit)
      *limit_hit = 1;
    return NULL;
  }
  if (d->nblocks == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 64;
    struct prep_block *nb = prep_arena_alloc(d->arena, cap * sizeof *nb);
    if (d->nblocks)
      memcpy(nb, d->blocks, d->nblocks * sizeof *nb);
    d->blocks = nb;
    d->cap = cap;
  }
  struct prep_block *blk = &d->blocks[d->nblocks];
  *blk = *tmpl;
  blk->links = NULL;
  blk->nlinks = 0;
  blk->label = NULL;
  if (tmpl->label && *tmpl->label) {
    /* the label is copied and normalised like text; a label that
     * normalises to nothing is dropped */
    struct prep_buf lb;
    prep_buf_init(&lb, 256);
    prep_text_normalize(&lb, tmpl->label, strnlen(tmpl->label, 256));
    for (size_t i = 0; i < lb.len; i++)
      if (lb.data[i] == '\t')
        lb.data[i] = ' ';
    if (lb.len)
      blk->label = prep_arena_strndup(d->arena, lb.data, lb.len);
    prep_buf_free(&lb);
  }
  const char *s = b.data;
  size_t n = b.len;
  size_t bp = bullet_prefix(s, n);
  if (bp && bp < n && blk->kind != PREP_BLOCK_HEADING) {
    s += bp;
    n -= bp;
    if (blk->kind == PREP_BLOCK_PARAGRAPH)
      blk->kind = PREP_BLOCK_LIST_ITEM;
    if (!(blk->flags & PREP_BF_NUMBERED))
      blk->flags |= PREP_BF_BULLET;
  }
  if (all_caps(s, n))
    blk->flags |= PREP_BF_CAPS;
  blk->text = prep_arena_strndup(d->arena, s, n);
  blk->len = n;
  d->nblocks++;
  d->text_bytes += n;
  prep_buf_free(&b);
  return blk;
}

void prep_doc_add_link(struct prep_doc *d, struct prep_block *b,
                       const char *text, const char *target)
{
  if (!target || !*target || b->nlinks >= 64)
    return;
  for (size_t i = 0; i < b->nlinks; i++)
    if (strcmp(b->links[i].target, target) == 0)
      return; /* same target twice (split runs): keep one */
  struct prep_link *nl =
      prep_arena_alloc(d->arena, (b->nlinks + 1) * sizeof *nl);
  if (b->nlinks)
    memcpy(nl, b->links, b->nlinks * sizeof *nl);
  struct prep_buf t;
  prep_buf_init(&t, 4096);
  prep_text_normalize(&t, text ? text : "", text ? strlen(text) : 0);
  nl[b->nlinks].text = prep_arena_strndup(d->arena, t.data ? t.data : "", t.len);
  prep_buf_clear(&t);
  prep_text_normalize(&t, target, strlen(target));
  nl[b->nlinks].target =
      prep_arena_strndup(d->arena, t.data ? t.data : "", t.len);
  prep_buf_free(&t);
  b->links = nl;
  b->nlinks++;
}

const char *prep_block_kind_name(enum prep_block_kind k)
{
  switch (k) {
  case PREP_BLOCK_HEADING: return "heading";
  case PREP_BLOCK_PARAGRAPH: return "para";
  case PREP_BLOCK_LIST_ITEM: return "item";
  case PREP_BLOCK_TABLE_CELL: return "cell";
  }
  return "?";
}

const char *prep_part_name(enum prep_part p)
{
  switch (p) {
  case PREP_PART_BODY: return "body";
  case PREP_PART_HEADER: return "header";
  case PREP_PART_FOOTER: return "footer";
  case PREP_PART_TEXTBOX: return "textbox";
  case PREP_PART_FOOTNOTE: return "footnote";
  case PREP_PART_ENDNOTE: return "endnote";
  }
  return "?";
}

const char *prep_doc_check(const struct prep_doc *d)
{
  size_t total = 0;
  if (d->nblocks > PREP_MAX_BLOCKS)
    return "too many blocks";
  for (size_t i = 0; i < d->nblocks; i++) {
    const struct prep_block *b = &d->blocks[i];
    if (!b->text || strlen(b->text) != b->len)
      return "block length mismatch";
    if (b->len == 0)
      return "empty block";
    if (b->len > PREP_MAX_BLOCK_TEXT)
      return "block over the text cap";
    if (!prep_utf8_valid(b->text, b->len))
      return "invalid UTF-8 in a block";
    for (size_t j = 0; j < b->len; j++) {
      unsigned char c = (unsigned char)b->text[j];
      if ((c < 0x20 && c != '\t') || c == 0x7F)
        return "control character in a block";
    }
    if (b->text[0] == ' ' || b->text[b->len - 1] == ' ' ||
        b->text[0] == '\t' || b->text[b->len - 1] == '\t')
      return "untrimmed block";
    total += b->len;
  }
  if (total > PREP_MAX_DOC_TEXT)
    return "document over the text cap";
  return NULL;
}

const char *prep_doc_where(const struct prep_doc *d, size_t block, char *buf,
                           size_t n)
{
  if (block >= d->nblocks) {
    snprintf(buf, n, "?");
    return buf;
  }
  const struct prep_block *b = &d->blocks[block];
  const char *unit = PREP_FORMAT_PARAGRAPHS(d->format) ? "paragraph" : "line";
  if (b->part == PREP_PART_BODY)
    snprintf(buf, n, "%s %u", unit, b->pos);
  else
    snprintf(buf, n, "%s %s %u", prep_part_name(b->part), unit, b->pos);
  return buf;
}

const char *prep_format_name(enum prep_format f)
{
  switch (f) {
  case PREP_FORMAT_TEXT: return "text";
  case PREP_FORMAT_DOCX: return "docx";
  case PREP_FORMAT_ODT: return "odt";
  case PREP_FORMAT_HTML: return "html";
  case PREP_FORMAT_MARKDOWN: return "markdown";
  }
  return "?";
}
