/*
 * record_export.c — exports for people and for the import.
 */
#include "io/record_export.h"
#include "base/config.h"
#include "base/date.h"
#include "base/text.h"
#include "io/csv_write.h"
#include "io/record_json.h"
#include "io/xlsx.h"

#include <stdlib.h>
#include <string.h>

#define NAME_SUFFIX "名称"

/* key → name of one referenced type, sorted by key */
struct names {
	const struct record_type *ref;
	char **keys, **vals;
	size_t n, cap;
	bool failed;
};

struct column {
	int field;
	bool names; /* the names column beside reference `field` */
	struct names *map;
	char header[160];
};

struct record_export {
	const struct record_type *t;
	enum export_values values;
	bool reveal;
	int ncols;
	struct column *cols;
	struct names maps[16];
	int nmaps;
	struct buf cell;
	char text[128]; /* a cell written out (a masked value, a local time) */
};

int export_values_parse(const char *s, const char *field, enum export_values *out, struct err *e)
{
	if (!s || !*s || !strcmp(s, "labels"))
		*out = EXPORT_LABELS;
	else if (!strcmp(s, "codes"))
		*out = EXPORT_CODES;
	else
		return err_set(e, ERR_INVALID, "values", field, "取值方式应为 labels 或 codes（values must be labels or codes）");
	return 0;
}

bool record_type_personal(const struct record_type *t)
{
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].sens != SENS_NONE)
			return true;
	return false;
}

static int name_field(const struct record_type *ref)
{
	return ref ? field_index(ref, "name") : -1;
}

struct loading {
	struct names *m;
	int key, name;
};

static int add_name(void *ctx, const struct record *r)
{
	struct loading *l = ctx;
	struct names *m = l->m;
	char buf[128];
	const char *k = r->v[l->key].s;
	const char *v = record_text_out(r, l->name, false, buf, sizeof buf);
	if (!k || !v)
		return 0;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		char **nk = realloc(m->keys, cap * sizeof *nk);
		if (nk)
			m->keys = nk;
		char **nv = nk ? realloc(m->vals, cap * sizeof *nv) : NULL;
		if (!nv) {
			m->failed = true;
			return 1;
		}
		m->vals = nv;
		m->cap = cap;
	}
	m->keys[m->n] = strdup(k);
	m->vals[m->n] = strdup(v);
	m->n++;
	if (!m->keys[m->n - 1] || !m->vals[m->n - 1]) {
		m->failed = true;
		return 1;
	}
	return 0;
}

static size_t lower_bound(const struct names *m, const char *key)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(m->keys[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const char *name_of(const struct names *m, const char *key)
{
	size_t i = lower_bound(m, key);
	return i < m->n && !strcmp(m->keys[i], key) ? m->vals[i] : NULL;
}

static int cmp_index(const void *a, const void *b, void *ctx)
{
	char **keys = ctx;
	return strcmp(keys[*(const size_t *)a], keys[*(const size_t *)b]);
}

/* Every record of `ref` (voided ones too: old records point at them), key → name, sorted. */
static int load_names(struct db *db, struct names *m, struct err *e)
{
	struct loading l = { m, (int)(record_key_field(m->ref) - m->ref->fields), name_field(m->ref) };
	struct record_query q = { .include_voided = true };
	if (record_list(db, m->ref, &q, add_name, &l, NULL, e))
		return -1;
	if (m->failed)
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	/* key order of the store may differ from strcmp's: sort by index */
	size_t *idx = malloc((m->n ? m->n : 1) * sizeof *idx);
	char **k = malloc((m->n ? m->n : 1) * sizeof *k), **v = malloc((m->n ? m->n : 1) * sizeof *v);
	if (!idx || !k || !v) {
		free(idx), free(k), free(v);
		return err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
	}
	for (size_t i = 0; i < m->n; i++)
		idx[i] = i;
	qsort_r(idx, m->n, sizeof *idx, cmp_index, m->keys);
	for (size_t i = 0; i < m->n; i++) {
		k[i] = m->keys[idx[i]];
		v[i] = m->vals[idx[i]];
	}
	free(idx);
	free(m->keys);
	free(m->vals);
	m->keys = k;
	m->vals = v;
	return 0;
}

static struct names *names_for(struct record_export *x, struct db *db, const struct record_type *ref, struct err *e)
{
	for (int i = 0; i < x->nmaps; i++)
		if (x->maps[i].ref == ref)
			return &x->maps[i];
	if (x->nmaps == (int)(sizeof x->maps / sizeof x->maps[0])) {
		err_set(e, ERR_INTERNAL, NULL, NULL, "too many referenced kinds");
		return NULL;
	}
	struct names *m = &x->maps[x->nmaps++];
	m->ref = ref;
	return load_names(db, m, e) ? NULL : m;
}

struct record_export *record_export_new(struct db *db, const struct record_type *t, enum export_values values,
					bool chinese, bool reveal, struct err *e)
{
	struct record_export *x = calloc(1, sizeof *x);
	if (x)
		x->cols = calloc((size_t)t->nfields * 2, sizeof *x->cols);
	if (!x || !x->cols) {
		free(x);
		err_set(e, ERR_INTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	x->t = t;
	x->values = values;
	x->reveal = reveal;
	buf_init(&x->cell);
	bool zh = chinese || values == EXPORT_LABELS;
	for (int i = 0; i < t->nfields; i++) {
		const struct field *f = &t->fields[i];
		if (f->flags & FF_HIDDEN)
			continue;
		struct column *c = &x->cols[x->ncols++];
		c->field = i;
		snprintf(c->header, sizeof c->header, "%s", zh ? f->zh : f->name);
		if (values != EXPORT_LABELS || (f->type != FT_REF && f->type != FT_REFLIST) || name_field(f->ref) < 0)
			continue;
		c = &x->cols[x->ncols++];
		c->field = i;
		c->names = true;
		snprintf(c->header, sizeof c->header, "%s%s", f->zh, NAME_SUFFIX);
		if (!(c->map = names_for(x, db, f->ref, e))) {
			record_export_free(x);
			return NULL;
		}
	}
	return x;
}

void record_export_free(struct record_export *x)
{
	if (!x)
		return;
	for (int i = 0; i < x->nmaps; i++) {
		for (size_t k = 0; k < x->maps[i].n; k++) {
			free(x->maps[i].keys[k]);
			free(x->maps[i].vals[k]);
		}
		free(x->maps[i].keys);
		free(x->maps[i].vals);
	}
	buf_free(&x->cell);
	free(x->cols);
	free(x);
}

int record_export_ncols(const struct record_export *x)
{
	return x->ncols;
}

const char *record_export_header(const struct record_export *x, int col)
{
	return x->cols[col].header;
}

/* The names of the keys in `keys` (';' separated), each name or its key when unknown. */
static const char *names_cell(struct record_export *x, const struct names *m, const char *keys)
{
	buf_reset(&x->cell);
	char key[128];
	for (const char *p = keys; *p;) {
		const char *semi = strchr(p, ';');
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		snprintf(key, sizeof key, "%.*s", (int)(len < sizeof key ? len : sizeof key - 1), p);
		const char *name = name_of(m, key);
		if (x->cell.len)
			buf_add(&x->cell, ";", 1);
		buf_puts(&x->cell, name ? name : "");
		if (!semi)
			break;
		p = semi + 1;
	}
	return x->cell.p && !x->cell.failed ? x->cell.p : "";
}

const char *record_export_cell(struct record_export *x, const struct record *r, int col)
{
	char *buf = x->text;
	const struct column *c = &x->cols[col];
	const struct field *f = &x->t->fields[c->field];
	const struct value *v = &r->v[c->field];
	if (!v->set)
		return "";
	if (c->names)
		return names_cell(x, c->map, v->s);
	if (x->values == EXPORT_CODES)
		return record_text_out(r, c->field, x->reveal, buf, sizeof x->text);
	switch (f->type) {
	case FT_ENUM:
		return code_label(f->codes, v->s);
	case FT_BOOL:
		return v->i ? "是" : "否";
	case FT_INSTANT:
		instant_format_local(v->i, config()->tz_minutes, buf);
		return buf;
	default:
		return record_text_out(r, c->field, x->reveal, buf, sizeof x->text);
	}
}

void record_export_csv_header(FILE *f, const struct record_export *x)
{
	if (x->ncols && strcmp(x->cols[0].header, x->t->fields[x->cols[0].field].name))
		fputs("\xEF\xBB\xBF", f); /* Excel reads UTF-8 Chinese only with a BOM */
	for (int i = 0; i < x->ncols; i++)
		csv_write_field(f, x->cols[i].header, i == 0);
	csv_write_eol(f);
}

void record_export_csv_row(FILE *f, struct record_export *x, const struct record *r)
{
	for (int i = 0; i < x->ncols; i++)
		csv_write_field(f, record_export_cell(x, r, i), i == 0);
	csv_write_eol(f);
}

void record_export_xlsx_header(struct xlsx *out, const struct record_export *x)
{
	xlsx_header(out);
	for (int i = 0; i < x->ncols; i++)
		xlsx_text(out, x->cols[i].header);
}

void record_export_xlsx_row(struct xlsx *out, struct record_export *x, const struct record *r)
{
	xlsx_row(out);
	for (int i = 0; i < x->ncols; i++) {
		const struct column *c = &x->cols[i];
		const struct value *v = &r->v[c->field];
		enum field_type type = x->t->fields[c->field].type;
		bool typed = x->values == EXPORT_LABELS && !c->names && v->set &&
			     !(x->t->fields[c->field].sens != SENS_NONE && !x->reveal);
		if (typed && type == FT_INSTANT)
			xlsx_instant(out, v->i, config()->tz_minutes);
		else if (typed && type == FT_DATE)
			xlsx_date(out, (int32_t)v->i);
		else if (typed && type == FT_INT)
			xlsx_number(out, (double)v->i, XLSX_INTEGER);
		else if (typed && type == FT_REAL)
			xlsx_number(out, v->d, XLSX_DECIMAL2);
		else
			xlsx_text(out, record_export_cell(x, r, i));
	}
}
