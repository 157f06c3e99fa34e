/*
 * perm.c - the roles and the one permission table (HW_PERM_MAP in
 * homeward/auth.h), and the questions asked of it.
 *
 * The table is read here and nowhere else: a front end asks
 * hw_role_can() or hw_auth_require() before it acts, whatever its own
 * interface shows or hides.
 */
#include <string.h>

#include "homeward/auth.h"
#include "core/banned.h"

/* The role columns of HW_PERM_MAP are in the order of HW_ROLE_MAP. */
_Static_assert(HW_ROLE_ADMIN == 0 && HW_ROLE_COORDINATOR == 1 && HW_ROLE_REGISTRAR == 2 &&
		       HW_ROLE_VERIFIER == 3 && HW_ROLE_MEDICAL == 4 && HW_ROLE_ANALYST == 5 &&
		       HW_ROLE__COUNT == 6,
	       "the role columns of HW_PERM_MAP follow HW_ROLE_MAP");

static const struct {
	const char *name;
	const char *what;
} roles[] = {
#define HW_ROLE_ROW_(e, name, what) { name, what },
	HW_ROLE_MAP(HW_ROLE_ROW_)
#undef HW_ROLE_ROW_
};

static const struct {
	const char *name;
	const char *what;
	unsigned char names, health;
	unsigned char can[HW_ROLE__COUNT];
} perms[] = {
#define HW_PERM_ROW_(e, name, n, h, ad, co, re, ve, me, an, what) \
	{ name, what, n, h, { ad, co, re, ve, me, an } },
	HW_PERM_MAP(HW_PERM_ROW_)
#undef HW_PERM_ROW_
};

static int role_ok(enum hw_role r)
{
	return (int)r >= 0 && r < HW_ROLE__COUNT;
}

static int perm_ok(enum hw_perm p)
{
	return (int)p >= 0 && p < HW_PERM__COUNT;
}

const char *hw_role_name(enum hw_role role)
{
	return role_ok(role) ? roles[role].name : NULL;
}

const char *hw_role_description(enum hw_role role)
{
	return role_ok(role) ? roles[role].what : NULL;
}

enum hw_err hw_role_parse(const char *s, enum hw_role *out, struct hw_error *err)
{
	int r;

	for (r = 0; s && r < HW_ROLE__COUNT; r++) {
		if (!strcmp(s, roles[r].name)) {
			*out = (enum hw_role)r;
			return HW_OK;
		}
	}
	return hw_error_set_field(err, HW_INVALID, "role",
				  "unknown role '%s' (allowed: admin, coordinator, registrar, "
				  "verifier, medical, analyst)", s ? s : "");
}

const char *hw_perm_name(enum hw_perm perm)
{
	return perm_ok(perm) ? perms[perm].name : NULL;
}

const char *hw_perm_description(enum hw_perm perm)
{
	return perm_ok(perm) ? perms[perm].what : NULL;
}

enum hw_err hw_perm_parse(const char *s, enum hw_perm *out, struct hw_error *err)
{
	int p;

	for (p = 0; s && p < HW_PERM__COUNT; p++) {
		if (!strcmp(s, perms[p].name)) {
			*out = (enum hw_perm)p;
			return HW_OK;
		}
	}
	return hw_error_set_field(err, HW_INVALID, "permission", "unknown permission '%s'",
				  s ? s : "");
}

int hw_perm_reveals_names(enum hw_perm perm)
{
	return perm_ok(perm) && perms[perm].names;
}

int hw_perm_reveals_health(enum hw_perm perm)
{
	return perm_ok(perm) && perms[perm].health;
}

int hw_role_can(enum hw_role role, enum hw_perm perm)
{
	return role_ok(role) && perm_ok(perm) && perms[perm].can[role];
}

enum hw_err hw_auth_require(enum hw_role role, enum hw_perm perm, struct hw_error *err)
{
	if (hw_role_can(role, perm))
		return HW_OK;
	return hw_error_set(err, HW_FORBIDDEN, "the role '%s' may not %s (%s)",
			    role_ok(role) ? roles[role].name : "?",
			    perm_ok(perm) ? perms[perm].what : "do this",
			    perm_ok(perm) ? perms[perm].name : "?");
}
