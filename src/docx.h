/* docx.h - private interface between the DOCX reader's files.
 *
 * read_docx.c (WordprocessingML -> document model) sits on layers that
 * keep the libraries confined:
 *   docx_zip.c    the OPC package: libzip, entry vetting, capped and
 *                 counted part reads (whole or streamed);
 *   xmlpull.c     safe XML (xmlpull.h, shared with the ODT reader): byte
 *                 pre-scan, encoding checks, a thin streaming wrapper over
 *                 libxml2's xmlTextReader;
 *   docx_parts.c  relationships, content types, core properties, names;
 *   docx_style.c  styles.xml and numbering.xml;
 *   docx_text.c   symbol glyphs, super/subscripts, HYPERLINK fields, HTML;
 *   docx_math.c   Office math (OMML) as a line of Unicode or TeX.
 * Only docx_zip.c includes <zip.h> and only xmlpull.c includes libxml2.
 * No libzip or libxml2 type appears here.  Everything returned lives in the
 * run arena unless stated otherwise.  Not installed; not used elsewhere.
 */
#ifndef PREPGEN_DOCX_H
#define PREPGEN_DOCX_H

#include <stddef.h>

#include "prepgen/diag.h"
#include "xmlpull.h"

struct prep_arena;

/* ---- package (docx_zip.c) ------------------------------------------- */

struct prep_docx_pkg;

/* Opens the ZIP in p[0..n) (borrowed until prep_docx_pkg_close) and vets every
 * entry.  `inflated` is the per-file counter of inflated bytes, shared with
 * nested packages (altChunk).  On failure records an error naming `name`. */
enum prep_status prep_docx_pkg_open(const unsigned char *p, size_t n,
                               const char *name, struct prep_arena *a,
                               size_t *inflated, struct prep_diag *diag,
                               struct prep_docx_pkg **out);
void prep_docx_pkg_close(struct prep_docx_pkg *pkg);

/* Index of the entry whose name equals `part` ignoring ASCII case, or -1.
 * Entries with unsafe names (NUL byte, absolute, '\', '..', drive letter)
 * are found too, but prep_docx_pkg_read refuses them. */
long prep_docx_pkg_find(const struct prep_docx_pkg *pkg, const char *part);

/* 1 when some entry's name is `part` followed by more characters (not a
 * folder): the "word/document.xml\0.png" trap. */
int prep_docx_pkg_has_prefix(const struct prep_docx_pkg *pkg, const char *part);

/* Reads entry `idx` (named `part` in messages) into a malloc'd buffer of at
 * most `cap` bytes (the caller frees *buf).  Counts every inflated byte
 * against the per-file cap and fails on an extra byte, a short read, a CRC
 * error, encryption or an unsupported method.  `quiet_missing`: ignored. */
enum prep_status prep_docx_pkg_read(struct prep_docx_pkg *pkg, long idx,
                               const char *part, size_t cap,
                               unsigned char **buf, size_t *len);

/* The same checks, streaming: a part opened for reading in pieces.
 * prep_docx_stream_read returns bytes read, 0 at a verified end, or -1 after
 * recording an error (prep_docx_stream_status says which). */
struct prep_docx_stream;
enum prep_status prep_docx_stream_open(struct prep_docx_pkg *pkg, long idx,
                                  const char *part, size_t cap,
                                  struct prep_docx_stream **out);
long prep_docx_stream_read(struct prep_docx_stream *s, unsigned char *buf, size_t n);
enum prep_status prep_docx_stream_status(const struct prep_docx_stream *s);
void prep_docx_stream_close(struct prep_docx_stream *s);

/* Reads a part by name; *buf = NULL and PREP_OK when it does not exist. */
enum prep_status prep_docx_pkg_read_name(struct prep_docx_pkg *pkg, const char *part,
                                    size_t cap, unsigned char **buf,
                                    size_t *len);

/* ---- XML vocabulary (docx_parts.c) ------------------------------------ */

/* Namespace ids for prep_xml_ns and prep_xml_attr (matched by URI, never
 * by prefix). */
enum docx_ns {
  DX_NS_OTHER,  /* 0: no namespace, or one not listed here */
  DX_NS_W,    /* wordprocessingml main: transitional and Strict */
  DX_NS_R,    /* officeDocument relationships (attributes r:id) */
  DX_NS_MC,   /* markup compatibility */
  DX_NS_PKGREL, /* package relationships (.rels) */
  DX_NS_CT,   /* content types */
  DX_NS_DC,   /* Dublin Core elements */
  DX_NS_DCTERMS,
  DX_NS_CP,   /* core properties */
  DX_NS_V,    /* VML */
  DX_NS_WPS,  /* word 2010 shapes */
  DX_NS_WP,   /* DrawingML word-processing drawing (wp:docPr) */
  DX_NS_M,    /* Office math */
  DX_NS_O     /* VML office extensions (o:title) */
};

/* The URIs of those namespaces, for prep_xml_open and prep_xml_open_stream;
 * messages name the format DOCX. */
extern const struct prep_xml_vocab prep_docx_vocab;

/* ---- relationships (docx_parts.c) -------------------------------------- */

struct dx_rel {
  const char *id, *type; /* type: last path segment ("styles", ...) */
  const char *target;    /* resolved part name, or the URL when external */
  int external;          /* TargetMode="External" */
  int bad;               /* target leaves the package */
};

struct dx_rels {
  struct dx_rel *v;
  size_t n;
};

/* Parses a .rels part.  `base` is the folder of the source part ("" or
 * "word/").  A damaged rels part gives an empty set and a warning. */
void prep_docx_rels_parse(const unsigned char *buf, size_t len, const char *part,
                   const char *base, const char *name, struct prep_arena *a,
                   struct prep_diag *diag, struct dx_rels *out);
const struct dx_rel *prep_docx_rels_by_id(const struct dx_rels *r, const char *id);

/* Resolves `target` against folder `base` inside the package: one leading
 * '/' means the root, '.' and '..' are folded, %XX decoded.  NULL when the
 * result leaves the root or is empty. */
char *prep_docx_resolve(struct prep_arena *a, const char *base, const char *target);

/* A part name made safe for messages (ASCII letters, digits, ./_-[]). */
const char *prep_docx_safe_name(struct prep_arena *a, const char *part);

/* ---- styles and numbering (docx_style.c) ------------------------------- */

/* Run properties: -1 unset, 0 off, 1 on. */
struct docx_rpr {
  signed char b, i, caps, smallcaps, vanish, u;
  signed char font;   /* 1 Symbol, 2 Wingdings, 0 other */
  signed char valign; /* 1 superscript, 2 subscript, 0 baseline */
};

#define DOCX_RPR_UNSET ((struct docx_rpr){-1, -1, -1, -1, -1, -1, -1, -1})

struct docx_style {
  const char *id, *based, *name;
  int para;               /* paragraph style (else character/table/...) */
  int is_default;
  const char *num_id;     /* numPr */
  int ilvl;               /* -1 unset */
  int outline;            /* outlineLvl, -1 unset */
  int center;             /* -1 unset */
  struct docx_rpr rpr;
  int state;              /* 0 raw, 1 resolving, 2 resolved */
  int heading;            /* resolved: -1 none, 0 title, 1..9 */
};

#define DOCX_LEVELS 9 /* w:ilvl 0..8 */

/* One w:lvl of a list definition. */
struct docx_lvl {
  signed char fmt;        /* 0 unknown, 1 bullet, 2 number, 3 none */
  signed char numfmt;     /* number style: DOCX_NF_* */
  signed char restart;    /* w:lvlRestart: -1 unset, 0 never, n after level n */
  signed char legal;      /* w:isLgl: shown as decimal inside other levels */
  int start;              /* w:start, -1 unset */
  const char *text;       /* w:lvlText ("%1.", "(%2)") or NULL */
};

enum {
  DOCX_NF_DECIMAL, DOCX_NF_DECIMAL_ZERO, DOCX_NF_LOWER_ROMAN,
  DOCX_NF_UPPER_ROMAN, DOCX_NF_LOWER_LETTER, DOCX_NF_UPPER_LETTER,
  DOCX_NF_ORDINAL
};

/* List counters: the value shown at each level, and whether the level has
 * been used since it last (re)started. */
struct docx_counters {
  int val[DOCX_LEVELS];
  unsigned char started[DOCX_LEVELS];
};

struct docx_abs_num {
  const char *id;
  const char *style_link;   /* w:numStyleLink: the definition lives in a
                               numbering style's list */
  int nlvl;                 /* w:lvl elements read */
  struct docx_lvl lvl[DOCX_LEVELS];
  struct docx_counters cnt; /* shared by every w:num without overrides */
};

struct docx_num {
  const char *id, *abs_id;
  struct docx_lvl lvl[DOCX_LEVELS]; /* w:lvlOverride/w:lvl (fmt 0: none) */
  int start_over[DOCX_LEVELS];      /* w:startOverride, -1 unset */
  int own;                  /* has overrides: keeps counters of its own */
  struct docx_counters cnt;
};

struct docx_pkgdata {
  struct docx_style *styles;
  size_t nstyles;
  size_t *hash; size_t hcap; /* styleId -> index + 1 */
  const struct docx_style *def_para;
  struct docx_rpr def_rpr;
  struct docx_abs_num *abs;
  size_t nabs;
  struct docx_num *nums;
  size_t nnums;
  int have_numbering;
};

/* Paragraph properties that matter here. */
struct docx_ppr {
  const char *pstyle, *num_id;
  int ilvl, outline, center;
};

/* Parsers for word/styles.xml and word/numbering.xml (streamed once). */
void prep_docx_parse_styles(struct prep_xml *x, struct prep_arena *a,
                            struct docx_pkgdata *pd);
void prep_docx_parse_numbering(struct prep_xml *x, struct prep_arena *a,
                               struct docx_pkgdata *pd);
/* A style by id with basedOn resolved (memoised), or NULL. */
const struct docx_style *prep_docx_style_get(struct docx_pkgdata *pd,
                                             const char *id);
/* The default paragraph style, resolved, or NULL. */
const struct docx_style *prep_docx_style_default(struct docx_pkgdata *pd);
/* Fills unset fields of dst from src. */
void prep_docx_rpr_merge(struct docx_rpr *dst, const struct docx_rpr *src);
/* One child element of an rPr (current node) into r. */
void prep_docx_rpr_child(struct prep_xml *x, const char *ln,
                         struct docx_rpr *r);
/* Reads the subtree of a pPr or rPr (current node) into p and/or r. */
void prep_docx_read_props(struct prep_xml *x, struct prep_arena *a,
                          struct docx_ppr *p, struct docx_rpr *r);
/* w:<local> as a small non-negative integer, or dflt. */
int prep_docx_int_attr(struct prep_xml *x, const char *local, int dflt);
/* 0 not a list, 1 bullet, 2 numbered. */
int prep_docx_list_kind(const struct docx_pkgdata *pd, const char *num_id,
                        int ilvl);
/* Counts one list paragraph (num_id, ilvl) in document order and returns
 * its label as Word shows it ("iv.", "(b)", "2.1"), in arena a, or NULL
 * for bullets and lists without a number.  Counters follow w:start,
 * w:lvlRestart, w:startOverride; w:num elements that point at the same
 * w:abstractNum share counters unless they override something. */
const char *prep_docx_list_label(struct docx_pkgdata *pd, struct prep_arena *a,
                                 const char *num_id, int ilvl);

/* ---- Office math (docx_math.c) ------------------------------------------ */

struct prep_buf;
/* Reads the m:oMath or m:oMathPara element whose start tag is the current
 * node, through its end tag, and appends the formula to out as one line:
 * plain Unicode when it is only symbols and scripts ("A = πr²"), else TeX
 * as pandoc writes it ("\frac{a}{b}", "\sum_{i = 1}^{n}").  Bounded in
 * elements, text and output length. */
void prep_docx_math(struct prep_xml *x, struct prep_buf *out);

/* ---- package bookkeeping (docx_parts.c) --------------------------------- */

struct docx_ctype {
  const char *key, *type;
  int ext; /* key is an extension (Default), else a part name (Override) */
};

struct docx_ctypes {
  struct docx_ctype *v;
  size_t n;
  int loaded;
};

/* Reads [Content_Types].xml (a missing or damaged one gives an empty set). */
void prep_docx_ctypes_load(struct prep_docx_pkg *pkg, struct prep_arena *a,
                           const char *name, struct docx_ctypes *out);
/* The content type of a part ("" when unknown). */
const char *prep_docx_ctype(const struct docx_ctypes *ct, const char *part);

struct prep_doc;
/* docProps/core.xml: title, creator, modified date into doc (problems are
 * at most warnings). */
void prep_docx_read_core(struct prep_docx_pkg *pkg, const char *part,
                         struct prep_doc *doc, struct prep_arena *a,
                         const char *name, struct prep_diag *diag);

/* Turns the errors recorded since (count, errors) into warnings: a damaged
 * optional part must not fail the file. */
void prep_docx_diag_demote(struct prep_diag *d, size_t count, size_t errors);

/* ---- text helpers (docx_text.c) --------------------------------------- */

/* A symbol-font character (0xF0xx or 0xxx) as Unicode, or 0 to drop it.
 * font: 1 Symbol, otherwise Wingdings-like. */
unsigned prep_docx_symbol(unsigned code, int font);
/* Unicode superscript (sup) or subscript form of c, or 0. */
unsigned prep_docx_script_cp(char c, int sup);
/* The target of a HYPERLINK field instruction (in arena a), or NULL. */
const char *prep_docx_hyperlink_target(struct prep_arena *a, const char *ins);
/* The text of an HTML chunk, one emit() per paragraph (raw UTF-8). */
void prep_docx_html_text(const char *t, size_t n,
                         void (*emit)(void *ctx, const char *s, size_t n),
                         void *ctx);

#endif
