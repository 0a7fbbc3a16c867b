#include "json.h"

#include <stdlib.h>
#include <string.h>

struct parser {
    struct json_doc *doc;
    const char *p, *end;
};

static int fail(struct parser *ps, const char *why)
{
    if (!ps->doc->error) ps->doc->error = why;
    return -1;
}

static void skip_space(struct parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static int new_node(struct parser *ps, enum json_type type)
{
    struct json_doc *d = ps->doc;
    if (d->count >= JSON_MAX_NODES) return fail(ps, "too many JSON values");
    struct json_node *n = &d->nodes[d->count];
    memset(n, 0, sizeof *n);
    n->type = type;
    n->first_child = -1;
    n->next = -1;
    return d->count++;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes a string at ps->p (after the opening quote) into doc->text. Only ASCII escapes
 * are accepted: nothing the helper validates needs more, and it keeps the reader small. */
static const char *parse_string(struct parser *ps)
{
    struct json_doc *d = ps->doc;
    char *out = d->text + d->used;
    size_t n = 0;
    while (ps->p < ps->end && *ps->p != '"') {
        unsigned char c = (unsigned char)*ps->p++;
        if (c < 0x20) { fail(ps, "control character in JSON string"); return NULL; }
        if (c == '\\') {
            if (ps->p >= ps->end) break;
            char e = *ps->p++;
            switch (e) {
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            case '/': c = '/'; break;
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'u': {
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int h = ps->p < ps->end ? hex_digit(*ps->p++) : -1;
                    if (h < 0) { fail(ps, "bad \\u escape in JSON string"); return NULL; }
                    v = v * 16 + h;
                }
                if (v == 0 || v > 0x7f) { fail(ps, "non-ASCII \\u escape in JSON string"); return NULL; }
                c = (unsigned char)v;
                break;
            }
            default: fail(ps, "bad escape in JSON string"); return NULL;
            }
        }
        if (d->used + n + 1 >= JSON_MAX_TEXT) { fail(ps, "JSON strings too long"); return NULL; }
        out[n++] = (char)c;
    }
    if (ps->p >= ps->end) { fail(ps, "unterminated JSON string"); return NULL; }
    ps->p++; /* closing quote */
    out[n] = '\0';
    d->used += n + 1;
    return out;
}

static int parse_value(struct parser *ps, int depth);

static int parse_container(struct parser *ps, int depth, int is_object)
{
    int self = new_node(ps, is_object ? JSON_OBJECT : JSON_ARRAY);
    if (self < 0) return -1;
    char close = is_object ? '}' : ']';
    int last = -1;
    skip_space(ps);
    if (ps->p < ps->end && *ps->p == close) { ps->p++; return self; }
    for (;;) {
        const char *key = NULL;
        skip_space(ps);
        if (is_object) {
            if (ps->p >= ps->end || *ps->p != '"') return fail(ps, "expected a JSON member name");
            ps->p++;
            if (!(key = parse_string(ps))) return -1;
            skip_space(ps);
            if (ps->p >= ps->end || *ps->p != ':') return fail(ps, "expected ':' in JSON object");
            ps->p++;
            if (json_member(ps->doc, self, key) >= 0) return fail(ps, "duplicate JSON member");
        }
        int child = parse_value(ps, depth + 1);
        if (child < 0) return -1;
        ps->doc->nodes[child].key = key;
        if (last < 0) ps->doc->nodes[self].first_child = child;
        else ps->doc->nodes[last].next = child;
        last = child;
        skip_space(ps);
        if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
        if (ps->p < ps->end && *ps->p == close) { ps->p++; return self; }
        return fail(ps, is_object ? "expected ',' or '}' in JSON object" : "expected ',' or ']' in JSON array");
    }
}

static int parse_number(struct parser *ps)
{
    char buf[32];
    size_t n = 0;
    while (ps->p < ps->end && strchr("+-0123456789.eE", *ps->p) && n < sizeof buf - 1)
        buf[n++] = *ps->p++;
    buf[n] = '\0';
    char *endp;
    double v = strtod(buf, &endp);
    if (n == 0 || *endp != '\0') return fail(ps, "bad JSON number");
    int self = new_node(ps, JSON_NUMBER);
    if (self >= 0) ps->doc->nodes[self].number = v;
    return self;
}

static int literal(struct parser *ps, const char *word, enum json_type type, int boolean)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) return fail(ps, "invalid JSON");
    ps->p += n;
    int self = new_node(ps, type);
    if (self >= 0) ps->doc->nodes[self].boolean = boolean;
    return self;
}

static int parse_value(struct parser *ps, int depth)
{
    if (depth > JSON_MAX_DEPTH) return fail(ps, "JSON nested too deeply");
    skip_space(ps);
    if (ps->p >= ps->end) return fail(ps, "unexpected end of JSON");
    char c = *ps->p;
    if (c == '{' || c == '[') { ps->p++; return parse_container(ps, depth, c == '{'); }
    if (c == '"') {
        ps->p++;
        const char *s = parse_string(ps);
        if (!s) return -1;
        int self = new_node(ps, JSON_STRING);
        if (self >= 0) ps->doc->nodes[self].string = s;
        return self;
    }
    if (c == 't') return literal(ps, "true", JSON_BOOL, 1);
    if (c == 'f') return literal(ps, "false", JSON_BOOL, 0);
    if (c == 'n') return literal(ps, "null", JSON_NULL, 0);
    if (c == '-' || (c >= '0' && c <= '9')) return parse_number(ps);
    return fail(ps, "invalid JSON");
}

int json_parse(struct json_doc *doc, const char *input, size_t len)
{
    struct parser ps = { doc, input, input + len };
    doc->count = 0;
    doc->used = 0;
    doc->error = NULL;
    int root = parse_value(&ps, 0);
    if (root < 0) return -1;
    skip_space(&ps);
    if (ps.p != ps.end) return fail(&ps, "trailing data after JSON");
    return root;
}

int json_member(const struct json_doc *doc, int obj, const char *key)
{
    if (obj < 0 || doc->nodes[obj].type != JSON_OBJECT) return -1;
    for (int i = doc->nodes[obj].first_child; i >= 0; i = doc->nodes[i].next)
        if (doc->nodes[i].key && strcmp(doc->nodes[i].key, key) == 0) return i;
    return -1;
}
