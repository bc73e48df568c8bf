/* xmlpull.h - the safe XML pull reader that the package readers share.
 *
 * read_docx.c (with docx_*.c) and read_odt.c read the XML parts of their
 * packages through this one wrapper over libxml2's xmlTextReader, so that
 * both get the same defences (xmlpull.c says which) and the same
 * messages.  Elements and attributes are matched by namespace URI, never by
 * prefix: each format hands the reader a vocabulary, a table from the URIs
 * it knows to small ids of its own, and reads back an id and a local name.
 * Only xmlpull.c includes libxml2 and no libxml2 type appears here.
 * Not installed; not used outside src/.
 */
#ifndef PREPGEN_XMLPULL_H
#define PREPGEN_XMLPULL_H

#include <stddef.h>

#include "prepgen/diag.h"

struct prep_docx_stream; /* docx.h: a package part being inflated */

/* Node types the reader reports. */
enum prep_xml_node {
  PREP_XML_START,
  PREP_XML_END,
  PREP_XML_TEXT,
  PREP_XML_EOF
};

/* One namespace a format matches: its URI and the format's id for it.  Ids
 * are > 0 (0 means no namespace or an unknown one); several URIs may share
 * an id (transitional and Strict OOXML). */
struct prep_xml_ns {
  const char *uri;
  int id;
};

/* What a format tells the reader: its name, used in refusals ("which ODT
 * never uses"), and its namespaces.  Static data that outlives the reader. */
struct prep_xml_vocab {
  const char *format;
  const struct prep_xml_ns *ns;
  size_t nns;
};

struct prep_xml;

/* Vets the bytes of a part (encoding, DOCTYPE, tag size, attributes,
 * depth) and opens a reader on them; UTF-16 is transcoded.  `buf` must
 * stay alive until prep_xml_close.  Errors name `part` and are recorded in
 * diag under the file name `name`. */
enum prep_status prep_xml_open(const unsigned char *buf, size_t len,
                               const struct prep_xml_vocab *v,
                               const char *part, const char *name,
                               struct prep_diag *diag, struct prep_xml **out);
/* Same, pulling the bytes from a package stream as the parser needs them
 * (big parts are never held whole in memory).  The stream stays owned by
 * the caller and must outlive the reader. */
enum prep_status prep_xml_open_stream(struct prep_docx_stream *st,
                                      const struct prep_xml_vocab *v,
                                      const char *part, const char *name,
                                      struct prep_diag *diag,
                                      struct prep_xml **out);
void prep_xml_close(struct prep_xml *x);

/* Next node.  PREP_XML_EOF ends the part; on an error it is returned too
 * and prep_xml_status() says what happened (message already recorded). */
enum prep_xml_node prep_xml_next(struct prep_xml *x);
enum prep_status prep_xml_status(const struct prep_xml *x);

/* Current node: the vocabulary id of its namespace (0: none or unknown),
 * local name, depth, empty-element flag, text, line (for positions). */
int prep_xml_ns(const struct prep_xml *x);
const char *prep_xml_local(const struct prep_xml *x);
int prep_xml_depth(const struct prep_xml *x);
int prep_xml_empty(const struct prep_xml *x);
const char *prep_xml_text(const struct prep_xml *x, size_t *len);
int prep_xml_line(const struct prep_xml *x);
/* Attribute by namespace id and local name (NULL when absent); ns 0 asks
 * for an attribute without a namespace.  Borrowed until the next
 * prep_xml_attr or prep_xml_next. */
const char *prep_xml_attr(struct prep_xml *x, int ns, const char *local);
/* Skips the current element's subtree (the next prep_xml_next returns what
 * follows its end). */
void prep_xml_skip(struct prep_xml *x);

#endif
