/* extract_int.h - private to the extraction stage (extract*.c, taxonomy.c).
 *
 * Owner: extraction stage (issue 3).  Holds the taxonomy's layout, the
 * bounded regex helper and the helpers the extractor files share.  PCRE2
 * types appear here and nowhere in include/.
 */
#ifndef PREPGEN_EXTRACT_INT_H
#define PREPGEN_EXTRACT_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>

#include "prepgen/extract.h"
#include "prepgen/facts.h"

struct prep_arena;
struct prep_doc;
struct prep_block;

/* ---- limits (SECURITY.md section 6) --------------------------------- */
/* Per start position; the window cap below bounds the total. */
#define XR_MATCH_LIMIT 100000u
#define XR_DEPTH_LIMIT 10000u
#define XR_HEAP_LIMIT_KIB 8192u
/* A regex window: one block cut to this many bytes.  Longer blocks are not
 * CV lines; what lies beyond is ignored rather than risk quadratic scans. */
#define XR_WINDOW 4096u
/* Emails, URLs and phones are matched on single tokens of at most this. */
#define XR_TOKEN 256u
/* Regex work per file stops after this (then facts are partial + warning). */
#define XR_BUDGET_NS 1000000000LL

/* ---- a compiled pattern ---------------------------------------------- */
struct xrx {
  pcre2_code *code;
  pcre2_match_data *md;
  const char *what;  /* for messages: "date range", ... */
};

/* ---- string -> index hash (open addressing, keys borrowed) ------------ */
struct xmap {
  const char **keys;
  int *vals;
  size_t cap, count;
};

void xmap_init(struct xmap *m);
void xmap_free(struct xmap *m);
/* Sets key -> val (keeps the first value for a key); returns 1 when new. */
int xmap_put(struct xmap *m, const char *key, int val);
/* Value for key[0..n) or -1. */
int xmap_getn(const struct xmap *m, const char *key, size_t n);

/* ---- the taxonomy ---------------------------------------------------- */
enum month_kind { MK_MONTH = 1, MK_PRESENT, MK_SEASON, MK_SINCE, MK_RANGE_WORD };

struct alias {
  int skill;        /* index into skills */
  int ambiguous;    /* needs corroboration */
  int case_exact;   /* must appear exactly as written in the data */
  const char *exact;/* the alias as written in the data (for exact case) */
};

struct theme_phrase {
  struct xrx rx;       /* the row's own pattern (interpreted, no JIT) */
  const char **stems;  /* lowercase literals, one of which any match holds;
                          NULL when the pattern gives none (always run) */
  size_t nstems;
  const char *phrase;  /* the PCRE2 pattern as written */
  const char *tag;     /* tags.tsv name */
  const char *kind;    /* "theme" or "topic" */
  uint32_t ncaps;      /* capture groups inside the pattern */
};

struct title_word {
  const char *phrase;  /* lowercase */
  const char *family;  /* role family or NULL */
  int seniority;       /* enum prep_seniority or 0 */
  int is_title;        /* marks a job title ("engineer", "developer") */
  int kind;            /* for titles: 1 a tech job (a tech title noun, or a
                          family phrase), 0 a job outside software
                          (title-noun other), -1 either: research posts,
                          volunteers,
                          whose bullets decide */
  int noun_set;        /* a title-noun row gave `kind` */
  int intern;          /* seniority "intern" */
};

struct prep_taxonomy {
  struct prep_arena *arena;
  char *dir;
  /* skills */
  struct prep_skill_def *skills;
  size_t nskills, capskills;
  struct xmap skill_ids;      /* id -> skill index */
  struct alias *aliases;
  size_t naliases, capaliases;
  struct xmap alias_map;      /* lowercase alias -> alias index */
  size_t max_alias_tokens;
  /* sections: normalised alias -> enum prep_section */
  struct xmap sections;
  /* months: lowercase word -> (kind << 8) | value */
  struct xmap months;
  /* themes */
  struct theme_phrase *themes;
  size_t nthemes, capthemes;
  /* Stem prefilter: stems bucketed by their first two bytes, so a line is
   * scanned once for all stems of all rows. */
  struct stem_ref {
    const char *stem;
    size_t len;
    uint32_t row;
  } *stem_refs;
  uint32_t stem_head[1024 + 1]; /* bucket b: stem_refs[head[b]..head[b+1]) */
  /* titles */
  struct title_word *titles;
  size_t ntitles, captitles;
  struct xmap title_map;      /* phrase -> index */
  size_t max_title_tokens;
  /* patterns */
  pcre2_match_context *mctx;
  pcre2_jit_stack *jit;
  struct xrx rx_range, rx_date, rx_email, rx_email_obf, rx_url, rx_phone,
      rx_gpa, rx_version;
};

/* Per-run regex state: time budget and limit counters.  Not shared. */
struct xrun {
  const struct prep_taxonomy *tax;
  long long t0;         /* monotonic ns at start */
  unsigned calls;
  unsigned limit_hits;
  int out_of_time;
};

void xrun_init(struct xrun *r, const struct prep_taxonomy *tax);

/* Finds the next match of rx in s[0..n) at or after `start`.  Returns the
 * number of capture pairs (>= 1) with ovector copied into ov (2 * nov
 * entries; unset groups are PCRE2_UNSET), or 0 for no match, or 0 after a
 * limit (counted in r->limit_hits) or once the time budget is spent.  n is
 * capped to XR_WINDOW. */
int xrx_find(struct xrun *r, const struct xrx *rx, const char *s, size_t n,
             size_t start, size_t *ov, int nov);

long long xnow_ns(void);

/* ---- dates (extract_dates.c) ----------------------------------------- */
struct xdate_range {
  struct prep_date start, end;
  size_t off, len;      /* span of the whole range in the text */
  int is_range;         /* two ends (or since/present) vs a single date */
};

/* Parses one date written as text (a match of the date sub-pattern):
 * "Jan 2019", "03/2018", "2019-03", "'19", "Summer 2021", "März 2020". */
int xdate_parse(const struct prep_taxonomy *tax, const char *s, size_t n,
                const struct prep_date *as_of, struct prep_date *out);

/* Finds up to `max` date ranges or single dates in text, left to right,
 * non-overlapping.  Returns how many. */
size_t xdate_find(struct xrun *r, const char *s, size_t n,
                  const struct prep_date *as_of, struct xdate_range *out,
                  size_t max);

/* Months between two dates as used for spans: start counts from its month
 * (January when unknown), end through its month (December when unknown,
 * capped at as_of). */
int xdate_index(const struct prep_date *d, int is_end);

/* ---- skills (extract_skills.c) --------------------------------------- */
/* One skill mention in a window. */
struct xskill_hit {
  int skill;
  size_t off, len;
  int ambiguous;       /* matched an ambiguous alias */
  int corroborated;    /* neighbour technology or exact case in a list */
};

/* Finds skill mentions in s[0..n).  `listed`: the window is a skills list.
 * Returns the number of hits written to out (at most max). */
size_t xskills_scan(const struct prep_taxonomy *tax, const char *s, size_t n,
                    int listed, struct xskill_hit *out, size_t max);

/* Quantified results in s[0..n); returns the count written. */
struct xresult_hit {
  enum prep_result_kind kind;
  double value;
  size_t off, len;
};
size_t xresults_scan(struct xrun *r, const char *s, size_t n,
                     struct xresult_hit *out, size_t max);

/* ---- small text helpers (extract.c) ---------------------------------- */
/* Lowercases UTF-8 s[0..n) into buf (cap bytes); returns length. */
size_t xlower(const char *s, size_t n, char *buf, size_t cap);
/* Normalises a heading for section lookup: lowercase, letters and digits
 * only, words joined by one space, letter spacing undone. */
size_t xheading_key(const char *s, size_t n, char *buf, size_t cap);
/* Skill alias key: tokens as the skill scanner sees them, lowercased,
 * joined by one space ("Node.js" -> "node.js", "Spring  Boot" -> "spring
 * boot").  *ntok gets the token count.  Returns the key length (0: none). */
size_t xskill_key(const char *s, size_t n, char *buf, size_t cap,
                  size_t *ntok);
/* Phrase key: words (letters/digits) lowercased, joined by one space
 * ("On-call" -> "on call"). */
size_t xphrase_key(const char *s, size_t n, char *buf, size_t cap,
                   size_t *ntok);
/* Sets key -> val, replacing an existing value. */
void xmap_set(struct xmap *m, const char *key, int val);
/* Counts words (runs of letters/digits). */
size_t xcount_words(const char *s, size_t n);

/* 1 when s[0..n) starts with a lower-case letter (any script). */
int xis_lower_at(const char *s, size_t n);

/* 1 for a letter of any script or a combining mark (Unicode L*, M*). */
int xis_letter_or_mark(unsigned cp);

/* s[0..n) without the emoji, pictographs, arrows and other symbols that
 * decorate its start ("💼 Experience", "🔐 Security Analyst"): returns
 * the offset of the first letter, digit or punctuation worth keeping. */
size_t xskip_symbols(const char *s, size_t n);

#endif
