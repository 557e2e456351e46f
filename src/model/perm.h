/*
 * perm — who may do what, written once: a table of role × resource ×
 * action, and each role's data scope.  Anything the table does not grant
 * is denied: a new record type, a new role or a new resource starts with no
 * rights for anyone until a line here gives them.
 *
 * A resource is a record type's kind ("posts", "incidents", ...) or one of
 * the named resources below (reports, the audit log).  Roles are resolved
 * from their code to `enum role` once, when a session is read; the HTTP
 * dispatcher asks perm_allows() once per request, and the record layer
 * applies the scope that perm_scope_station() computes.  The HTTP tests'
 * permission matrix is generated from this same table (tests/api).
 */
#ifndef FQ_MODEL_PERM_H
#define FQ_MODEL_PERM_H

#include <stdbool.h>
#include <stddef.h>

#include "model/record.h"

enum role {
	ROLE_ADMIN,    /* 系统管理员 */
	ROLE_LEADER,   /* 局领导: reads the whole bureau */
	ROLE_STATION,  /* 派出所: a station's chief or clerk */
	ROLE_OFFICER,  /* 社区民警 */
	ROLE_GRID,     /* 网格员 */
	ROLE_MEDIATOR, /* a partner body's mediator */
	ROLE_COUNT,
	ROLE_UNKNOWN = ROLE_COUNT, /* a code the table does not know: no rights */
};

enum action {
	ACT_READ,   /* list and get */
	ACT_CREATE,
	ACT_UPDATE,
	ACT_VOID,
	ACT_EXPORT,
	ACT_REVEAL, /* see personal data unmasked (in lists too); each single reveal is audited */
	ACT_COUNT,
};

/* Named resources beside the record kinds. */
#define RES_REPORTS "reports" /* coverage, incident statistics and their drill-down, the banner map */
#define RES_AUDIT "audit"     /* the audit log and its verification */
#define RES_TODO "todo"       /* the to-do list of deadlines (待办), within the caller's scope */
#define RES_RECUPERATION "recuperation" /* 疗养计划: plan, save, swap, freeze, export, print (§7) */
#define RES_BACKUPS "backups" /* an online backup of the whole database (POST /api/v1/backups) */

/* The role codes, in enum order, with their labels (the users descriptor's code list). */
extern const struct code_list roles;
/* The kinds of scope, in enum scope_kind order: "all", "unit", "partner", "none". */
extern const struct code_list scope_kinds;

enum role role_from_code(const char *code);
const char *role_code(enum role r);        /* "admin", ...; "" for ROLE_UNKNOWN */
const char *action_name(enum action a);    /* "read", "create", ... */
const char *action_zh(enum action a);      /* 查看, 新建, ... */

/* Does the table grant `role` this action on this resource? */
bool perm_allows(enum role role, const char *resource, enum action action);

/*
 * The same for a user of that scope: a bureau-wide resource (the
 * recuperation programme and its plans, §7) is no one unit's, so a user
 * confined to a unit (a county bureau's leader, a station, an officer ...)
 * has no right on it at all; everything else as perm_allows.
 */
bool perm_allows_in(enum role role, const struct scope *scope, const char *resource, enum action action);

/* The kind of scope a role has (enum scope_kind, model/record.h). */
enum scope_kind role_scope(enum role role);

/* The scope of a user of this role and unit; `unit` must outlive it. */
struct scope perm_scope(enum role role, const char *unit);

/*
 * The station a scope's figures are confined to, for the reports (which
 * count by station): "" for the whole bureau, the unit for a unit scope,
 * and a code no station has for any other (a partner's mediator, an
 * unknown role, a station user without a unit).
 */
const char *scope_station(const struct scope *s);

/*
 * The scope questions, answered here only: `within` is the unit a caller's
 * records or figures are confined to (scope_station() of its scope, or the
 * station a report was narrowed to), NULL or "" for the whole bureau.  Its
 * scope is that unit and below (a county bureau's stations; a station's,
 * itself).
 *
 * perm_unit_in: is unit or station `code` within it?  1 yes, 0 no, -1 error.
 * perm_division_in: does its jurisdiction (its stations') hold division
 * `division`?  1 yes, 0 no, -1 error (a division that does not exist is
 * ERR_NOT_FOUND "division.not_found" when confined).
 */
int perm_unit_in(struct db *db, const char *within, const char *code, struct err *e);
int perm_division_in(struct db *db, const char *within, const char *division, struct err *e);

/* The i-th resource the table names, NULL past the last (for the tests). */
const char *perm_resource(size_t i);

#endif
