/* docx_math.c - Office math (OMML) as one line of text, for the DOCX reader.
 *
 * An m:oMath or m:oMathPara subtree is read from the streaming XML reader
 * into a small element tree, turned into an expression tree the way
 * pandoc's maths library reads OMML (runs split into identifiers, numbers
 * and operator symbols; fractions, scripts, n-ary operators, delimiters,
 * radicals, functions, limits, accents, bars, group characters, arrays),
 * and written out in one of two linear forms:
 *   - plain Unicode when the formula is only letters, numbers, symbols,
 *     delimiters and scripts ("A = πr²", "N_(s)^(H)"): scripts use the
 *     Unicode super/subscript digits when every character has one;
 *   - otherwise TeX ("\frac{a}{b}", "\sum_{n = 1}^{\infty}", "\left( ...
 *     \right)", "\begin{matrix} ... \end{matrix}"), with symbols named as
 *     TeX names them (∞ \infty, … \ldots, × \times, ≤ \leq, α \alpha).
 * Both forms follow what pandoc prints for the same file, so the words a
 * reader sees are the words pandoc sees.  Sizes are bounded: elements and
 * text per formula are capped and the output is cut at MATH_MAX_OUT bytes.
 * Owner: the DOCX reader.  No printing; memory is malloc'd and freed here.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "docx.h"
#include "prepgen/arena.h"
#include "prepgen/buf.h"
#include "prepgen/limits.h"
#include "prepgen/text.h"

/* Elements per formula: a real equation has tens, a page of them hundreds. */
#define MATH_MAX_NODES 8192
/* Text bytes per formula (m:t content). */
#define MATH_MAX_TEXT (32u * 1024u)
/* Rendered bytes per formula: longer output is cut. */
#define MATH_MAX_OUT (16u * 1024u)
#define MATH_STACK ((int)PREP_MAX_XML_DEPTH + 4)

/* ---- the element tree ------------------------------------------------- */

enum tag {
  T_OTHER, T_OMATHPARA, T_OMATH, T_R, T_E, T_F, T_NUM, T_DEN, T_SSUP, T_SSUB,
  T_SSUBSUP, T_SPRE, T_SUP, T_SUB, T_NARY, T_D, T_RAD, T_DEG, T_FUNC, T_FNAME,
  T_ACC, T_BAR, T_BOX, T_BORDERBOX, T_GROUPCHR, T_LIMLOW, T_LIMUPP, T_LIM,
  T_EQARR, T_M, T_MR, T_PHANT
};

static const struct {
  const char *name;
  enum tag tag;
} tag_names[] = {
  {"oMathPara", T_OMATHPARA}, {"oMath", T_OMATH}, {"r", T_R}, {"e", T_E},
  {"f", T_F}, {"num", T_NUM}, {"den", T_DEN}, {"sSup", T_SSUP},
  {"sSub", T_SSUB}, {"sSubSup", T_SSUBSUP}, {"sPre", T_SPRE},
  {"sup", T_SUP}, {"sub", T_SUB}, {"nary", T_NARY}, {"d", T_D},
  {"rad", T_RAD}, {"deg", T_DEG}, {"func", T_FUNC}, {"fName", T_FNAME},
  {"acc", T_ACC}, {"bar", T_BAR}, {"box", T_BOX}, {"borderBox", T_BORDERBOX},
  {"groupChr", T_GROUPCHR}, {"limLow", T_LIMLOW}, {"limUpp", T_LIMUPP},
  {"lim", T_LIM}, {"eqArr", T_EQARR}, {"m", T_M}, {"mr", T_MR},
  {"phant", T_PHANT},
};

#define CHR_UNSET 0xFFFFFFFFu

struct mn {
  enum tag tag;
  int first, last, next;     /* children */
  size_t toff, tlen;         /* run text in the pool */
  unsigned chr, beg, end, sep; /* m:chr, m:begChr, ... (CHR_UNSET) */
  signed char limloc;        /* 1 undOvr, 2 subSup, 0 unset */
  signed char top;           /* m:pos top */
  signed char vtop;          /* m:vertJc top */
  signed char nor;           /* m:nor or m:lit: normal text */
  signed char style;         /* 0 plain, else a STY_* */
};

enum { STY_NONE, STY_BOLD, STY_ITALIC, STY_BB, STY_CAL, STY_FRAK, STY_SF,
       STY_TT };

/* ---- the expression tree ---------------------------------------------- */

enum ek {
  E_NUM, E_IDENT, E_OPNAME, E_SYM, E_SPACE, E_TEXT, E_GROUP, E_DELIM,
  E_SEPAR, E_FRAC, E_SUB, E_SUP, E_SUBSUP, E_UNDER, E_OVER, E_UNDEROVER,
  E_SQRT, E_ROOT, E_ARRAY, E_ROW, E_CELL, E_PHANTOM, E_BOXED, E_STYLED
};

/* symbol classes, as TeX spaces them */
enum sy { S_ALPHA, S_ORD, S_OP, S_BIN, S_REL, S_OPEN, S_CLOSE, S_PUN,
          S_ACCENT, S_TOVER, S_TUNDER };

struct ex {
  enum ek k;
  unsigned char sy;     /* E_SYM: enum sy; E_STYLED: STY_* */
  unsigned char conv;   /* E_UNDER/E_OVER/E_UNDEROVER: limits, not accents */
  unsigned cp;          /* E_SYM, E_SEPAR, E_DELIM open */
  unsigned cp2;         /* E_DELIM close */
  size_t off, len;      /* E_NUM/E_IDENT/E_OPNAME/E_TEXT text */
  int a, b, c;          /* operands */
  int first, last, next;
};

struct mt {
  struct mn *n;
  size_t nn;
  struct ex *e;
  size_t ne, ecap;
  struct prep_buf pool;
};

static int new_node(struct mt *T, enum tag tag, int parent)
{
  if (T->nn >= MATH_MAX_NODES)
    return -1;
  int i = (int)T->nn++;
  struct mn *m = &T->n[i];
  memset(m, 0, sizeof *m);
  m->tag = tag;
  m->first = m->last = m->next = -1;
  m->chr = m->beg = m->end = m->sep = CHR_UNSET;
  if (parent >= 0) {
    struct mn *p = &T->n[parent];
    if (p->last >= 0)
      T->n[p->last].next = i;
    else
      p->first = i;
    p->last = i;
  }
  return i;
}

static unsigned first_cp(const char *v)
{
  if (!v)
    return CHR_UNSET;
  if (!*v)
    return ' ';
  unsigned cp;
  prep_utf8_decode(v, strlen(v), &cp);
  return cp;
}

/* Reads a property element (m:naryPr, m:dPr, m:rPr, ...) into node i. */
static void read_pr(struct prep_xml *x, struct mt *T, int i)
{
  if (prep_xml_empty(x))
    return;
  int d0 = prep_xml_depth(x);
  enum prep_xml_node t;
  while ((t = prep_xml_next(x)) != PREP_XML_EOF) {
    if (t == PREP_XML_END && prep_xml_depth(x) == d0)
      return;
    if (t != PREP_XML_START)
      continue;
    if (prep_xml_ns(x) != DX_NS_M) {
      prep_xml_skip(x);
      continue;
    }
    const char *ln = prep_xml_local(x);
    const char *v = prep_xml_attr(x, DX_NS_M, "val");
    struct mn *m = &T->n[i];
    if (strcmp(ln, "chr") == 0) m->chr = first_cp(v);
    else if (strcmp(ln, "begChr") == 0) m->beg = first_cp(v);
    else if (strcmp(ln, "endChr") == 0) m->end = first_cp(v);
    else if (strcmp(ln, "sepChr") == 0) m->sep = first_cp(v);
    else if (strcmp(ln, "limLoc") == 0 && v)
      m->limloc = strcmp(v, "undOvr") == 0 ? 1 : strcmp(v, "subSup") == 0 ? 2 : 0;
    else if (strcmp(ln, "pos") == 0 && v) m->top = strcmp(v, "top") == 0;
    else if (strcmp(ln, "vertJc") == 0 && v) m->vtop = strcmp(v, "top") == 0;
    else if (strcmp(ln, "nor") == 0 || strcmp(ln, "lit") == 0) {
      m->nor = !v || !(strcmp(v, "0") == 0 || strcmp(v, "off") == 0 ||
                       strcmp(v, "false") == 0);
    } else if (strcmp(ln, "sty") == 0 && v) {
      int bold = strchr(v, 'b') != NULL;
      if (bold) m->style = STY_BOLD;
      else if (strcmp(v, "i") == 0) m->style = STY_ITALIC;
    } else if (strcmp(ln, "scr") == 0 && v && m->style == STY_NONE) {
      if (strcmp(v, "double-struck") == 0) m->style = STY_BB;
      else if (strcmp(v, "script") == 0) m->style = STY_CAL;
      else if (strcmp(v, "fraktur") == 0) m->style = STY_FRAK;
      else if (strcmp(v, "sans-serif") == 0) m->style = STY_SF;
      else if (strcmp(v, "monospace") == 0) m->style = STY_TT;
    }
  }
}

/* Appends run text to run node i (pieces of one run stay contiguous). */
static void run_text(struct mt *T, int i, const char *s, size_t n)
{
  struct mn *m = &T->n[i];
  if (m->tlen && m->toff + m->tlen != T->pool.len)
    return;
  if (T->pool.len + n > MATH_MAX_TEXT)
    return;
  if (!m->tlen)
    m->toff = T->pool.len;
  if (prep_buf_append(&T->pool, s, n) == 0)
    m->tlen += n;
}

static void run_cp(struct mt *T, int i, unsigned cp)
{
  char b[4];
  size_t n;
  if (cp < 0x80) { b[0] = (char)cp; n = 1; }
  else if (cp < 0x800) {
    b[0] = (char)(0xC0 | cp >> 6); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
  } else if (cp < 0x10000) {
    b[0] = (char)(0xE0 | cp >> 12); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
  } else {
    return;
  }
  run_text(T, i, b, n);
}

/* Reads the subtree at the current start tag into T; returns the root. */
static int build(struct prep_xml *x, struct mt *T)
{
  int root = new_node(T, strcmp(prep_xml_local(x), "oMathPara") == 0
                             ? T_OMATHPARA : T_OMATH, -1);
  if (prep_xml_empty(x))
    return root;
  int d0 = prep_xml_depth(x);
  int stk[MATH_STACK], sdep[MATH_STACK], sp = 0;
  int text_run = -1;  /* run receiving text (inside m:t / w:t) */
  int text_depth = -1;
  stk[0] = root;
  sdep[0] = d0;
  sp = 1;
  enum prep_xml_node t;
  while ((t = prep_xml_next(x)) != PREP_XML_EOF) {
    int dep = prep_xml_depth(x);
    if (t == PREP_XML_END) {
      if (dep == d0)
        break;
      if (dep == text_depth) {
        text_run = -1;
        text_depth = -1;
      }
      if (sp > 1 && sdep[sp - 1] == dep)
        sp--;
      continue;
    }
    if (t == PREP_XML_TEXT) {
      if (text_run >= 0) {
        size_t n;
        const char *s = prep_xml_text(x, &n);
        run_text(T, text_run, s, n);
      }
      continue;
    }
    int parent = stk[sp - 1];
    enum docx_ns ns = prep_xml_ns(x);
    const char *ln = prep_xml_local(x);
    int empty = prep_xml_empty(x);
    size_t ll = strlen(ln);
    int is_run = T->n[parent].tag == T_R;
    if (ns == DX_NS_M || (ns == DX_NS_W && strcmp(ln, "r") == 0)) {
      if (ll > 2 && strcmp(ln + ll - 2, "Pr") == 0) {
        if (ns == DX_NS_M && strcmp(ln, "ctrlPr") != 0)
          read_pr(x, T, parent);
        else
          prep_xml_skip(x);
        continue;
      }
      if (ns == DX_NS_M && strcmp(ln, "t") == 0) {
        if (is_run && !empty) {
          text_run = parent;
          text_depth = dep;
        }
        continue;
      }
      enum tag tg = T_OTHER;
      if (ns == DX_NS_W)
        tg = T_R;
      else
        for (size_t i = 0; i < sizeof tag_names / sizeof tag_names[0]; i++)
          if (strcmp(ln, tag_names[i].name) == 0) {
            tg = tag_names[i].tag;
            break;
          }
      int i = new_node(T, tg, parent);
      if (i < 0) {
        prep_xml_skip(x);
        continue;
      }
      if (!empty && sp < MATH_STACK) {
        stk[sp] = i;
        sdep[sp++] = dep;
      } else if (!empty) {
        prep_xml_skip(x);
      }
      continue;
    }
    if (ns == DX_NS_W) {
      if (strcmp(ln, "t") == 0) {
        if (is_run && !empty) {
          text_run = parent;
          text_depth = dep;
        }
      } else if (strcmp(ln, "br") == 0 || strcmp(ln, "cr") == 0 ||
                 strcmp(ln, "tab") == 0) {
        if (is_run)
          run_text(T, parent, " ", 1);
      } else if (strcmp(ln, "sym") == 0) {
        const char *ch = prep_xml_attr(x, DX_NS_W, "char");
        const char *font = prep_xml_attr(x, DX_NS_W, "font");
        unsigned code = ch ? (unsigned)strtoul(ch, NULL, 16) : 0;
        unsigned m = prep_docx_symbol(code, font && strstr(font, "Symbol") ? 1 : 2);
        if (is_run && m)
          run_cp(T, parent, m);
      } else if (strcmp(ln, "ins") != 0 && strcmp(ln, "hyperlink") != 0 &&
                 strcmp(ln, "sdtContent") != 0 && strcmp(ln, "smartTag") != 0 &&
                 strcmp(ln, "sdt") != 0 && strcmp(ln, "moveTo") != 0 &&
                 strcmp(ln, "customXml") != 0 && !empty) {
        /* wrappers (inserted text, links, content controls) are looked
         * through; deleted text, properties and the rest are not maths */
        prep_xml_skip(x);
      }
      continue;
    }
    if (ns == DX_NS_MC && strcmp(ln, "Fallback") == 0) {
      prep_xml_skip(x);
      continue;
    }
    if (ns != DX_NS_MC && !empty)
      prep_xml_skip(x); /* drawings, other vocabularies */
  }
  return root;
}

/* ---- symbols ------------------------------------------------------------ */

struct sym {
  unsigned cp;
  unsigned char sy;
  const char *tex;
};

/* Symbols with their class and TeX name (NULL: written as is). */
static const struct sym syms[] = {
  {'+', S_BIN, NULL}, {'-', S_BIN, NULL}, {0x2212, S_BIN, "-"},
  {'*', S_BIN, NULL}, {0x00B1, S_BIN, "\\pm"}, {0x2213, S_BIN, "\\mp"},
  {0x00D7, S_BIN, "\\times"}, {0x00F7, S_BIN, "\\div"},
  {0x00B7, S_BIN, "\\cdot"}, {0x22C5, S_BIN, "\\cdot"},
  {0x2219, S_BIN, "\\bullet"}, {0x2218, S_BIN, "\\circ"},
  {0x2217, S_BIN, "\\ast"}, {0x222A, S_BIN, "\\cup"}, {0x2229, S_BIN, "\\cap"},
  {0x2227, S_BIN, "\\land"}, {0x2228, S_BIN, "\\lor"},
  {0x2295, S_BIN, "\\oplus"}, {0x2296, S_BIN, "\\ominus"},
  {0x2297, S_BIN, "\\otimes"}, {0x2299, S_BIN, "\\odot"},
  {0x2216, S_BIN, "\\setminus"}, {0x22C6, S_BIN, "\\star"},
  {0x22C4, S_BIN, "\\diamond"},
  {'=', S_REL, NULL}, {'<', S_REL, NULL}, {'>', S_REL, NULL},
  {0x2264, S_REL, "\\leq"}, {0x2265, S_REL, "\\geq"},
  {0x2260, S_REL, "\\neq"}, {0x2248, S_REL, "\\approx"},
  {0x2261, S_REL, "\\equiv"}, {0x223C, S_REL, "\\sim"},
  {0x2243, S_REL, "\\simeq"}, {0x2245, S_REL, "\\cong"},
  {0x226A, S_REL, "\\ll"}, {0x226B, S_REL, "\\gg"},
  {0x221D, S_REL, "\\propto"}, {0x2190, S_REL, "\\leftarrow"},
  {0x2192, S_REL, "\\rightarrow"}, {0x2191, S_REL, "\\uparrow"},
  {0x2193, S_REL, "\\downarrow"}, {0x2194, S_REL, "\\leftrightarrow"},
  {0x21D0, S_REL, "\\Leftarrow"}, {0x21D2, S_REL, "\\Rightarrow"},
  {0x21D4, S_REL, "\\Leftrightarrow"}, {0x21A6, S_REL, "\\mapsto"},
  {0x27F6, S_REL, "\\longrightarrow"}, {0x27F9, S_REL, "\\Longrightarrow"},
  {0x2208, S_REL, "\\in"}, {0x2209, S_REL, "\\notin"}, {0x220B, S_REL, "\\ni"},
  {0x2282, S_REL, "\\subset"}, {0x2283, S_REL, "\\supset"},
  {0x2286, S_REL, "\\subseteq"}, {0x2287, S_REL, "\\supseteq"},
  {0x2223, S_REL, "\\mid"}, {0x2225, S_REL, "\\parallel"},
  {0x22A5, S_REL, "\\bot"}, {0x22A2, S_REL, "\\vdash"},
  {0x22A8, S_REL, "\\models"}, {0x227A, S_REL, "\\prec"},
  {0x227B, S_REL, "\\succ"}, {0x2250, S_REL, "\\doteq"},
  {0x2254, S_REL, "\\coloneqq"},
  {'(', S_OPEN, NULL}, {'[', S_OPEN, NULL}, {'{', S_OPEN, "\\{"},
  {0x27E8, S_OPEN, "\\langle"}, {0x2329, S_OPEN, "\\langle"},
  {0x2308, S_OPEN, "\\lceil"}, {0x230A, S_OPEN, "\\lfloor"},
  {')', S_CLOSE, NULL}, {']', S_CLOSE, NULL}, {'}', S_CLOSE, "\\}"},
  {0x27E9, S_CLOSE, "\\rangle"}, {0x232A, S_CLOSE, "\\rangle"},
  {0x2309, S_CLOSE, "\\rceil"}, {0x230B, S_CLOSE, "\\rfloor"},
  {'!', S_CLOSE, NULL},
  {',', S_PUN, NULL}, {';', S_PUN, NULL},
  {0x2211, S_OP, "\\sum"}, {0x220F, S_OP, "\\prod"}, {0x2210, S_OP, "\\coprod"},
  {0x222B, S_OP, "\\int"}, {0x222C, S_OP, "\\iint"}, {0x222D, S_OP, "\\iiint"},
  {0x222E, S_OP, "\\oint"}, {0x22C3, S_OP, "\\bigcup"},
  {0x22C2, S_OP, "\\bigcap"}, {0x22C0, S_OP, "\\bigwedge"},
  {0x22C1, S_OP, "\\bigvee"}, {0x2A01, S_OP, "\\bigoplus"},
  {0x2A02, S_OP, "\\bigotimes"}, {0x2A00, S_OP, "\\bigodot"},
  {0x2A04, S_OP, "\\biguplus"}, {0x222F, S_OP, NULL}, {0x2230, S_OP, NULL},
  {0x2231, S_OP, NULL}, {0x2232, S_OP, NULL}, {0x2233, S_OP, NULL},
  {0x221E, S_ORD, "\\infty"}, {0x2026, S_ORD, "\\ldots"},
  {0x22EF, S_ORD, "\\cdots"}, {0x22EE, S_ORD, "\\vdots"},
  {0x22F1, S_ORD, "\\ddots"}, {0x2202, S_ORD, "\\partial"},
  {0x2207, S_ORD, "\\nabla"}, {0x2200, S_ORD, "\\forall"},
  {0x2203, S_ORD, "\\exists"}, {0x2204, S_ORD, "\\nexists"},
  {0x00AC, S_ORD, "\\neg"}, {0x2205, S_ORD, "\\varnothing"},
  {0x2032, S_ORD, "\\prime"}, {0x2033, S_ORD, "\\prime\\prime"},
  {0x210F, S_ORD, "\\hbar"}, {0x2113, S_ORD, "\\ell"}, {0x2135, S_ORD, "\\aleph"},
  {0x211C, S_ORD, "\\Re"}, {0x2111, S_ORD, "\\Im"}, {0x2118, S_ORD, "\\wp"},
  {0x2220, S_ORD, "\\angle"}, {0x25B3, S_ORD, "\\triangle"},
  {0x2234, S_ORD, "\\therefore"}, {0x2235, S_ORD, "\\because"},
  {0x221A, S_ORD, "\\surd"}, {0x00B0, S_ORD, "{^\\circ}"},
  {0x2115, S_ORD, "\\mathbb{N}"}, {0x2124, S_ORD, "\\mathbb{Z}"},
  {0x211A, S_ORD, "\\mathbb{Q}"}, {0x211D, S_ORD, "\\mathbb{R}"},
  {0x2102, S_ORD, "\\mathbb{C}"}, {'|', S_ORD, NULL}, {0x2016, S_ORD, "\\|"},
  {'/', S_ORD, NULL}, {'\\', S_ORD, "\\backslash"}, {'%', S_ORD, "\\%"},
  {'#', S_ORD, "\\#"}, {'$', S_ORD, "\\$"}, {'&', S_ORD, "\\&"},
  {'_', S_ORD, "\\_"}, {'~', S_ORD, "\\sim"}, {'^', S_ORD, "\\hat{}"},
  {0x2061, S_ORD, ""}, {0x2062, S_ORD, ""}, {0x2063, S_ORD, ""},
  {0x2064, S_ORD, ""},
};

/* Greek letters by TeX name: lower-case from U+03B1, upper-case list. */
static const char *const greek_lower[25] = {
  "\\alpha", "\\beta", "\\gamma", "\\delta", "\\varepsilon", "\\zeta", "\\eta",
  "\\theta", "\\iota", "\\kappa", "\\lambda", "\\mu", "\\nu", "\\xi", "o",
  "\\pi", "\\rho", "\\varsigma", "\\sigma", "\\tau", "\\upsilon", "\\varphi",
  "\\chi", "\\psi", "\\omega"};

static const struct sym letters[] = {
  {0x0393, S_ALPHA, "\\Gamma"}, {0x0394, S_ALPHA, "\\Delta"},
  {0x0398, S_ALPHA, "\\Theta"}, {0x039B, S_ALPHA, "\\Lambda"},
  {0x039E, S_ALPHA, "\\Xi"}, {0x03A0, S_ALPHA, "\\Pi"},
  {0x03A3, S_ALPHA, "\\Sigma"}, {0x03A5, S_ALPHA, "\\Upsilon"},
  {0x03A6, S_ALPHA, "\\Phi"}, {0x03A8, S_ALPHA, "\\Psi"},
  {0x03A9, S_ALPHA, "\\Omega"}, {0x03D1, S_ALPHA, "\\vartheta"},
  {0x03D5, S_ALPHA, "\\phi"}, {0x03D6, S_ALPHA, "\\varpi"},
  {0x03F1, S_ALPHA, "\\varrho"}, {0x03F5, S_ALPHA, "\\epsilon"},
  {0x03F0, S_ALPHA, "\\varkappa"},
};

static const struct sym *sym_find(unsigned cp)
{
  for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++)
    if (syms[i].cp == cp)
      return &syms[i];
  return NULL;
}

static int is_letter_cp(unsigned cp)
{
  if (cp < 0x80)
    return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
         c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LM ||
         c == UTF8PROC_CATEGORY_LO;
}

static int is_alnum_cp(unsigned cp)
{
  if (cp < 0x80)
    return is_letter_cp(cp) || (cp >= '0' && cp <= '9');
  utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
  return is_letter_cp(cp) || c == UTF8PROC_CATEGORY_ND ||
         c == UTF8PROC_CATEGORY_NL || c == UTF8PROC_CATEGORY_NO;
}

static unsigned char sym_class(unsigned cp)
{
  const struct sym *s = sym_find(cp);
  if (s)
    return s->sy;
  if (is_letter_cp(cp))
    return S_ALPHA;
  utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
  if (c == UTF8PROC_CATEGORY_SM)
    return S_REL; /* an unknown mathematical symbol: most are relations */
  if (c == UTF8PROC_CATEGORY_PS)
    return S_OPEN;
  if (c == UTF8PROC_CATEGORY_PE)
    return S_CLOSE;
  return S_ORD;
}

/* The TeX spelling of one character, or NULL to write it as is. */
static const char *tex_name(unsigned cp)
{
  if (cp >= 0x03B1 && cp <= 0x03C9)
    return greek_lower[cp - 0x03B1];
  for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
    if (letters[i].cp == cp)
      return letters[i].tex;
  const struct sym *s = sym_find(cp);
  return s ? s->tex : NULL;
}

static int is_integral(unsigned cp)
{
  return (cp >= 0x222B && cp <= 0x2233) || (cp >= 0x2A0B && cp <= 0x2A1C);
}

/* Function names TeX knows (\sin, \lim, ...): written as commands. */
static const char *const operators[] = {
  "arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "coth", "csc",
  "deg", "det", "dim", "exp", "gcd", "hom", "inf", "ker", "lg", "lim",
  "liminf", "limsup", "ln", "log", "max", "min", "Pr", "sec", "sin", "sinh",
  "sup", "tan", "tanh"};

static int is_operator(const char *s, size_t n)
{
  for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++)
    if (strlen(operators[i]) == n && memcmp(operators[i], s, n) == 0)
      return 1;
  return 0;
}

/* ---- element tree to expression tree ------------------------------------ */

static int ex_new(struct mt *T, enum ek k)
{
  if (T->ne == T->ecap) {
    T->ecap = T->ecap ? T->ecap * 2 : 256;
    T->e = prep_xrealloc(T->e, T->ecap * sizeof *T->e);
  }
  int i = (int)T->ne++;
  struct ex *e = &T->e[i];
  memset(e, 0, sizeof *e);
  e->k = k;
  e->a = e->b = e->c = -1;
  e->first = e->last = e->next = -1;
  return i;
}

static void ex_add(struct mt *T, int list, int i)
{
  if (i < 0)
    return;
  struct ex *l = &T->e[list];
  T->e[i].next = -1;
  if (l->last >= 0)
    T->e[l->last].next = i;
  else
    l->first = i;
  l->last = i;
}

/* Moves the children of list `from` to the end of list `to`. */
static void ex_splice(struct mt *T, int to, int from)
{
  struct ex *f = &T->e[from];
  if (f->first < 0)
    return;
  struct ex *t = &T->e[to];
  if (t->last >= 0)
    T->e[t->last].next = f->first;
  else
    t->first = f->first;
  t->last = f->last;
  f->first = f->last = -1;
}

static int ex_text(struct mt *T, enum ek k, size_t off, size_t len)
{
  int i = ex_new(T, k);
  T->e[i].off = off;
  T->e[i].len = len;
  return i;
}

static int ex_sym(struct mt *T, unsigned cp, unsigned char sy)
{
  int i = ex_new(T, E_SYM);
  T->e[i].cp = cp;
  T->e[i].sy = sy;
  return i;
}

static void conv(struct mt *T, int dom, int list);

static int child_tag(const struct mt *T, int dom, enum tag tg)
{
  for (int c = T->n[dom].first; c >= 0; c = T->n[c].next)
    if (T->n[c].tag == tg)
      return c;
  return -1;
}

/* All children of dom converted, into list. */
static void conv_children(struct mt *T, int dom, int list)
{
  for (int c = dom >= 0 ? T->n[dom].first : -1; c >= 0; c = T->n[c].next)
    conv(T, c, list);
}

/* One child converted, a lone group unwrapped. */
static void conv_ug(struct mt *T, int dom, int list)
{
  int tmp = ex_new(T, E_GROUP);
  conv(T, dom, tmp);
  int f = T->e[tmp].first;
  if (f >= 0 && T->e[f].next < 0 && T->e[f].k == E_GROUP)
    ex_splice(T, list, f);
  else
    ex_splice(T, list, tmp);
}

/* A group of the children of the first `tg` child of dom (may be empty). */
static int group_of(struct mt *T, int dom, enum tag tg)
{
  int g = ex_new(T, E_GROUP);
  int c = child_tag(T, dom, tg);
  for (int k = c >= 0 ? T->n[c].first : -1; k >= 0; k = T->n[k].next)
    conv_ug(T, k, g);
  return g;
}

/* The base (m:e) of dom: its one expression, or a group of them. */
static int base_of(struct mt *T, int dom)
{
  int g = ex_new(T, E_GROUP);
  conv_children(T, child_tag(T, dom, T_E), g);
  int f = T->e[g].first;
  if (f >= 0 && T->e[f].next < 0)
    return f;
  return g;
}

static void conv_run(struct mt *T, int dom, int list)
{
  const struct mn *m = &T->n[dom];
  if (!m->tlen)
    return;
  if (m->nor) {
    ex_add(T, list, ex_text(T, E_TEXT, m->toff, m->tlen));
    return;
  }
  int target = list;
  if (m->style != STY_NONE) {
    target = ex_new(T, E_STYLED);
    T->e[target].sy = (unsigned char)m->style;
    ex_add(T, list, target);
  }
  const char *s = T->pool.data + m->toff;
  size_t n = m->tlen, i = 0, digits = 1, chars = 0;
  for (size_t k = 0; k < n; k++) {
    if (s[k] < '0' || s[k] > '9')
      digits = 0;
    if (((unsigned char)s[k] & 0xC0) != 0x80)
      chars++;
  }
  if ((digits && chars > 1) || (chars > 1 && is_operator(s, n))) {
    ex_add(T, target, ex_text(T, digits ? E_NUM : E_OPNAME, m->toff, n));
    return;
  }
  while (i < n) {
    unsigned cp;
    int k = prep_utf8_decode(s + i, n - i, &cp);
    size_t off = m->toff + i;
    i += (size_t)k;
    if (cp >= '0' && cp <= '9') {
      ex_add(T, target, ex_text(T, E_NUM, off, (size_t)k));
    } else if (cp == ' ' || cp == 0xA0 || cp == '\t') {
      ex_add(T, target, ex_new(T, E_SPACE));
    } else {
      unsigned char sy = sym_class(cp);
      if (sy == S_ALPHA)
        ex_add(T, target, ex_text(T, E_IDENT, off, (size_t)k));
      else
        ex_add(T, target, ex_sym(T, cp, sy));
    }
  }
}

static void conv(struct mt *T, int dom, int list)
{
  const struct mn *m = &T->n[dom];
  int i;
  switch (m->tag) {
  case T_R:
    conv_run(T, dom, list);
    return;
  case T_ACC:
    i = ex_new(T, E_OVER);
    T->e[i].a = base_of(T, dom);
    T->e[i].b = ex_sym(T, m->chr != CHR_UNSET ? m->chr : 0x0302, S_ACCENT);
    ex_add(T, list, i);
    return;
  case T_BAR:
    i = ex_new(T, m->top ? E_OVER : E_UNDER);
    T->e[i].a = base_of(T, dom);
    T->e[i].b = m->top ? ex_sym(T, 0x0305, S_TOVER) : ex_sym(T, 0x0332, S_TUNDER);
    ex_add(T, list, i);
    return;
  case T_BOX:
    ex_add(T, list, base_of(T, dom));
    return;
  case T_BORDERBOX:
    i = ex_new(T, E_BOXED);
    T->e[i].a = base_of(T, dom);
    ex_add(T, list, i);
    return;
  case T_D: {
    i = ex_new(T, E_DELIM);
    T->e[i].cp = m->beg != CHR_UNSET ? m->beg : '(';
    T->e[i].cp2 = m->end != CHR_UNSET ? m->end : ')';
    int n = 0;
    for (int c = m->first; c >= 0; c = T->n[c].next) {
      if (T->n[c].tag != T_E)
        continue;
      if (n++) {
        int sp = ex_new(T, E_SEPAR);
        T->e[sp].cp = m->sep != CHR_UNSET ? m->sep : '|';
        ex_add(T, i, sp);
      }
      conv_children(T, c, i);
    }
    ex_add(T, list, i);
    return;
  }
  case T_EQARR:
  case T_M: {
    i = ex_new(T, E_ARRAY);
    for (int c = m->first; c >= 0; c = T->n[c].next) {
      if (m->tag == T_EQARR && T->n[c].tag == T_E) {
        int row = ex_new(T, E_ROW), cell = ex_new(T, E_CELL);
        conv_children(T, c, cell);
        ex_add(T, row, cell);
        ex_add(T, i, row);
      } else if (m->tag == T_M && T->n[c].tag == T_MR) {
        int row = ex_new(T, E_ROW);
        for (int k = T->n[c].first; k >= 0; k = T->n[k].next) {
          if (T->n[k].tag != T_E)
            continue;
          int cell = ex_new(T, E_CELL);
          conv_children(T, k, cell);
          ex_add(T, row, cell);
        }
        ex_add(T, i, row);
      }
    }
    ex_add(T, list, i);
    return;
  }
  case T_F:
    i = ex_new(T, E_FRAC);
    T->e[i].a = group_of(T, dom, T_NUM);
    T->e[i].b = group_of(T, dom, T_DEN);
    ex_add(T, list, i);
    return;
  case T_FUNC: {
    int g = ex_new(T, E_GROUP);
    conv_children(T, child_tag(T, dom, T_FNAME), g);
    int f = T->e[g].first;
    ex_add(T, list, f >= 0 && T->e[f].next < 0 ? f : g);
    ex_add(T, list, base_of(T, dom));
    return;
  }
  case T_GROUPCHR: {
    int base = base_of(T, dom);
    unsigned ch = m->chr != CHR_UNSET ? m->chr : m->top ? 0xFE37 : 0xFE38;
    int sy = ex_sym(T, ch, m->top ? S_TOVER : S_TUNDER);
    if (m->top) {
      i = ex_new(T, m->vtop ? E_UNDER : E_OVER);
      T->e[i].a = m->vtop ? sy : base;
      T->e[i].b = m->vtop ? base : sy;
    } else {
      i = ex_new(T, m->vtop ? E_UNDER : E_OVER);
      T->e[i].a = m->vtop ? base : sy;
      T->e[i].b = m->vtop ? sy : base;
    }
    ex_add(T, list, i);
    return;
  }
  case T_LIMLOW:
  case T_LIMUPP:
    i = ex_new(T, m->tag == T_LIMLOW ? E_UNDER : E_OVER);
    T->e[i].conv = 1;
    T->e[i].a = base_of(T, dom);
    T->e[i].b = group_of(T, dom, T_LIM);
    ex_add(T, list, i);
    return;
  case T_NARY: {
    unsigned ch = m->chr != CHR_UNSET ? m->chr : 0x222B;
    int sub = m->limloc == 2 || is_integral(ch);
    i = ex_new(T, sub ? E_SUBSUP : E_UNDEROVER);
    T->e[i].conv = 1;
    T->e[i].a = ex_sym(T, ch, S_OP);
    T->e[i].b = group_of(T, dom, T_SUB);
    T->e[i].c = group_of(T, dom, T_SUP);
    ex_add(T, list, i);
    ex_add(T, list, base_of(T, dom));
    return;
  }
  case T_PHANT:
    i = ex_new(T, E_PHANTOM);
    T->e[i].a = base_of(T, dom);
    ex_add(T, list, i);
    return;
  case T_RAD: {
    int deg = group_of(T, dom, T_DEG);
    i = ex_new(T, T->e[deg].first >= 0 ? E_ROOT : E_SQRT);
    T->e[i].a = base_of(T, dom);
    T->e[i].b = deg;
    ex_add(T, list, i);
    return;
  }
  case T_SPRE:
    i = ex_new(T, E_SUBSUP);
    T->e[i].a = ex_text(T, E_IDENT, 0, 0);
    T->e[i].b = group_of(T, dom, T_SUB);
    T->e[i].c = group_of(T, dom, T_SUP);
    ex_add(T, list, i);
    ex_add(T, list, base_of(T, dom));
    return;
  case T_SSUB:
  case T_SSUP:
  case T_SSUBSUP:
    i = ex_new(T, m->tag == T_SSUB ? E_SUB : m->tag == T_SSUP ? E_SUP : E_SUBSUP);
    T->e[i].a = base_of(T, dom);
    T->e[i].b = group_of(T, dom, m->tag == T_SSUP ? T_SUP : T_SUB);
    if (m->tag == T_SSUBSUP)
      T->e[i].c = group_of(T, dom, T_SUP);
    ex_add(T, list, i);
    return;
  case T_OMATH:
    for (int c = m->first; c >= 0; c = T->n[c].next)
      conv_ug(T, c, list);
    return;
  case T_OMATHPARA:
    for (int c = m->first; c >= 0; c = T->n[c].next) {
      if (T->n[c].tag != T_OMATH)
        continue;
      int g = ex_new(T, E_GROUP);
      conv(T, c, g);
      int f = T->e[g].first;
      ex_add(T, list, f >= 0 && T->e[f].next < 0 ? f : g);
    }
    return;
  default:
    /* containers met out of place and unknown elements: looked through */
    conv_children(T, dom, list);
    return;
  }
}

/* ---- plain Unicode form ------------------------------------------------- */

static int put(struct prep_buf *b, const char *s, size_t n)
{
  prep_buf_append(b, s, n); /* past the cap the formula is cut */
  return 0;
}

static unsigned script_cp(unsigned cp, int sup)
{
  static const unsigned supd[10] = {0x2070, 0xB9, 0xB2, 0xB3, 0x2074,
                                    0x2075, 0x2076, 0x2077, 0x2078, 0x2079};
  if (cp >= '0' && cp <= '9')
    return sup ? supd[cp - '0'] : 0x2080u + (cp - '0');
  switch (cp) {
  case '+': return sup ? 0x207A : 0x208A;
  case '-': case 0x2212: return sup ? 0x207B : 0x208B;
  case '=': return sup ? 0x207C : 0x208C;
  case '(': return sup ? 0x207D : 0x208D;
  case ')': return sup ? 0x207E : 0x208E;
  case ' ': return ' ';
  }
  return 0;
}

static int uni(struct mt *T, int i, struct prep_buf *b, int in_script);

static int uni_list(struct mt *T, int list, struct prep_buf *b, int in_script)
{
  for (int c = T->e[list].first; c >= 0; c = T->e[c].next)
    if (uni(T, c, b, in_script) < 0)
      return -1;
  return 0;
}

static int uni_script(struct mt *T, int i, struct prep_buf *b, int sup)
{
  struct prep_buf s;
  prep_buf_init(&s, MATH_MAX_OUT);
  int rc = uni(T, i, &s, 1);
  if (rc == 0 && s.len) {
    int all = 1;
    for (size_t k = 0; k < s.len && all;) {
      unsigned cp;
      k += (size_t)prep_utf8_decode(s.data + k, s.len - k, &cp);
      all = script_cp(cp, sup) != 0;
    }
    if (all) {
      for (size_t k = 0; k < s.len;) {
        unsigned cp;
        k += (size_t)prep_utf8_decode(s.data + k, s.len - k, &cp);
        prep_buf_put_utf8(b, script_cp(cp, sup));
      }
    } else {
      put(b, sup ? "^(" : "_(", 2);
      put(b, s.data, s.len);
      put(b, ")", 1);
    }
  }
  prep_buf_free(&s);
  return rc;
}

static int uni(struct mt *T, int i, struct prep_buf *b, int in_script)
{
  if (i < 0)
    return 0;
  const struct ex *e = &T->e[i];
  switch (e->k) {
  case E_NUM:
  case E_IDENT:
  case E_OPNAME:
  case E_TEXT:
    return put(b, T->pool.data + e->off, e->len);
  case E_SPACE:
    return put(b, " ", 1);
  case E_SYM:
    if (e->cp >= 0x2061 && e->cp <= 0x2064)
      return 0;
    if ((e->sy == S_BIN || e->sy == S_REL) && !in_script)
      put(b, " ", 1);
    prep_buf_put_utf8(b, e->cp);
    if ((e->sy == S_BIN || e->sy == S_REL || e->sy == S_PUN) && !in_script)
      put(b, " ", 1);
    return 0;
  case E_SEPAR:
    prep_buf_put_utf8(b, e->cp);
    return 0;
  case E_DELIM:
    prep_buf_put_utf8(b, e->cp);
    if (uni_list(T, i, b, in_script) < 0)
      return -1;
    prep_buf_put_utf8(b, e->cp2);
    return 0;
  case E_GROUP:
  case E_STYLED:
    return uni_list(T, i, b, in_script);
  case E_SUB:
  case E_SUP:
  case E_SUBSUP:
    if (uni(T, e->a, b, in_script) < 0)
      return -1;
    if (e->k != E_SUP && uni_script(T, e->b, b, 0) < 0)
      return -1;
    if (e->k == E_SUP)
      return uni_script(T, e->b, b, 1);
    if (e->k == E_SUBSUP)
      return uni_script(T, e->c, b, 1);
    return 0;
  case E_UNDER:
  case E_OVER:
    if (!e->conv)
      return -1;
    if (uni(T, e->a, b, in_script) < 0)
      return -1;
    return uni_script(T, e->b, b, e->k == E_OVER);
  default:
    return -1; /* fractions, roots, big operators with limits, arrays */
  }
}

/* ---- TeX form ------------------------------------------------------------- */

struct tw {
  struct prep_buf *b;
  size_t start;
  int pend_space; /* a space goes before what comes next, unless ^ _ } */
  int sep;        /* 1: a command ended (space before a letter or digit),
                     2: an escape ended (space before a letter) */
};

static void tw_raw(struct tw *w, const char *s, size_t n)
{
  if (!n)
    return;
  unsigned cp;
  prep_utf8_decode(s, n, &cp);
  if (w->pend_space) {
    w->pend_space = 0;
    size_t L = w->b->len;
    int group_start = L > w->start && w->b->data[L - 1] == '{' &&
                      !(L - 1 > w->start && w->b->data[L - 2] == '\\');
    if (cp != '^' && cp != '_' && cp != ' ' && cp != '}' && !group_start &&
        !(n >= 7 && memcmp(s, "\\limits", 7) == 0) && L > w->start) {
      put(w->b, " ", 1);
      w->sep = 0;
    }
  }
  if ((w->sep == 1 && is_alnum_cp(cp)) || (w->sep == 2 && is_letter_cp(cp)))
    put(w->b, " ", 1);
  w->sep = 0;
  put(w->b, s, n);
}

static void tw_s(struct tw *w, const char *s) { tw_raw(w, s, strlen(s)); }

/* A command ("\frac"); "\ " needs no separator after it. */
static void tw_cs(struct tw *w, const char *s)
{
  tw_s(w, s);
  w->sep = strcmp(s, "\\ ") == 0 ? 0 : 1;
}

static void tw_open(struct tw *w)
{
  tw_raw(w, "{", 1);
  w->pend_space = 0;
}

static void tw_close(struct tw *w)
{
  w->pend_space = 0;
  tw_raw(w, "}", 1);
}

static void tw_cp(struct tw *w, unsigned cp)
{
  const char *t = tex_name(cp);
  if (t) {
    if (!*t)
      return;
    const char *q = t + 1;
    while (*q >= 'a' && *q <= 'z')
      q++;
    if (t[0] == '\\' && *q == '\0' && q > t + 1)
      tw_cs(w, t);
    else
      tw_s(w, t);
    return;
  }
  char b[4];
  size_t n;
  if (cp < 0x80) { b[0] = (char)cp; n = 1; }
  else if (cp < 0x800) {
    b[0] = (char)(0xC0 | cp >> 6); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
  } else if (cp < 0x10000) {
    b[0] = (char)(0xE0 | cp >> 12); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
  } else {
    b[0] = (char)(0xF0 | cp >> 18); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  tw_raw(w, b, n);
}

static void tex(struct mt *T, struct tw *w, int i);

static void tex_list(struct mt *T, struct tw *w, int list)
{
  for (int c = T->e[list].first; c >= 0; c = T->e[c].next)
    tex(T, w, c);
}

/* {e}, one pair of braces even when e is itself a group. */
static void tex_group(struct mt *T, struct tw *w, int i)
{
  while (i >= 0 && T->e[i].k == E_GROUP && T->e[i].first >= 0 &&
         T->e[T->e[i].first].next < 0 && T->e[T->e[i].first].k == E_GROUP)
    i = T->e[i].first;
  tw_open(w);
  if (i >= 0) {
    if (T->e[i].k == E_GROUP)
      tex_list(T, w, i);
    else
      tex(T, w, i);
  }
  tw_close(w);
}

static int fancy(const struct mt *T, int i)
{
  if (i < 0)
    return 0;
  switch (T->e[i].k) {
  case E_SUB: case E_SUP: case E_SUBSUP: case E_OVER: case E_UNDER:
  case E_UNDEROVER: case E_SQRT: case E_ROOT: case E_PHANTOM:
    return 1;
  default:
    return 0;
  }
}

static int operator_exp(const struct mt *T, int i)
{
  return i >= 0 && (T->e[i].k == E_OPNAME ||
                    (T->e[i].k == E_SYM && T->e[i].sy == S_OP));
}

static void tex_base(struct mt *T, struct tw *w, int i)
{
  if (fancy(T, i))
    tex_group(T, w, i);
  else
    tex(T, w, i);
}

/* Accent and brace commands for \overset-like positions. */
static const char *diacritic(unsigned cp, int over)
{
  static const struct { unsigned cp; const char *over, *under; } d[] = {
    {0x0300, "\\grave", NULL}, {0x0301, "\\acute", NULL},
    {0x0302, "\\hat", NULL}, {0x005E, "\\hat", NULL},
    {0x0303, "\\tilde", NULL}, {0x007E, "\\tilde", NULL},
    {0x0304, "\\bar", NULL}, {0x0305, "\\overline", NULL},
    {0x00AF, "\\overline", NULL}, {0x203E, "\\overline", NULL},
    {0x0306, "\\breve", NULL}, {0x0307, "\\dot", NULL},
    {0x0308, "\\ddot", NULL}, {0x030C, "\\check", NULL},
    {0x20D7, "\\vec", NULL}, {0x2192, "\\overrightarrow", NULL},
    {0x20D6, "\\overleftarrow", NULL}, {0x2190, "\\overleftarrow", NULL},
    {0x23DE, "\\overbrace", NULL}, {0xFE37, "\\overbrace", NULL},
    {0x0332, NULL, "\\underline"}, {0x23DF, NULL, "\\underbrace"},
    {0xFE38, NULL, "\\underbrace"},
  };
  for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
    if (d[i].cp == cp)
      return over ? d[i].over : d[i].under;
  return NULL;
}

static void tex_script(struct mt *T, struct tw *w, int over, int conv, int b,
                       int e1)
{
  const struct ex *s = e1 >= 0 ? &T->e[e1] : NULL;
  const char *cmd = NULL;
  if (s && s->k == E_SYM &&
      (s->sy == S_ACCENT || s->sy == S_TOVER || s->sy == S_TUNDER))
    cmd = diacritic(s->cp, over);
  if (cmd) {
    tw_cs(w, cmd);
    tex_group(T, w, b);
  } else if (operator_exp(T, b)) {
    tex_base(T, w, b);
    if (!conv)
      tw_cs(w, "\\limits");
    tw_s(w, over ? "^" : "_");
    tex_group(T, w, e1);
  } else {
    tw_cs(w, over ? "\\overset" : "\\underset");
    tex_group(T, w, e1);
    tex_group(T, w, b);
  }
}

static int delim_ok(unsigned cp)
{
  return cp == '(' || cp == ')' || cp == '[' || cp == ']' || cp == '|' ||
         cp == '{' || cp == '}' || cp == '.' || cp == 0x2016 ||
         cp == 0x2308 || cp == 0x2309 || cp == 0x230A || cp == 0x230B ||
         cp == 0x27E8 || cp == 0x27E9 || cp == 0x2329 || cp == 0x232A;
}

static void tex_array(struct mt *T, struct tw *w, int i, const char *env)
{
  tw_cs(w, "\\begin");
  tw_open(w);
  tw_s(w, env);
  tw_close(w);
  for (int r = T->e[i].first; r >= 0; r = T->e[r].next) {
    tw_s(w, " ");
    for (int c = T->e[r].first; c >= 0; c = T->e[c].next) {
      tex_list(T, w, c);
      if (T->e[c].next >= 0) {
        w->pend_space = 1;
        tw_s(w, "&");
        w->pend_space = 1;
      }
    }
    w->pend_space = 1;
    tw_s(w, "\\\\");
    w->sep = 2;
  }
  tw_s(w, " ");
  tw_cs(w, "\\end");
  tw_open(w);
  tw_s(w, env);
  tw_close(w);
}

static void tex_text(struct mt *T, struct tw *w, const struct ex *e)
{
  const char *s = T->pool.data + e->off;
  if (!e->len)
    return;
  tw_cs(w, "\\text");
  tw_open(w);
  for (size_t k = 0; k < e->len;) {
    unsigned cp;
    int n = prep_utf8_decode(s + k, e->len - k, &cp);
    if (strchr("#$%&_{} ", (int)cp) && cp < 0x80 && cp) {
      char b[3] = {'\\', (char)cp, 0};
      tw_s(w, b);
      w->sep = cp == ' ' ? 0 : 2;
    } else if (cp == '~') {
      tw_cs(w, "\\sim");
    } else if (cp == '^') {
      tw_s(w, "\\char`\\^");
    } else if (cp == '\\') {
      tw_cs(w, "\\backslash");
    } else {
      tw_raw(w, s + k, (size_t)n);
    }
    k += (size_t)n;
  }
  tw_close(w);
}

static const char *style_cmd(int sy)
{
  switch (sy) {
  case STY_BOLD: return "\\mathbf";
  case STY_ITALIC: return "\\mathit";
  case STY_BB: return "\\mathbb";
  case STY_CAL: return "\\mathcal";
  case STY_FRAK: return "\\mathfrak";
  case STY_SF: return "\\mathsf";
  case STY_TT: return "\\mathtt";
  }
  return "\\mathrm";
}

static void tex(struct mt *T, struct tw *w, int i)
{
  if (i < 0)
    return;
  const struct ex *e = &T->e[i];
  switch (e->k) {
  case E_NUM:
    tw_raw(w, T->pool.data + e->off, e->len);
    return;
  case E_IDENT:
    for (size_t k = 0; k < e->len;) {
      unsigned cp;
      k += (size_t)prep_utf8_decode(T->pool.data + e->off + k, e->len - k, &cp);
      tw_cp(w, cp);
    }
    return;
  case E_OPNAME: {
    char b[16];
    size_t n = e->len < 14 ? e->len : 14;
    b[0] = '\\';
    memcpy(b + 1, T->pool.data + e->off, n);
    b[n + 1] = '\0';
    tw_cs(w, b);
    return;
  }
  case E_SYM:
    if (e->sy == S_BIN || e->sy == S_REL)
      w->pend_space = 1;
    tw_cp(w, e->cp);
    if (e->sy == S_BIN || e->sy == S_REL)
      w->pend_space = 1;
    return;
  case E_SPACE:
    tw_cs(w, "\\ ");
    return;
  case E_TEXT:
    tex_text(T, w, e);
    return;
  case E_GROUP:
    tex_group(T, w, i);
    return;
  case E_STYLED:
    tw_cs(w, style_cmd(e->sy));
    tex_group(T, w, i);
    return;
  case E_SEPAR:
    if (delim_ok(e->cp)) {
      w->pend_space = 1;
      tw_cs(w, "\\middle");
      tw_cp(w, e->cp);
      w->pend_space = 1;
    } else {
      tw_cp(w, e->cp);
    }
    return;
  case E_DELIM: {
    int f = e->first;
    if (f >= 0 && T->e[f].next < 0 && T->e[f].k == E_ARRAY) {
      const char *env = e->cp == '(' && e->cp2 == ')'   ? "pmatrix"
                        : e->cp == '[' && e->cp2 == ']' ? "bmatrix"
                        : e->cp == '{' && e->cp2 == '}' ? "Bmatrix"
                        : e->cp == '|' && e->cp2 == '|' ? "vmatrix"
                        : NULL;
      if (env) {
        tex_array(T, w, f, env);
        return;
      }
    }
    int plain = (e->cp == '(' || e->cp == '[' || e->cp == '|') &&
                (e->cp2 == ')' || e->cp2 == ']' || e->cp2 == '|');
    for (int c = f; c >= 0 && plain; c = T->e[c].next) {
      const struct ex *x = &T->e[c];
      plain = x->k == E_IDENT || x->k == E_NUM || x->k == E_SPACE ||
              (x->k == E_SYM && (x->sy == S_ORD || x->sy == S_OP ||
                                 x->sy == S_BIN || x->sy == S_REL ||
                                 x->sy == S_PUN || x->sy == S_ALPHA));
    }
    if (plain) {
      tw_cp(w, e->cp);
      tex_list(T, w, i);
      tw_cp(w, e->cp2);
      return;
    }
    tw_cs(w, "\\left");
    tw_cp(w, delim_ok(e->cp) ? e->cp : '.');
    w->pend_space = 1;
    if (!delim_ok(e->cp))
      tw_cp(w, e->cp);
    tex_list(T, w, i);
    w->pend_space = 1;
    tw_cs(w, "\\right");
    tw_cp(w, delim_ok(e->cp2) ? e->cp2 : '.');
    if (!delim_ok(e->cp2))
      tw_cp(w, e->cp2);
    return;
  }
  case E_FRAC:
    tw_cs(w, "\\frac");
    tex_group(T, w, e->a);
    tex_group(T, w, e->b);
    return;
  case E_SUB:
  case E_SUP:
  case E_SUBSUP:
    tex_base(T, w, e->a);
    tw_s(w, e->k == E_SUP ? "^" : "_");
    tex_group(T, w, e->b);
    if (e->k == E_SUBSUP) {
      tw_s(w, "^");
      tex_group(T, w, e->c);
    }
    return;
  case E_UNDER:
  case E_OVER:
    tex_script(T, w, e->k == E_OVER, e->conv, e->a, e->b);
    return;
  case E_UNDEROVER:
    if (operator_exp(T, e->a)) {
      tex_base(T, w, e->a);
      if (!e->conv)
        tw_cs(w, "\\limits");
      tw_s(w, "_");
      tex_group(T, w, e->b);
      tw_s(w, "^");
      tex_group(T, w, e->c);
    } else {
      tw_cs(w, "\\underset");
      tex_group(T, w, e->b);
      tw_open(w);
      tex_script(T, w, 1, e->conv, e->a, e->c);
      tw_close(w);
    }
    return;
  case E_SQRT:
    tw_cs(w, "\\sqrt");
    tex_group(T, w, e->a);
    return;
  case E_ROOT:
    tw_cs(w, "\\sqrt");
    tw_s(w, "[");
    if (e->b >= 0)
      tex_list(T, w, e->b);
    tw_s(w, "]");
    tex_group(T, w, e->a);
    return;
  case E_ARRAY:
    tex_array(T, w, i, "matrix");
    return;
  case E_PHANTOM:
    tw_cs(w, "\\phantom");
    tex(T, w, e->a);
    return;
  case E_BOXED:
    tw_cs(w, "\\boxed");
    tex_group(T, w, e->a);
    return;
  case E_ROW:
  case E_CELL:
    tex_list(T, w, i);
    return;
  }
}

/* ---- entry point ------------------------------------------------------------ */

void prep_docx_math(struct prep_xml *x, struct prep_buf *out)
{
  struct mt T;
  memset(&T, 0, sizeof T);
  T.n = prep_xmalloc(MATH_MAX_NODES * sizeof *T.n);
  prep_buf_init(&T.pool, MATH_MAX_TEXT);
  int root = build(x, &T);
  if (root >= 0) {
    int top = ex_new(&T, E_GROUP);
    conv(&T, root, top);
    /* a formula that is one group is written without its braces */
    int f = T.e[top].first;
    if (f >= 0 && T.e[f].next < 0 && T.e[f].k == E_GROUP)
      top = f;
    struct prep_buf b;
    prep_buf_init(&b, MATH_MAX_OUT);
    if (uni_list(&T, top, &b, 0) < 0) {
      prep_buf_clear(&b);
      struct tw w = {&b, 0, 0, 0};
      tex_list(&T, &w, top);
    }
    if (b.len)
      prep_buf_append(out, b.data, b.len);
    prep_buf_free(&b);
  }
  free(T.e);
  free(T.n);
  prep_buf_free(&T.pool);
}
