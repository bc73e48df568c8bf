/* limits.h - every safety limit, with the reason it exists.
 *
 * Inputs are hostile (../notes/SECURITY.md).  Each cap is checked before the
 * expensive step it protects, and hitting one is reported in words.  Fuzz
 * builds (PREPGEN_FUZZ) use smaller caps so that a timeout means a bug.
 */
#ifndef PREPGEN_LIMITS_H
#define PREPGEN_LIMITS_H

#define PREP_MiB (1024u * 1024u)

#ifndef PREPGEN_FUZZ
/* A text CV is < 100 KB; /dev/zero and 200 MB logs must stop early. */
#define PREP_MAX_TEXT_INPUT (2u * PREP_MiB)
/* DOCX may carry photos and fonts; XML parts are capped separately. */
#define PREP_MAX_DOCX_INPUT (50u * PREP_MiB)
/* Inflated size of the main part: stops a 1 GB bomb after 32 MiB. */
#define PREP_MAX_MAIN_PART (32u * PREP_MiB)
/* Other XML parts (styles, numbering, headers, notes). */
#define PREP_MAX_AUX_PART (8u * PREP_MiB)
/* All inflated bytes read from one file: bounds overlap bombs. */
#define PREP_MAX_INFLATED_TOTAL (64u * PREP_MiB)
/* Extracted text: keeps regex input and outputs bounded. */
#define PREP_MAX_DOC_TEXT (4u * PREP_MiB)
/* Number of blocks: a real CV has a few hundred. */
#define PREP_MAX_BLOCKS 20000u
#else
#define PREP_MAX_TEXT_INPUT (256u * 1024u)
#define PREP_MAX_DOCX_INPUT (1u * PREP_MiB)
#define PREP_MAX_MAIN_PART (1u * PREP_MiB)
#define PREP_MAX_AUX_PART (256u * 1024u)
#define PREP_MAX_INFLATED_TOTAL (2u * PREP_MiB)
#define PREP_MAX_DOC_TEXT (512u * 1024u)
#define PREP_MAX_BLOCKS 4000u
#endif

/* Relationship, content-type and core-property parts are tiny in practice. */
#define PREP_MAX_SMALL_PART (1u * PREP_MiB)
/* ZIP entries: the 70,000-entry ZIP64 case costs time in the directory. */
#define PREP_MAX_ZIP_ENTRIES 10000u
/* Sum of declared sizes: a cheap pre-filter for honest bombs. */
#define PREP_MAX_DECLARED_TOTAL (256u * PREP_MiB)
/* XML nesting: libxml2 stops at 256; WordprocessingML rarely passes 40. */
#define PREP_MAX_XML_DEPTH 128u
/* Attributes per element: libxml2 2.9.14 checks duplicates quadratically. */
#define PREP_MAX_XML_ATTRS 256u
/* One start tag's bytes (pre-scan): same reason as above. */
#define PREP_MAX_XML_TAG (64u * 1024u)
/* One block's text: a paragraph longer than this is not CV prose. */
#define PREP_MAX_BLOCK_TEXT (64u * 1024u)
/* Text lines: longer lines are split so regex windows stay bounded. */
#define PREP_MAX_LINE (4u * 1024u)
/* Links per block and in all. */
#define PREP_MAX_LINKS 2000u
/* Header/footer/note parts read from one package. */
#define PREP_MAX_PARTS 64u

/* PREP_SANITIZED: 1 in ASan/TSan/MSan builds.  They reserve terabytes of
 * shadow address space (no RLIMIT_AS for batch workers) and LeakSanitizer
 * stops threads with ptrace at exit (the sandbox leaves ptrace allowed). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PREP_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define PREP_SANITIZED 1
#endif
#endif
#ifndef PREP_SANITIZED
#define PREP_SANITIZED 0
#endif

#endif
