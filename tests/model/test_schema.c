/*
 * Descriptors against migrations: every record type's fields, link tables
 * and day columns exist in a freshly migrated database, each type has a
 * key, and every column of a type's table is either a field's column or a
 * known bookkeeping column.  A descriptor and its migration cannot drift.
 */
#include "testlib.h"

#include <stdio.h>

/* Columns every record table has beside its fields (record.c reads and writes them). */
static const char *const bookkeeping[] = { "id", "created_at", "updated_at", "voided_at", "void_reason" };

/* Columns of one table the code names itself, outside the descriptor. */
static const struct {
	const char *table, *column, *why;
} named_by_code[] = {
	{ "users", "password_hash", "model/access.c: user_set_password writes it, the login reads it" },
	{ "users", "password_changed_at", "model/access.c: user_set_password writes it" },
};

static bool table_has(struct db *db, const char *table, const char *column)
{
	struct err e;
	err_clear(&e);
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?", &e);
	if (!st)
		fail_msg("prepare: %s", e.message);
	db_bind_text(st, 1, table);
	db_bind_text(st, 2, column);
	int rc = db_step(st, &e);
	bool has = rc == 1 && db_col_int(st, 0) > 0;
	db_done(st);
	return has;
}

static bool is_bookkeeping(const char *table, const char *column)
{
	for (size_t i = 0; i < sizeof bookkeeping / sizeof bookkeeping[0]; i++)
		if (!strcmp(bookkeeping[i], column))
			return true;
	for (size_t i = 0; i < sizeof named_by_code / sizeof named_by_code[0]; i++)
		if (!strcmp(named_by_code[i].table, table) && !strcmp(named_by_code[i].column, column))
			return true;
	return false;
}

static bool is_field_column(const struct record_type *t, const char *column)
{
	for (int i = 0; i < t->nfields; i++)
		if (t->fields[i].type != FT_REFLIST && !strcmp(field_column(&t->fields[i]), column))
			return true;
	return false;
}

/* Every way a descriptor names the database, against the real tables. */
static int descriptor_problems(struct db *db, const struct record_type *t)
{
	int problems = 0;
	bool key = false;
	for (int i = 0; i < t->nfields; i++) {
		const struct field *f = &t->fields[i];
		key |= (f->flags & FF_KEY) != 0;
		if (f->type == FT_REFLIST) {
			if (!f->link_table || !f->link_self || !f->link_other || !f->ref) {
				print_error("%s.%s: a list field without its link table\n", t->kind, f->name);
				problems++;
				continue;
			}
			const char *cols[] = { f->link_self, f->link_other };
			for (int k = 0; k < 2; k++)
				if (!table_has(db, f->link_table, cols[k])) {
					print_error("%s.%s: no column %s.%s\n", t->kind, f->name, f->link_table, cols[k]);
					problems++;
				}
			continue;
		}
		if (!table_has(db, t->table, field_column(f))) {
			print_error("%s.%s: no column %s.%s\n", t->kind, f->name, t->table, field_column(f));
			problems++;
		}
		if (f->day_column && !table_has(db, t->table, f->day_column)) {
			print_error("%s.%s: no day column %s.%s\n", t->kind, f->name, t->table, f->day_column);
			problems++;
		}
		if ((f->type == FT_REF) != (f->ref != NULL)) {
			print_error("%s.%s: a reference needs its type, and only a reference has one\n", t->kind, f->name);
			problems++;
		}
		if (f->ref && !table_has(db, f->ref->table, field_column(record_key_field(f->ref)))) {
			print_error("%s.%s: the referenced key %s is not a column\n", t->kind, f->name, f->ref->table);
			problems++;
		}
	}
	if (!key) {
		print_error("%s: no key field\n", t->kind);
		problems++;
	}
	for (size_t i = 0; i < sizeof bookkeeping / sizeof bookkeeping[0]; i++)
		if (!table_has(db, t->table, bookkeeping[i])) {
			print_error("%s: no bookkeeping column %s\n", t->table, bookkeeping[i]);
			problems++;
		}
	/* and the other way: no column the code does not know of */
	struct err e;
	err_clear(&e);
	struct db_stmt *st = db_prepare(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid", &e);
	if (!st)
		fail_msg("prepare: %s", e.message);
	db_bind_text(st, 1, t->table);
	int columns = 0;
	while (db_step(st, &e) == 1) {
		const char *c = db_col_text(st, 0);
		columns++;
		if (!is_field_column(t, c) && !is_bookkeeping(t->table, c)) {
			print_error("%s: column %s is in no field of %s and no known bookkeeping column\n", t->table, c,
				    t->kind);
			problems++;
		}
	}
	db_done(st);
	if (!columns) {
		print_error("%s: no table %s\n", t->kind, t->table);
		problems++;
	}
	return problems;
}

static void descriptors_match_migrations(void **state)
{
	(void)state;
	struct db *db = test_db();
	int problems = 0, types = 0;
	for (int i = 0; record_types[i]; i++, types++)
		problems += descriptor_problems(db, record_types[i]);
	assert_int_equal(problems, 0);
	assert_true(types >= 9);
	/* the columns named by code exist (a stale entry would hide nothing) */
	for (size_t i = 0; i < sizeof named_by_code / sizeof named_by_code[0]; i++)
		assert_true(table_has(db, named_by_code[i].table, named_by_code[i].column));
	db_close(db);
}

/* The check itself can fail: a descriptor naming a column that does not exist. */
static void a_drifted_descriptor_is_found(void **state)
{
	(void)state;
	struct db *db = test_db();
	const struct record_type *t = record_types[0];
	struct field fields[64];
	assert_true(t->nfields < 64);
	memcpy(fields, t->fields, sizeof fields[0] * (size_t)t->nfields);
	fields[t->nfields] = (struct field){ .name = "no_such_column", .zh = "无", .en = "None", .type = FT_TEXT };
	struct record_type drifted = *t;
	drifted.fields = fields;
	drifted.nfields = t->nfields + 1;
	assert_true(descriptor_problems(db, &drifted) >= 1);
	/* a column the descriptor forgets is found too */
	drifted.nfields = t->nfields - 1;
	assert_true(descriptor_problems(db, &drifted) >= 1);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(descriptors_match_migrations),
		cmocka_unit_test(a_drifted_descriptor_is_found),
	};
	return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
