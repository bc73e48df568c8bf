/* doc.h - the document model: what every reader produces.
 *
 * A CV becomes an ordered array of blocks in reading order.  Every block
 * carries its text (valid, normalised UTF-8), its style hints and its source
 * position, so later stages can quote a CV line and say where it came from.
 * All memory lives in the run arena given to prep_doc_new().
 */
#ifndef PREPGEN_DOC_H
#define PREPGEN_DOC_H

#include <stddef.h>

struct prep_arena;

enum prep_block_kind {
  PREP_BLOCK_HEADING,   /* level 0 = title, 1..9 = heading level */
  PREP_BLOCK_PARAGRAPH,
  PREP_BLOCK_LIST_ITEM, /* level 0.. = nesting; PREP_BF_NUMBERED or bullet */
  PREP_BLOCK_TABLE_CELL /* table_depth, row, col set */
};

/* Style flags of a block (bit set). */
enum prep_block_flag {
  PREP_BF_BOLD = 1u << 0,      /* all (non-space) text is bold */
  PREP_BF_ITALIC = 1u << 1,
  PREP_BF_CAPS = 1u << 2,      /* all caps: the letters or w:caps */
  PREP_BF_SMALLCAPS = 1u << 3,
  PREP_BF_CENTERED = 1u << 4,
  PREP_BF_NUMBERED = 1u << 5,  /* list item with a number, not a bullet */
  PREP_BF_BULLET = 1u << 6,    /* list item with a bullet glyph */
  PREP_BF_UNDERLINED = 1u << 7,/* text: underlined with ===/---; docx: w:u */
  PREP_BF_SPACED = 1u << 8,    /* letter-spaced heading ("E X P E R I E N C E") */
  PREP_BF_COLON = 1u << 9      /* ended with a colon (removed from text) */
};

/* Which part of the source a block came from. */
enum prep_part {
  PREP_PART_BODY,
  PREP_PART_HEADER,
  PREP_PART_FOOTER,
  PREP_PART_TEXTBOX,
  PREP_PART_FOOTNOTE,
  PREP_PART_ENDNOTE
};

struct prep_link {
  const char *text;   /* display text (may be "") */
  const char *target; /* URL or mailto: target */
};

struct prep_block {
  enum prep_block_kind kind;
  unsigned level;
  unsigned flags;      /* enum prep_block_flag bits */
  enum prep_part part;
  unsigned pos;        /* DOCX: paragraph index within its part (1-based);
                          text: line number (1-based) */
  unsigned table_depth, row, col; /* table cells: depth >= 1, row/col 1-based */
  const char *text;    /* normalised UTF-8, NUL-terminated, never NULL;
                          no control characters except TAB, which marks a
                          field separator (see prep_text_normalize) */
  size_t len;          /* strlen(text) */
  struct prep_link *links;
  size_t nlinks;
  const char *label;   /* numbered list items: the number as the source
                          shows it ("ii.", "(a)", "2.1"), NULL otherwise;
                          never part of `text` (facts quote text only) */
};

enum prep_format {
  PREP_FORMAT_TEXT,
  PREP_FORMAT_DOCX,
  PREP_FORMAT_ODT,
  PREP_FORMAT_HTML,    /* positions are source lines */
  PREP_FORMAT_MARKDOWN /* positions are source lines */
};
#define PREP_HAVE_FORMAT_MORE 1

/* 1 when block positions count paragraphs (DOCX, ODT), 0 for lines. */
#define PREP_FORMAT_PARAGRAPHS(f)                                              \
  ((f) == PREP_FORMAT_DOCX || (f) == PREP_FORMAT_ODT)

/* "docx", "odt", "html", "markdown" or "text". */
const char *prep_format_name(enum prep_format f);

struct prep_doc {
  struct prep_arena *arena;     /* borrowed: the run arena */
  enum prep_format format;
  const char *encoding;         /* text: "UTF-8", "UTF-16LE", ...; docx: "UTF-8" */
  const char *title, *author;   /* document properties or NULL */
  const char *modified;         /* "YYYY-MM-DD" last-modified date or NULL */
  struct prep_block *blocks;
  size_t nblocks, cap;
  size_t text_bytes;            /* sum of block lengths (capped) */
};

/* A new empty document in arena `a`.  Never NULL. */
struct prep_doc *prep_doc_new(struct prep_arena *a, enum prep_format fmt);

/* Appends a block whose fields are copied from *tmpl and whose text is
 * `text[0..len)` after normalisation (prep_text_normalize): the text is
 * copied into the arena.  Blocks whose text is empty after normalisation
 * are dropped (returns NULL, not an error).  A leading bullet glyph turns a
 * paragraph into a list item.  Returns NULL and sets *limit_hit when the
 * block or text-size limit is reached. */
struct prep_block *prep_doc_add(struct prep_doc *d,
                                const struct prep_block *tmpl,
                                const char *text, size_t len, int *limit_hit);

/* Adds a link to block b (strings copied into the arena). */
void prep_doc_add_link(struct prep_doc *d, struct prep_block *b,
                       const char *text, const char *target);

/* Name of a block kind / part for dumps ("heading", "body", ...). */
const char *prep_block_kind_name(enum prep_block_kind k);
const char *prep_part_name(enum prep_part p);

/* Where block i came from, for people: "line 12", "paragraph 4",
 * "header paragraph 1".  Written into buf (n bytes) and returned. */
const char *prep_doc_where(const struct prep_doc *d, size_t block, char *buf,
                           size_t n);

/* Cheap consistency check (valid UTF-8, no control characters, sizes).
 * Returns NULL when fine, else a static description of the first problem. */
const char *prep_doc_check(const struct prep_doc *d);

#endif
