/* extract_dates.c - dates and date ranges as CVs write them.
 *
 * Owner: extraction stage (issue 3).  The range and date patterns (built
 * in taxonomy.c from data/months.tsv) find the spans; this file turns each
 * span into struct prep_date keeping its precision: "2019" stays a year,
 * "03/2018" is a month.  Seasons and quarters keep year precision (a CV
 * that says "Summer 2021" does not say which month).  Two-digit years
 * ("'19", "2019-21") are read in the window 1950..as_of+10.
 */
#include <string.h>

#include "extract_int.h"
#include "prepgen/text.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Year from a 2-digit number relative to as_of. */
static int century(int yy, const struct prep_date *as_of)
{
  int now = as_of && as_of->year ? as_of->year : 2030;
  int y = 2000 + yy;
  return y > now + 10 ? 1900 + yy : y;
}

int xdate_parse(const struct prep_taxonomy *tax, const char *s, size_t n,
                const struct prep_date *as_of, struct prep_date *out)
{
  memset(out, 0, sizeof *out);
  int year = 0, month = 0, quarter = 0;
  int nums[4], nlen[4], nn = 0;
  size_t i = 0;
  while (i < n) {
    if (is_digit(s[i])) {
      int v = 0, l = 0;
      while (i < n && is_digit(s[i]) && l < 5) {
        v = v * 10 + (s[i] - '0');
        i++;
        l++;
      }
      if (nn < 4) {
        nums[nn] = v;
        nlen[nn] = l;
        nn++;
      }
      continue;
    }
    if ((unsigned char)s[i] >= 0x80 || (s[i] >= 'a' && s[i] <= 'z') ||
        (s[i] >= 'A' && s[i] <= 'Z')) {
      /* A word: a month, season or quarter name. */
      size_t j = i;
      while (j < n && !is_digit(s[j]) && s[j] != ' ' && s[j] != '.' &&
             s[j] != ',' && s[j] != '\'' && s[j] != '/' && s[j] != '-')
        j++;
      if (j == i)
        j = i + 1;
      char key[64];
      size_t kl = xlower(s + i, j - i, key, sizeof key);
      int v = xmap_getn(&tax->months, key, kl);
      if (v >= 0 && (v >> 8) == MK_MONTH && !month)
        month = v & 0xFF;
      else if (key[0] == 'q' && kl == 1 && j < n && s[j] >= '1' && s[j] <= '4')
        quarter = s[j] - '0'; /* "Q3 2021": the quarter's first month */
      i = j;
      continue;
    }
    i++;
  }
  /* Assign numbers: 4-digit = year; with two numbers the non-year one is
   * the month (03/2018, 2019-03); with three it is dd.mm.yyyy. */
  int other[4], no = 0;
  for (int k = 0; k < nn; k++) {
    if (nlen[k] == 4 && nums[k] >= 1900 && nums[k] <= 2099 && !year)
      year = nums[k];
    else
      other[no++] = nums[k];
  }
  if (!year) {
    /* 'YY */
    for (int k = 0; k < nn; k++)
      if (nlen[k] == 2) {
        year = century(nums[k], as_of);
        break;
      }
    if (!year)
      return 0;
    no = 0;
  }
  if (quarter) {
    month = (quarter - 1) * 3 + 1;
    no = 0;
  }
  /* A season keeps year precision: "Summer 2021" does not say which
   * month (the sample truth files agree). */
  if (!month && no >= 1) {
    int m = no >= 2 ? other[1] : other[0]; /* dd.mm.yyyy: the second */
    if (m >= 1 && m <= 12)
      month = m;
  }
  out->year = year;
  out->month = month;
  out->precision = month ? PREP_DATE_MONTH : PREP_DATE_YEAR;
  return 1;
}

/* Is s[0..n) a present word ("Present", "heute", "now")? */
static int is_present(const struct prep_taxonomy *tax, const char *s, size_t n)
{
  char key[64];
  size_t kl = xlower(s, n, key, sizeof key);
  while (kl > 0 && (key[kl - 1] == '.' || key[kl - 1] == ' '))
    kl--;
  int v = xmap_getn(&tax->months, key, kl);
  return v >= 0 && (v >> 8) == MK_PRESENT;
}

static int date_valid(const struct prep_date *d, const struct prep_date *as_of)
{
  int hi = as_of && as_of->year ? as_of->year + 10 : 2100;
  return d->year >= 1950 && d->year <= hi;
}

size_t xdate_find(struct xrun *r, const char *s, size_t n,
                  const struct prep_date *as_of, struct xdate_range *out,
                  size_t max)
{
  const struct prep_taxonomy *tax = r->tax;
  size_t count = 0, pos = 0;
  if (n > XR_WINDOW)
    n = XR_WINDOW;
  while (count < max && pos < n) {
    size_t ov[10], ovd[2];
    int kr = xrx_find(r, &tax->rx_range, s, n, pos, ov, 5);
    int kd = xrx_find(r, &tax->rx_date, s, n, pos, ovd, 1);
    if (!kr && !kd)
      break;
    struct xdate_range dr;
    memset(&dr, 0, sizeof dr);
    int took = 0;
    if (kr && (!kd || ov[0] <= ovd[0])) {
      dr.off = ov[0];
      dr.len = ov[1] - ov[0];
      dr.is_range = 1;
      size_t a0 = ov[2], a1 = ov[3], b0 = ov[4], b1 = ov[5];
      if (b0 == PCRE2_UNSET && ov[6] != PCRE2_UNSET) { /* "... to date" */
        b0 = ov[6];
        b1 = ov[7];
      }
      if (a0 == PCRE2_UNSET) { /* since DATE */
        a0 = ov[8];
        a1 = ov[9];
        b0 = PCRE2_UNSET;
      }
      int ok = xdate_parse(tax, s + a0, a1 - a0, as_of, &dr.start);
      if (b0 == PCRE2_UNSET || is_present(tax, s + b0, b1 - b0)) {
        dr.end.present = 1;
        if (as_of) {
          dr.end.year = as_of->year;
          dr.end.month = as_of->month;
        }
        dr.end.precision = PREP_DATE_MONTH;
      } else if (b1 - b0 == 2 && is_digit(s[b0]) && is_digit(s[b0 + 1])) {
        /* "2019-21": the end shares the start's century. */
        int yy = (s[b0] - '0') * 10 + (s[b0 + 1] - '0');
        dr.end.year = ok ? dr.start.year / 100 * 100 + yy : 0;
        dr.end.precision = PREP_DATE_YEAR;
        if (dr.end.year < dr.start.year)
          ok = 0;
      } else {
        /* parse the end even when the start failed: "Jan - Mar 2019" */
        int ok_end = xdate_parse(tax, s + b0, b1 - b0, as_of, &dr.end);
        ok = ok && ok_end;
      }
      /* "Jan - Mar 2019": a bare start month takes the end's year. */
      if (!ok && a0 != PCRE2_UNSET && b0 != PCRE2_UNSET && dr.end.year) {
        char key[64];
        size_t kl = xlower(s + a0, a1 - a0, key, sizeof key);
        while (kl > 0 && key[kl - 1] == '.')
          kl--;
        int v = xmap_getn(&tax->months, key, kl);
        if (v >= 0 && (v >> 8) == MK_MONTH) {
          dr.start.year = dr.end.year;
          dr.start.month = v & 0xFF;
          dr.start.precision = PREP_DATE_MONTH;
          ok = 1;
        }
      }
      if (ok && date_valid(&dr.start, as_of) &&
          (dr.end.present || date_valid(&dr.end, as_of)) &&
          (dr.end.present || dr.end.year > dr.start.year ||
           (dr.end.year == dr.start.year &&
            (dr.end.month == 0 || dr.start.month == 0 ||
             dr.end.month >= dr.start.month)))) {
        took = 1;
        pos = ov[1];
      } else {
        /* Not a plausible range: retry as single dates from its start. */
        kr = 0;
      }
    }
    if (!took && kd) {
      memset(&dr, 0, sizeof dr);
      dr.off = ovd[0];
      dr.len = ovd[1] - ovd[0];
      if (xdate_parse(tax, s + ovd[0], ovd[1] - ovd[0], as_of, &dr.start) &&
          date_valid(&dr.start, as_of)) {
        dr.end = dr.start;
        took = 1;
      }
      pos = ovd[1] > ovd[0] ? ovd[1] : ovd[0] + 1;
    } else if (!took) {
      pos = ov[0] + 1;
    }
    if (took)
      out[count++] = dr;
  }
  return count;
}

int xdate_index(const struct prep_date *d, int is_end)
{
  if (!d->year)
    return 0;
  int m = d->month ? d->month : (is_end ? 12 : 1);
  return d->year * 12 + (m - 1);
}
