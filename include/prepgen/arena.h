/* arena.h - region allocator: one arena per CV run, one for long-lived data.
 *
 * Everything allocated from an arena lives until prep_arena_free() and is
 * never freed on its own.  Out of memory aborts the process with a message
 * (prepgen is a CLI: this keeps every other path simple).
 */
#ifndef PREPGEN_ARENA_H
#define PREPGEN_ARENA_H

#include <stddef.h>

struct prep_arena;

/* A new empty arena.  Never returns NULL. */
struct prep_arena *prep_arena_new(void);

/* Frees the arena and everything allocated from it.  NULL is a no-op. */
void prep_arena_free(struct prep_arena *a);

/* n zeroed bytes, aligned for any type.  Lives in the arena. */
void *prep_arena_alloc(struct prep_arena *a, size_t n);

/* Copy of s[0..n) with a NUL terminator.  Lives in the arena. */
char *prep_arena_strndup(struct prep_arena *a, const char *s, size_t n);
char *prep_arena_strdup(struct prep_arena *a, const char *s);

/* printf into the arena. */
char *prep_arena_printf(struct prep_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Bytes handed out so far (for limits and benchmarks). */
size_t prep_arena_used(const struct prep_arena *a);

/* malloc/realloc wrappers that abort on failure (for buffers outside arenas). */
void *prep_xmalloc(size_t n);
void *prep_xrealloc(void *p, size_t n);
void *prep_xcalloc(size_t n, size_t size);

#endif
