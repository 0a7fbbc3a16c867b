/* A small JSON reader for the helper's control messages: it parses a whole document into a
 * fixed pool of nodes (no allocation), with bounded depth, node count and string space. */
#ifndef GANGWAY_JSON_H
#define GANGWAY_JSON_H

#include <stddef.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

#define JSON_MAX_NODES 4096
#define JSON_MAX_DEPTH 6
#define JSON_MAX_TEXT 65536

struct json_node {
    enum json_type type;
    int boolean;
    double number;
    const char *string; /* NUL-terminated, inside json_doc.text (strings hold no NUL) */
    const char *key;    /* member name when the parent is an object */
    int first_child;    /* -1 when none */
    int next;           /* next sibling, -1 when none */
};

struct json_doc {
    struct json_node nodes[JSON_MAX_NODES];
    int count;
    char text[JSON_MAX_TEXT]; /* decoded strings */
    size_t used;
    const char *error;
};

/* Parses `len` bytes; returns the root node index, or -1 with doc->error set. */
int json_parse(struct json_doc *doc, const char *input, size_t len);

/* The member `key` of object `obj`, or -1. */
int json_member(const struct json_doc *doc, int obj, const char *key);

#endif
