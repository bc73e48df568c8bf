/*
 * tests/fonts/check-fonts.c -- standalone check of the prepared fonts in fonts/
 * against libharu 2.3.0 (Debian 12).
 *
 * Owner: fonts / typesetting (issue 6).  Not part of the prepgen binary; built
 * and run by tests/fonts/check-fonts.sh.
 *
 * What it does:
 *   check-fonts FONTDIR OUT.pdf
 *       Loads every font the pack uses (see FACES) with HPDF_UseUTFEncodings +
 *       HPDF_LoadTTFontFromFile(..., HPDF_TRUE) + HPDF_GetFont(..., "UTF-8"),
 *       replaces libharu's malformed ToUnicode CMap (fix_tounicode), and sets
 *       sample names in every primary face with per-run glyph fallback
 *       (primary -> symbols -> CJK -> Hangul).  Writes OUT.pdf and, next to it,
 *       OUT.pdf.expect: the strings pdftotext must give back, one per line.
 *       Exit status 1 if a character has no glyph in any face or libharu
 *       reports an error.
 *   check-fonts FONTDIR OUT.pdf --measure N
 *       Additionally, for every font file alone (and for a few typical
 *       combinations), builds a one-page PDF N times and prints the median
 *       time of LoadTTFontFromFile, GetFont(+fix), drawing, SaveToFile, and
 *       the output size.
 *
 * fix_tounicode() below is self-contained (libharu internals only) and is
 * meant to be copied into src/pdf.c unchanged.
 */
#define _POSIX_C_SOURCE 200809L

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------------ */
/* fix_tounicode: replace libharu 2.3.0's ToUnicode stream for a UTF-8 font. */
/*
 * For fonts obtained with HPDF_GetFont(pdf, name, "UTF-8") libharu 2.3.0
 * (and 2.4.x) writes a CID CMap ("begincidrange") where the ToUnicode entry
 * needs a bfrange CMap, and poppler warns about it on every use.  The string
 * codes of such a font are UTF-16 BMP code units (Identity-H), so the correct
 * ToUnicode map is the identity on 0000-FFFF minus the surrogate block.
 * Call once, right after HPDF_GetFont, for every UTF-8 TrueType font.
 * Returns HPDF_OK, or the libharu status of the failing stream call.
 */
static HPDF_STATUS fix_tounicode(HPDF_Font font)
{
    static const char head[] =
        "/CIDInit /ProcSet findresource begin\n"
        "12 dict begin\n"
        "begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n"
        "1 begincodespacerange\n"
        "<0000> <FFFF>\n"
        "endcodespacerange\n";
    static const char tail[] =
        "endcmap\n"
        "CMapName currentdict /CMap defineresource pop\n"
        "end\n"
        "end\n";
    HPDF_Dict tu;
    HPDF_Stream s;
    HPDF_STATUS st;
    char line[40];
    unsigned hi, in_block = 0, left = 256 - 8; /* 248 high bytes, D8-DF skipped */

    if (font == NULL)
        return HPDF_INVALID_FONT;
    tu = (HPDF_Dict)HPDF_Dict_GetItem((HPDF_Dict)font, "ToUnicode", HPDF_OCLASS_DICT);
    if (tu == NULL || tu->stream == NULL)
        return HPDF_INVALID_OBJECT;
    s = tu->stream;
    HPDF_MemStream_FreeData(s);
    if ((st = HPDF_Stream_WriteStr(s, head)) != HPDF_OK)
        return st;
    for (hi = 0; hi < 256; hi++) {
        if (hi >= 0xD8 && hi <= 0xDF)
            continue;
        if (in_block == 0) {
            unsigned n = left < 100 ? left : 100;
            snprintf(line, sizeof line, "%u beginbfrange\n", n);
            if ((st = HPDF_Stream_WriteStr(s, line)) != HPDF_OK)
                return st;
            in_block = n;
        }
        snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
        if ((st = HPDF_Stream_WriteStr(s, line)) != HPDF_OK)
            return st;
        left--;
        if (--in_block == 0 && (st = HPDF_Stream_WriteStr(s, "endbfrange\n")) != HPDF_OK)
            return st;
    }
    return HPDF_Stream_WriteStr(s, tail);
}
/* ------------------------------------------------------------------------ */

/* The font set.  Order matters: FB_* are the fallback chain after the primary. */
enum { F_SERIF_R, F_SERIF_B, F_SERIF_I, F_SANS_R, F_SANS_B, F_SYMBOLS, F_CJK, F_HANGUL, F_COUNT };

static const char *const FACE_FILES[F_COUNT] = {
    "PrepgenSerif-Regular.ttf", "PrepgenSerif-Bold.ttf", "PrepgenSerif-Italic.ttf",
    "PrepgenSans-Regular.ttf", "PrepgenSans-Bold.ttf",
    "PrepgenSymbols-Regular.ttf", "PrepgenCJK-Regular.ttf", "PrepgenHangul-Regular.ttf",
};
static const char *const FACE_LABEL[F_COUNT] = {
    "Serif Regular 11 pt (body)", "Serif Bold 11 pt (body)", "Serif Italic 11 pt (body)",
    "Sans Regular 11 pt (headings)", "Sans Bold 11 pt (headings)",
    "Symbols (fallback 1)", "CJK (fallback 2)", "Hangul (fallback 3)",
};
static const int FALLBACK[] = { F_SYMBOLS, F_CJK, F_HANGUL };
#define N_FALLBACK ((int)(sizeof FALLBACK / sizeof FALLBACK[0]))

/* Sample lines; every separated item must come back from pdftotext. */
static const char *const SAMPLE_LINES[] = {
    "Zoë Ørsted-Łukasiewicz · Nguyễn Thị Minh Khai · Dương Văn Đức",
    "Ελένη Παπαδοπούλου · Анна Сергеевна Иванова · Ёлка Пётр Їжак",
    "王小明 · 김민준 · 山田太郎 · 鈴木さくら · 郎接 · Șerban Țărău",
    "● ◐ ○ ☐ ☑ ✓ ✗ → • – — “q” ‘q’ … € £ ¥ ₹ ǘ Ά Ώ",
};
#define N_SAMPLE ((int)(sizeof SAMPLE_LINES / sizeof SAMPLE_LINES[0]))

typedef struct {
    HPDF_STATUS err, detail;
} err_ctx;

static void on_error(HPDF_STATUS err, HPDF_STATUS detail, void *user)
{
    err_ctx *c = user;
    if (c->err == 0) {
        c->err = err;
        c->detail = detail;
    }
}

typedef struct {
    const char *name;  /* PostScript name returned by libharu */
    HPDF_FontDef def;  /* for glyph lookups, available before GetFont */
    HPDF_Font font;    /* created lazily on first use */
} face;

typedef struct {
    HPDF_Doc pdf;
    err_ctx ec;
    face f[F_COUNT];
    double t_load[F_COUNT], t_get[F_COUNT];
    int missing;
} doc;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Decode one UTF-8 sequence; returns its length (>=1), *cp = U+FFFD if invalid. */
static int utf8_next(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    int n, i;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; c &= 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; c &= 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; c &= 0x07; }
    else { *cp = 0xFFFD; return 1; }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return i; }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *cp = c;
    return n;
}

static int load_face(doc *d, const char *dir, int i)
{
    char path[4096];
    double t0 = now_ms();
    snprintf(path, sizeof path, "%s/%s", dir, FACE_FILES[i]);
    d->f[i].name = HPDF_LoadTTFontFromFile(d->pdf, path, HPDF_TRUE);
    d->t_load[i] = now_ms() - t0;
    if (d->f[i].name == NULL) {
        fprintf(stderr, "check-fonts: cannot load %s (error 0x%04X detail %u)\n", path,
                (unsigned)d->ec.err, (unsigned)d->ec.detail);
        return -1;
    }
    d->f[i].def = HPDF_GetFontDef(d->pdf, d->f[i].name);
    return d->f[i].def ? 0 : -1;
}

static HPDF_Font use_face(doc *d, int i)
{
    if (d->f[i].font == NULL && d->f[i].name != NULL) {
        double t0 = now_ms();
        d->f[i].font = HPDF_GetFont(d->pdf, d->f[i].name, "UTF-8");
        if (d->f[i].font != NULL && fix_tounicode(d->f[i].font) != HPDF_OK)
            d->f[i].font = NULL;
        d->t_get[i] = now_ms() - t0;
    }
    return d->f[i].font;
}

static int has_glyph(const face *f, unsigned cp)
{
    return f->def != NULL && cp <= 0xFFFF && HPDF_TTFontDef_GetGlyphid(f->def, (HPDF_UINT16)cp) != 0;
}

/* Face for one code point: primary first, then the fallback chain. */
static int pick_face(doc *d, int primary, unsigned cp)
{
    int k;
    if (has_glyph(&d->f[primary], cp))
        return primary;
    for (k = 0; k < N_FALLBACK; k++)
        if (has_glyph(&d->f[FALLBACK[k]], cp))
            return FALLBACK[k];
    return -1;
}

/* Draw UTF-8 text at (x, y) with per-run fallback.  Must be called outside BT/ET. */
static void draw_text(doc *d, HPDF_Page page, int primary, float size, float x, float y, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    char run[1024];
    size_t rlen = 0;
    int cur = -1;

    HPDF_Page_BeginText(page);
    HPDF_Page_MoveTextPos(page, x, y);
    while (*s) {
        unsigned cp;
        int n = utf8_next(s, &cp), want;
        if (cp == 0x20 && cur >= 0) {
            want = cur;  /* spaces stay in the current run */
        } else {
            want = pick_face(d, primary, cp);
            if (want < 0) {
                fprintf(stderr, "check-fonts: no face has U+%04X\n", cp);
                d->missing++;
                want = primary;
            }
        }
        if (want != cur || rlen + (size_t)n >= sizeof run) {
            if (rlen > 0) {
                run[rlen] = '\0';
                HPDF_Page_SetFontAndSize(page, use_face(d, cur), size);
                HPDF_Page_ShowText(page, run);
            }
            rlen = 0;
            cur = want;
        }
        memcpy(run + rlen, s, (size_t)n);
        rlen += (size_t)n;
        s += n;
    }
    if (rlen > 0) {
        run[rlen] = '\0';
        HPDF_Page_SetFontAndSize(page, use_face(d, cur), size);
        HPDF_Page_ShowText(page, run);
    }
    HPDF_Page_EndText(page);
}

static int doc_open(doc *d)
{
    memset(d, 0, sizeof *d);
    d->pdf = HPDF_New(on_error, &d->ec);
    if (d->pdf == NULL)
        return -1;
    HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d->pdf);
    HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
    return d->ec.err ? -1 : 0;
}

/* The main sample page: every primary face with all sample lines. */
static int build_sample(const char *dir, const char *out)
{
    doc d;
    HPDF_Page page;
    float y;
    int i, j, rc = 0;
    char expect_path[4200];
    FILE *ex;

    if (doc_open(&d) != 0)
        return 1;
    for (i = 0; i < F_COUNT; i++)
        if (load_face(&d, dir, i) != 0) {
            HPDF_Free(d.pdf);
            return 1;
        }
    page = HPDF_AddPage(d.pdf);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    y = HPDF_Page_GetHeight(page) - 60;
    draw_text(&d, page, F_SANS_B, 16, 56, y, "prepgen font check — Prepgen Serif / Sans + fallbacks");
    y -= 30;
    for (i = F_SERIF_R; i <= F_SANS_B; i++) {
        draw_text(&d, page, F_SANS_R, 8, 56, y, FACE_LABEL[i]);
        y -= 16;
        for (j = 0; j < N_SAMPLE; j++) {
            draw_text(&d, page, i, 11, 56, y, SAMPLE_LINES[j]);
            y -= 16;
        }
        y -= 10;
    }
    HPDF_Page_SetGrayStroke(page, 0.6);
    HPDF_Page_SetLineWidth(page, 0.5);
    HPDF_Page_MoveTo(page, 56, y + 6);
    HPDF_Page_LineTo(page, HPDF_Page_GetWidth(page) - 56, y + 6);
    HPDF_Page_Stroke(page);
    draw_text(&d, page, F_SERIF_R, 10.5, 56, y - 10,
              "Body 10.5 pt: Rehearse each story aloud three times — “I”, not “we”; 20% faster.");

    if (d.ec.err == 0)
        HPDF_SaveToFile(d.pdf, out);
    if (d.ec.err != 0) {
        fprintf(stderr, "check-fonts: libharu error 0x%04X detail %u\n", (unsigned)d.ec.err,
                (unsigned)d.ec.detail);
        rc = 1;
    }
    if (d.missing)
        rc = 1;
    for (i = 0; i < F_COUNT; i++)
        if (d.f[i].font == NULL) {
            fprintf(stderr, "check-fonts: %s was never used\n", FACE_FILES[i]);
            rc = 1;
        }
    HPDF_Free(d.pdf);

    snprintf(expect_path, sizeof expect_path, "%s.expect", out);
    ex = fopen(expect_path, "w");
    if (ex == NULL)
        return 1;
    for (j = 0; j < N_SAMPLE; j++) {
        /* split on " · " */
        const char *p = SAMPLE_LINES[j];
        for (;;) {
            const char *q = strstr(p, " · ");
            if (q == NULL) {
                fprintf(ex, "%s\n", p);
                break;
            }
            fprintf(ex, "%.*s\n", (int)(q - p), p);
            p = q + strlen(" · ");
        }
    }
    fclose(ex);
    return rc;
}

/* ---- measurements ------------------------------------------------------- */

typedef struct {
    double load, get, draw, save, total;
    long bytes;
} sample_t;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    long n;
    if (f == NULL)
        return -1;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fclose(f);
    return n;
}

/* One document: load the faces in `mask`, draw `text` in each primary of the
 * mask (or in the first face if only fallbacks), save to `out`. */
static int one_doc(const char *dir, unsigned mask, const char *const *texts, int ntext,
                   const char *out, sample_t *r)
{
    doc d;
    HPDF_Page page;
    int i, j, first = -1;
    float y;
    double t0 = now_ms(), t1;

    if (doc_open(&d) != 0)
        return -1;
    for (i = 0; i < F_COUNT; i++)
        if (mask & (1u << i)) {
            if (load_face(&d, dir, i) != 0) {
                HPDF_Free(d.pdf);
                return -1;
            }
            if (first < 0)
                first = i;
        }
    r->load = 0;
    for (i = 0; i < F_COUNT; i++)
        r->load += d.t_load[i];
    page = HPDF_AddPage(d.pdf);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    y = 780;
    t1 = now_ms();
    for (i = 0; i < F_COUNT; i++) {
        if (!(mask & (1u << i)) || (i >= F_SYMBOLS && first < F_SYMBOLS))
            continue;
        for (j = 0; j < ntext; j++) {
            draw_text(&d, page, i, 11, 56, y, texts[j]);
            y -= 16;
        }
    }
    r->get = 0;
    for (i = 0; i < F_COUNT; i++)
        r->get += d.t_get[i];
    r->draw = now_ms() - t1 - r->get;
    t1 = now_ms();
    HPDF_SaveToFile(d.pdf, out);
    r->save = now_ms() - t1;
    HPDF_Free(d.pdf);
    r->total = now_ms() - t0;
    r->bytes = file_size(out);
    return d.ec.err || d.missing ? -1 : 0;
}

static void measure(const char *dir, const char *out, int reps)
{
    static const char *const latin[] = {
        "Zoë Ørsted-Łukasiewicz · Nguyễn Thị Minh Khai · Dương Văn Đức",
        "Ελένη Παπαδοπούλου · Анна Сергеевна Иванова · Ёлка Пётр",
        "Rehearse each story aloud three times — “I”, not “we”; 20% faster.",
    };
    static const char *const sym[] = { "● ◐ ○ ☐ ☑ ✓ ✗ → ★ ≤ ≥" };
    static const char *const cjk[] = { "王小明 山田太郎 鈴木さくら 郎接 （株）" };
    static const char *const hangul[] = { "김민준 이서연 박지훈" };
    static const char *const mixed[] = {
        "Zoë Ørsted-Łukasiewicz · Nguyễn Thị Minh Khai · Ελένη · Анна",
        "王小明 · 김민준 · 山田太郎 · ● ◐ ○ ☐ ☑ ✓ ✗ →",
    };
    struct {
        const char *label;
        unsigned mask;
        const char *const *texts;
        int ntext;
    } cases[F_COUNT + 3];
    int nc = 0, i, k;
    char path[4200];

    for (i = 0; i < F_COUNT; i++) {
        cases[nc].label = FACE_FILES[i];
        cases[nc].mask = 1u << i;
        cases[nc].texts = i == F_SYMBOLS ? sym : i == F_CJK ? cjk : i == F_HANGUL ? hangul : latin;
        cases[nc].ntext = i < F_SYMBOLS ? 3 : 1;
        nc++;
    }
    cases[nc].label = "typical: serif R+B+I, sans B";
    cases[nc].mask = (1u << F_SERIF_R) | (1u << F_SERIF_B) | (1u << F_SERIF_I) | (1u << F_SANS_B);
    cases[nc].texts = latin;
    cases[nc].ntext = 3;
    nc++;
    cases[nc].label = "typical + symbols";
    cases[nc].mask = (1u << F_SERIF_R) | (1u << F_SERIF_B) | (1u << F_SERIF_I) | (1u << F_SANS_B) |
                     (1u << F_SYMBOLS);
    cases[nc].texts = mixed;
    cases[nc].ntext = 1;
    nc++;
    cases[nc].label = "all 8 faces";
    cases[nc].mask = (1u << F_COUNT) - 1;
    cases[nc].texts = mixed;
    cases[nc].ntext = 2;
    nc++;

    snprintf(path, sizeof path, "%s.measure.pdf", out);
    printf("%-30s %8s %8s %8s %8s %8s %9s   (median of %d, ms)\n", "case", "load", "getfont",
           "draw", "save", "total", "pdf bytes", reps);
    for (k = 0; k < nc; k++) {
        double *v[5];
        sample_t s = { 0, 0, 0, 0, 0, 0 };
        int rep, ok = 1;
        for (i = 0; i < 5; i++)
            v[i] = calloc((size_t)reps, sizeof(double));
        for (rep = 0; rep < reps; rep++) {
            if (one_doc(dir, cases[k].mask, cases[k].texts, cases[k].ntext, path, &s) != 0)
                ok = 0;
            v[0][rep] = s.load;
            v[1][rep] = s.get;
            v[2][rep] = s.draw;
            v[3][rep] = s.save;
            v[4][rep] = s.total;
        }
        printf("%-30s %8.2f %8.2f %8.2f %8.2f %8.2f %9ld%s\n", cases[k].label, median(v[0], reps),
               median(v[1], reps), median(v[2], reps), median(v[3], reps), median(v[4], reps),
               s.bytes, ok ? "" : "  FAILED");
        for (i = 0; i < 5; i++)
            free(v[i]);
    }
    remove(path);
}

int main(int argc, char **argv)
{
    int rc;
    if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--measure") == 0)) {
        fprintf(stderr, "usage: check-fonts FONTDIR OUT.pdf [--measure N]\n");
        return 2;
    }
    rc = build_sample(argv[1], argv[2]);
    if (argc == 5) {
        int reps = atoi(argv[4]);
        measure(argv[1], argv[2], reps > 0 ? reps : 1);
    }
    return rc;
}
