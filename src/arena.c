/* arena.c - block-chained region allocator.
 *
 * Allocations are carved from 64 KiB chunks (bigger requests get a chunk of
 * their own) and released all at once.  Out of memory aborts: see arena.h.
 */
#include "prepgen/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (64u * 1024u)
#define ALIGN 16u

struct chunk {
  struct chunk *next;
  size_t size, used;
  max_align_t data[]; /* aligned payload */
};

struct prep_arena {
  struct chunk *head;
  size_t total;
};

static void oom(size_t n)
{
  fprintf(stderr, "prepgen: out of memory (asked for %zu bytes)\n", n);
  abort();
}

void *prep_xmalloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (!p)
    oom(n);
  return p;
}

void *prep_xrealloc(void *p, size_t n)
{
  void *q = realloc(p, n ? n : 1);
  if (!q)
    oom(n);
  return q;
}

void *prep_xcalloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    oom(n * size);
  return p;
}

struct prep_arena *prep_arena_new(void)
{
  return prep_xcalloc(1, sizeof(struct prep_arena));
}

void prep_arena_free(struct prep_arena *a)
{
  if (!a)
    return;
  struct chunk *c = a->head;
  while (c) {
    struct chunk *next = c->next;
    free(c);
    c = next;
  }
  free(a);
}

void *prep_arena_alloc(struct prep_arena *a, size_t n)
{
  if (n > SIZE_MAX / 2)
    oom(n);
  n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
  if (n == 0)
    n = ALIGN;
  struct chunk *c = a->head;
  if (!c || c->size - c->used < n) {
    size_t size = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;
    c = prep_xmalloc(sizeof(struct chunk) + size);
    c->size = size;
    c->used = 0;
    if (size == n && a->head) {
      /* A big one-off: keep the current chunk in front for small ones. */
      c->next = a->head->next;
      a->head->next = c;
    } else {
      c->next = a->head;
      a->head = c;
    }
  }
  void *p = (char *)c->data + c->used;
  c->used += n;
  a->total += n;
  memset(p, 0, n);
  return p;
}

char *prep_arena_strndup(struct prep_arena *a, const char *s, size_t n)
{
  char *p = prep_arena_alloc(a, n + 1);
  if (n)
    memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *prep_arena_strdup(struct prep_arena *a, const char *s)
{
  return prep_arena_strndup(a, s, strlen(s));
}

char *prep_arena_printf(struct prep_arena *a, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    n = 0;
  char *p = prep_arena_alloc(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

size_t prep_arena_used(const struct prep_arena *a)
{
  return a->total;
}
