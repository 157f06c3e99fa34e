/*
 * parts.c - a name part made comparable: canonical form, the given-name
 * class it belongs to (for a patronymic, the father's), an initial.  The
 * index analyses each distinct raw string once (a memo keyed by the raw
 * bytes), which is what makes building the index of a million persons
 * fast: they share a few thousand surnames and a few hundred given names.
 */
#include <string.h>

#include "homeward/alloc.h"
#include "match/match_int.h"
#include "core/banned.h"

/* 1 when `raw` is one letter, with or without a dot ("О." "O"). */
static int is_initial(const char *raw)
{
	size_t n = strlen(raw), first;
	unsigned char c = (unsigned char)raw[0];

	while (n && (raw[n - 1] == '.' || raw[n - 1] == ' '))
		n--;
	if (!n)
		return 0;
	first = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
	return n == first;
}

static void classify(int kind, const char *raw, enum hw_sex sex, struct mx_part *out)
{
	struct hw_given_name_hit g;
	struct hw_patronymic_hit p;

	out->class_id = NO_CLASS;
	out->sex = HW_SEX_UNKNOWN;
	if (out->is_initial)
		return;
	if (kind == 'g' && hw_given_name_find(raw, HW_NAME_NUL, sex, &g, NULL) == HW_OK) {
		out->class_id = (int32_t)g.class_id;
		out->sex = g.row->sex;
	} else if (kind == 'p' && hw_patronymic_parse(raw, HW_NAME_NUL, &p, NULL) == HW_OK) {
		out->class_id = p.father ? (int32_t)p.class_id : NO_CLASS;
		out->sex = p.sex;
	}
}

void mx_set_init(struct mx_part *p, const char *canon, size_t len)
{
	size_t n = len < 2 ? len : 2;

	/* an initial "я" is the whole "ia"; a full name keeps its first two symbols */
	memcpy(p->init, canon, n);
	p->init[n] = '\0';
}

int mx_initial_fits(const char *initial, const char *prefix)
{
	size_t n = strlen(initial);

	return n && !strncmp(initial, prefix, n);
}

/* Fills everything but out->canon from `raw` and its canonical form. */
static enum hw_err analyse(int kind, const char *raw, enum hw_sex sex, struct hw_buf *canon,
			   struct mx_part *out, struct hw_error *err)
{
	enum hw_err rc;

	memset(out, 0, sizeof(*out));
	out->canon = INTERN_NONE;
	out->class_id = NO_CLASS;
	hw_buf_reset(canon);
	if (!raw || !*raw)
		return HW_OK;
	if ((rc = hw_name_canon(raw, HW_NAME_NUL, canon, err)))
		return rc;
	out->is_initial = kind != 'f' && is_initial(raw);
	mx_set_init(out, canon->data, canon->len);
	if (kind != 'f')
		classify(kind, raw, sex, out);
	return HW_OK;
}

enum hw_err mx_part_query(const struct hw_match_index *ix, int kind, const char *raw,
			  enum hw_sex sex, struct hw_buf *canon, struct mx_part *out,
			  struct hw_error *err)
{
	enum hw_err rc = analyse(kind, raw, sex, canon, out, err);

	if (!rc && canon->len)
		out->canon = intern_find(&ix->canons, canon->data, canon->len);
	return rc;
}

static int memo_grow(struct mx_memo *m, size_t need)
{
	size_t cap = m->cap ? m->cap * 2 : 1024;
	struct mx_part *parts;

	while (cap < need)
		cap *= 2;
	if (!(parts = hw_reallocarray(m->parts, cap, sizeof(*parts))))
		return -1;
	m->parts = parts;
	m->cap = cap;
	return 0;
}

enum hw_err mx_part_of(struct hw_match_index *ix, struct mx_memo *memo, int kind,
		       const char *raw, enum hw_sex sex, struct mx_part *out,
		       struct hw_error *err)
{
	uint32_t id;
	int added;
	enum hw_err rc;

	if (!raw || !*raw) {
		memset(out, 0, sizeof(*out));
		out->canon = INTERN_NONE;
		out->class_id = NO_CLASS;
		return HW_OK;
	}
	/* the sex decides between Іван and Іванна-like rows: memoise per sex */
	hw_buf_reset(&ix->scratch);
	hw_buf_addch(&ix->scratch, (char)('0' + sex));
	hw_buf_addstr(&ix->scratch, raw);
	id = intern_add(&memo->raw, ix->scratch.data, ix->scratch.len, &added);
	if (id == INTERN_NONE || (id >= memo->cap && memo_grow(memo, (size_t)id + 1)))
		return hw_error_set(err, HW_NOMEM, NULL);
	if (!added) {
		*out = memo->parts[id];
		return HW_OK;
	}
	if ((rc = analyse(kind, raw, sex, &ix->scratch, out, err))) {
		/* an unreadable stored name: kept, but it cannot match */
		memset(out, 0, sizeof(*out));
		out->canon = INTERN_NONE;
		out->class_id = NO_CLASS;
	} else if (ix->scratch.len) {
		out->canon = intern_add(&ix->canons, ix->scratch.data, ix->scratch.len, NULL);
		if (out->canon == INTERN_NONE)
			return hw_error_set(err, HW_NOMEM, NULL);
	}
	memo->parts[id] = *out;
	return HW_OK;
}

int mx_unit_key(const char *unit, char out[32])
{
	const unsigned char *s = (const unsigned char *)unit;
	size_t n = 0, i;
	int letter = 0;

	if (!unit)
		return 0;
	for (i = 0; s[i] && !(s[i] >= '0' && s[i] <= '9'); i++) {
		/* the letter right before the number: А (Cyrillic) or A */
		if (s[i] == 'A' || s[i] == 'a')
			letter = 'A';
		else if (s[i] == 0xD0 && (s[i + 1] == 0x90 || s[i + 1] == 0xB0))
			letter = 'A';
		else if (s[i] == '-' && letter && s[i + 1] >= '0' && s[i + 1] <= '9')
			; /* "А-1234": the hyphen between letter and number */
		else if (s[i] != 0xD0 && s[i] != 0x90 && s[i] != 0xB0)
			letter = 0; /* another letter, a space, a slash */
	}
	if (letter)
		out[n++] = (char)letter;
	for (; s[i] && n < 31; i++)
		if (s[i] >= '0' && s[i] <= '9')
			out[n++] = (char)s[i];
	out[n] = '\0';
	return n > (letter ? 1u : 0u);
}

static int have_key(const struct hw_name_keys *keys, const char *k)
{
	size_t i;

	for (i = 0; i < keys->count; i++)
		if (!strcmp(keys->key[i], k))
			return 1;
	return 0;
}

void mx_family_keys(const char *canon, size_t len, struct hw_name_keys *keys)
{
	char k0[HW_NAME_KEY_MAX];
	size_t n, i;

	hw_name_keys(canon, len, keys);
	if (keys->count != 1 || (n = strlen(keys->key[0])) < 3)
		return;
	memcpy(k0, keys->key[0], n + 1);
	for (i = 0; i < n && keys->count < HW_NAME_KEYS_MAX; i++) {
		char *k = keys->key[keys->count];

		memcpy(k, k0, i);
		memcpy(k + i, k0 + i + 1, n - i);
		if (!have_key(keys, k))
			keys->count++;
	}
}

/* Adds `k` to `keys` unless it is there (or they are full). */
static void add_key2(struct mx_keys2 *keys, const char *k)
{
	size_t i;

	for (i = 0; i < keys->count; i++)
		if (!strcmp(keys->key[i], k))
			return;
	if (keys->count < MX_KEYS2_MAX)
		memcpy(keys->key[keys->count++], k, strlen(k) + 1);
}

void mx_family_keys2(const char *canon, size_t len, int query, struct mx_keys2 *keys)
{
	struct hw_name_keys base;
	char k0[HW_NAME_KEY_MAX], k[HW_NAME_KEY_MAX];
	size_t n, i, j, o, min = query ? MX_KEY2_QUERY_MIN : MX_KEY2_MIN;

	keys->count = 0;
	hw_name_keys(canon, len, &base);
	if (!base.count || (n = strlen(base.key[0])) > MX_KEY2_FRAME_MAX)
		return;
	memcpy(k0, base.key[0], n + 1);
	if (query) {
		add_key2(keys, k0);
		for (i = 0; i < n && n - 1 >= min; i++) {
			memcpy(k, k0, i);
			memcpy(k + i, k0 + i + 1, n - i);
			add_key2(keys, k);
		}
	}
	if (n < min + 2)
		return;
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			for (o = 0; o < i; o++)
				k[o] = k0[o];
			for (o = i + 1; o < j; o++)
				k[o - 1] = k0[o];
			memcpy(k + j - 1, k0 + j + 1, n - j);
			add_key2(keys, k);
		}
	}
}
