/* facts.h - the facts model: what the extraction stage finds in a CV.
 *
 * Owner: extraction stage (issue 3).  Produced by prep_extract()
 * (extract.h) from a struct prep_doc; read by ranking, scaffolding and the
 * JSON/dump printers.  Plain data: arrays with counts, enums, small structs.
 *
 * Every fact records the index of the block it came from (`block`, an index
 * into doc->blocks), so later stages can quote the CV line verbatim and say
 * where it is (doc->blocks[i].pos).  Text fields are either verbatim block
 * text or a verbatim substring of it (trimmed of separators); nothing here
 * is made up.  All memory lives in the run arena passed to prep_extract().
 */
#ifndef PREPGEN_FACTS_H
#define PREPGEN_FACTS_H

#include <stddef.h>

/* "No block": a fact that has no single source block. */
#define PREP_NO_BLOCK ((size_t)-1)

enum prep_fact_kind {
#define FACT_KIND(e, name, json) PREP_FACT_##e,
#include "../../src/fact_kinds.def"
#undef FACT_KIND
  PREP_FACT_COUNT
};

/* Dump name of a fact kind ("name", "job", ...). */
const char *prep_fact_kind_name(enum prep_fact_kind k);

/* CV sections.  Names (for dumps and data/sections.tsv) come from
 * prep_section_name(). */
enum prep_section {
  PREP_SEC_NONE,         /* before the first heading: the contact header */
  PREP_SEC_SUMMARY,
  PREP_SEC_EXPERIENCE,
  PREP_SEC_EDUCATION,
  PREP_SEC_SKILLS,
  PREP_SEC_PROJECTS,
  PREP_SEC_CERTIFICATIONS,
  PREP_SEC_LANGUAGES,
  PREP_SEC_INTERESTS,
  PREP_SEC_VOLUNTEERING,
  PREP_SEC_AWARDS,
  PREP_SEC_PUBLICATIONS,
  PREP_SEC_REFERENCES,
  PREP_SEC_CONTACT,
  PREP_SEC_OTHER,        /* a heading we know is a heading but not which */
  PREP_SEC_COUNT
};

const char *prep_section_name(enum prep_section s);
/* The section named `name` ("experience", ...) or -1. */
int prep_section_from_name(const char *name);

enum prep_date_precision { PREP_DATE_NONE, PREP_DATE_YEAR, PREP_DATE_MONTH };

/* A calendar date as the CV wrote it.  `present` marks "Present", "now",
 * "heute"...; year/month then hold the as-of date. */
struct prep_date {
  int year;   /* 0 when unknown */
  int month;  /* 1..12, 0 = unknown */
  enum prep_date_precision precision;
  int present;
};

/* A text fact with its source. */
struct prep_text_fact {
  const char *text;
  size_t block;
  double confidence; /* 0..1 */
};

enum prep_url_kind { PREP_URL_LINKEDIN, PREP_URL_GITHUB, PREP_URL_GITLAB,
                     PREP_URL_STACKOVERFLOW, PREP_URL_TWITTER, PREP_URL_SITE };

struct prep_url {
  const char *url;       /* as written (text or link target) */
  const char *username;  /* profile handle or NULL */
  enum prep_url_kind kind;
  size_t block;
};

struct prep_contact {
  struct prep_text_fact name;    /* text NULL when not found */
  struct prep_text_fact label;   /* headline ("Senior Backend Engineer") */
  struct prep_text_fact location;
  struct prep_text_fact *emails;
  size_t nemails;
  struct prep_text_fact *phones;
  size_t nphones;
  struct prep_url *urls;
  size_t nurls;
};

struct prep_job {
  const char *title, *company, *location; /* NULL when not found */
  struct prep_date start, end;
  size_t block;          /* the header line (the one holding the dates) */
  size_t title_block, company_block;
  size_t first, last;    /* block span of the whole entry */
  size_t *highlights;    /* block indexes of the bullets, verbatim */
  size_t nhighlights;
  const char *date_text; /* the date range as written */
  double confidence;
  int tech;              /* 1 a tech job; 0 one outside software (a career
                            changer's earlier work: not counted in
                            tech_experience_months, a pre-tech story) */
};

struct prep_education {
  const char *institution, *area, *study_type, *score;
  struct prep_date start, end;
  size_t block;
  size_t first, last;
};

struct prep_certificate {
  const char *name, *issuer;
  struct prep_date date;
  size_t block;
};

struct prep_project {
  const char *name, *description, *url;
  const char **technologies; /* canonical skill ids */
  size_t ntechnologies;
  size_t *highlights;
  size_t nhighlights;
  size_t block;
};

struct prep_language {
  const char *language, *fluency;
  size_t block;
};

enum prep_skill_category { PREP_SKCAT_LANGUAGE, PREP_SKCAT_FRAMEWORK,
                           PREP_SKCAT_DATASTORE, PREP_SKCAT_CLOUD,
                           PREP_SKCAT_TOOL, PREP_SKCAT_PRACTICE,
                           PREP_SKCAT_COUNT };

const char *prep_skill_category_name(enum prep_skill_category c);

struct prep_skill {
  const char *id;        /* canonical id from data/skills.tsv ("postgresql") */
  const char *name;      /* canonical display name ("PostgreSQL") */
  enum prep_skill_category category;
  const char *const *topics; /* topic tags (borrowed from the taxonomy) */
  size_t ntopics;
  unsigned found_in;     /* bit set of (1u << enum prep_section) */
  size_t *mentions;      /* block indexes, ascending, each once */
  size_t nmentions;
  unsigned in_bullet;    /* mentions in list items / job highlights */
  unsigned in_skills_list; /* mentions in the skills section */
  int months_used;       /* sum of merged job spans that mention it */
  struct prep_date last_used; /* end of the latest job mentioning it */
  double confidence;
};

enum prep_result_kind {
  PREP_RES_PERCENT, PREP_RES_CURRENCY, PREP_RES_COUNT, PREP_RES_MULTIPLIER,
  PREP_RES_LATENCY, PREP_RES_THROUGHPUT, PREP_RES_USERS, PREP_RES_TEAM,
  PREP_RES_DURATION, PREP_RES_KIND_COUNT
};

const char *prep_result_kind_name(enum prep_result_kind k);

/* A quantified result: a verbatim span of one block. */
struct prep_result {
  const char *text;      /* the span, verbatim */
  enum prep_result_kind kind;
  double value;          /* the number as read (3x -> 3, 40% -> 40, 1.2M -> 1.2e6) */
  size_t block;
  size_t offset, len;    /* byte span in the block text */
  size_t job;            /* index into jobs or PREP_NO_BLOCK */
};

/* One scored candidate line for --explain. */
struct prep_candidate {
  enum prep_fact_kind kind;
  size_t block;
  const char *text;      /* the candidate text (verbatim) */
  int score;
  const char *why;       /* the signals that scored, in words */
};

struct prep_warning {
  const char *msg;       /* words, no CV text */
  size_t block;          /* or PREP_NO_BLOCK */
};

enum prep_seniority { PREP_SEN_UNKNOWN, PREP_SEN_JUNIOR, PREP_SEN_MID,
                      PREP_SEN_SENIOR, PREP_SEN_STAFF };

const char *prep_seniority_name(enum prep_seniority s);

struct prep_facts {
  struct prep_contact contact;
  struct prep_text_fact summary;
  struct prep_job *jobs;           /* in CV order */
  size_t njobs;
  struct prep_education *education;
  size_t neducation;
  struct prep_certificate *certificates;
  size_t ncertificates;
  struct prep_project *projects;
  size_t nprojects;
  struct prep_language *languages;
  size_t nlanguages;
  struct prep_skill *skills;       /* sorted: skills-list order, then first mention */
  size_t nskills;
  struct prep_result *results;     /* in block order */
  size_t nresults;

  /* Per block (nblocks entries): its section and, for job blocks, the job. */
  unsigned char *block_section;    /* enum prep_section */
  size_t *block_job;               /* index into jobs or PREP_NO_BLOCK */
  size_t nblocks;
  unsigned sections_found;         /* bit set of sections with a heading */

  const char *role_family;         /* "backend", ... (never NULL) */
  const char *role_family_why;     /* words */
  double role_family_confidence;
  enum prep_seniority seniority;
  const char *seniority_why;
  int near_empty;                  /* too little text to be a CV: the facts
                                      are empty on purpose (a plan and a
                                      pack are the general preparation) */
  size_t near_empty_words;         /* ...and how many words there were */
  int experience_months;           /* merged job spans up to as_of */
  int tech_experience_months;      /* the same without non-tech titles */
  struct prep_date as_of;

  struct prep_candidate *candidates; /* --explain */
  size_t ncandidates;
  struct prep_warning *warnings;
  size_t nwarnings;
  unsigned regex_limit_hits;       /* windows abandoned at a PCRE2 limit */
};

#endif
