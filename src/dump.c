/* dump.c - stable text dumps of the models (see dump.h). */
#include "prepgen/dump.h"

#include "prepgen/doc.h"

const char *prep_dump_flags(unsigned flags, char *buf)
{
  static const char letters[] = "BICSMNLUW:";
  for (int i = 0; i < 10; i++)
    buf[i] = (flags & (1u << i)) ? letters[i] : '-';
  buf[10] = '\0';
  return buf;
}

static const char *format_name(enum prep_format f)
{
  return f == PREP_FORMAT_DOCX ? "docx" : "text";
}

void prep_dump_doc(FILE *out, const struct prep_doc *d)
{
  char fl[11];
  fprintf(out, "# prepgen doc v1\n");
  fprintf(out, "# format: %s\n", format_name(d->format));
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
            d->format == PREP_FORMAT_DOCX ? 'p' : 'l', b->pos);
    if (b->kind == PREP_BLOCK_TABLE_CELL)
      fprintf(out, " t%u.r%u.c%u", b->table_depth, b->row, b->col);
    fprintf(out, " | %s\n", b->text);
    for (size_t j = 0; j < b->nlinks; j++)
      fprintf(out, "  link: %s -> %s\n", b->links[j].text,
              b->links[j].target);
  }
}
