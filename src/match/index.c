/*
 * index.c - the candidate index: building it from the store, keeping it
 * current, and its memory.
 *
 * Every name record becomes an mx_name (parts analysed once per distinct
 * string, see parts.c).  These maps find candidates:
 *   key -> family forms: the keys of hw_name_keys() of every distinct
 *      canonical family name (a consonant skeleton and its one-deletion
 *      variants), so that a family name one or two edits away, in any
 *      spelling the canonical form bridges, is found by a few lookups;
 *      and, in a second map, the skeleton with two symbols deleted, for
 *      a family name whose two slips both hit the skeleton (match_int.h);
 *   family form -> name records;
 *   given-name class and birth year -> name records, for a family name
 *      too damaged for its keys.
 * A re-put person's old records stay in place marked dead (skipped by
 * every lookup), and the person points at the new ones.
 */
#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "match/match_int.h"
#include "core/banned.h"

int vec32_push(struct vec32 *v, uint32_t x)
{
	uint32_t *p;
	uint32_t cap;

	if (v->n == v->cap) {
		cap = v->cap ? v->cap * 2 : 4;
		if (!(p = hw_reallocarray(v->v, cap, sizeof(*p))))
			return -1;
		v->v = p;
		v->cap = cap;
	}
	v->v[v->n++] = x;
	return 0;
}

void vec32_release(struct vec32 *v)
{
	hw_free(v->v);
	memset(v, 0, sizeof(*v));
}

/* Makes arr (of `size`-byte elements, *cap of them) hold index i, zeroing
 * the new elements. */
static int ensure(void **arr, size_t *cap, size_t i, size_t size)
{
	size_t n = *cap ? *cap : 256;
	char *p;

	if (i < *cap)
		return 0;
	while (n <= i)
		n *= 2;
	if (!(p = hw_reallocarray(*arr, n, size)))
		return -1;
	memset(p + *cap * size, 0, (n - *cap) * size);
	*arr = p;
	*cap = n;
	return 0;
}

/* Adds how `form` begins to the prefixes of its class. */
static void add_initial(struct hw_match_index *ix, const char *form, unsigned class_id,
			struct hw_buf *b)
{
	struct mx_prefixes *px = &ix->class_prefixes[class_id];
	struct mx_part tmp;
	unsigned i;

	hw_buf_reset(b);
	if (!form || hw_name_canon(form, HW_NAME_NUL, b, NULL) != HW_OK || !b->len)
		return;
	mx_set_init(&tmp, b->data, b->len);
	for (i = 0; i < px->count; i++)
		if (!strcmp(px->p[i], tmp.init))
			return;
	if (px->count < MX_CLASS_PREFIXES)
		memcpy(px->p[px->count++], tmp.init, sizeof(tmp.init));
}

/*
 * The initials each name class may be written with, in every form the
 * table knows and its official transliteration: an initial on a list is
 * compared through them, so that Н. (Николай) agrees with Микола and Y.
 * (Yevhen) with Євген.
 */
static enum hw_err class_initials(struct hw_match_index *ix, struct hw_error *err)
{
	const struct hw_given_name *rows;
	struct hw_given_name_hit hit;
	struct hw_buf b = HW_BUF_INIT, latin = HW_BUF_INIT;
	size_t n, i, k;

	if (!(rows = hw_given_names(&n, err)))
		return err ? err->code : HW_INTERNAL;
	if (!(ix->class_prefixes = hw_calloc(n + 1, sizeof(*ix->class_prefixes))))
		return hw_error_set(err, HW_NOMEM, NULL);
	for (i = 0; i < n; i++) {
		if (hw_given_name_find(rows[i].uk, HW_NAME_NUL, rows[i].sex, &hit, NULL) ||
		    hit.class_id > n)
			continue;
		add_initial(ix, rows[i].uk, hit.class_id, &b);
		for (k = 0; k < HW_GIVEN_NAME_MAX_VARIANTS && rows[i].ru[k]; k++)
			add_initial(ix, rows[i].ru[k], hit.class_id, &b);
		for (k = 0; k < HW_GIVEN_NAME_MAX_VARIANTS && rows[i].latin[k]; k++)
			add_initial(ix, rows[i].latin[k], hit.class_id, &b);
		hw_buf_reset(&latin);
		if (hw_name_romanize_uk(rows[i].uk, HW_NAME_NUL, &latin, NULL) == HW_OK)
			add_initial(ix, latin.data, hit.class_id, &b);
	}
	hw_buf_release(&b);
	hw_buf_release(&latin);
	return HW_OK;
}

enum hw_err hw_match_index_new(struct hw_match_index **out, struct hw_error *err)
{
	struct hw_match_index *ix = hw_calloc(1, sizeof(*ix));
	size_t count = 0;

	*out = NULL;
	if (!ix)
		return hw_error_set(err, HW_NOMEM, NULL);
	pthread_rwlock_init(&ix->lock, NULL);
	intern_init(&ix->canons);
	intern_init(&ix->keys);
	intern_init(&ix->keys2);
	intern_init(&ix->units);
	intern_init(&ix->displays);
	intern_init(&ix->yearly);
	intern_init(&ix->memo_family.raw);
	intern_init(&ix->memo_given.raw);
	intern_init(&ix->memo_patronymic.raw);
	hw_buf_init(&ix->scratch, 0);
	if (!hw_given_names(&count, err)) {
		hw_match_index_free(ix);
		return err ? err->code : HW_INTERNAL;
	}
	ix->nclasses = count;
	ix->class_count = hw_calloc(count + 1, sizeof(uint32_t));
	ix->father_count = hw_calloc(count + 1, sizeof(uint32_t));
	if (!ix->class_count || !ix->father_count) {
		hw_match_index_free(ix);
		return hw_error_set(err, HW_NOMEM, NULL);
	}
	if (class_initials(ix, err)) {
		hw_match_index_free(ix);
		return err ? err->code : HW_NOMEM;
	}
	*out = ix;
	return HW_OK;
}

static void free_vecs(struct vec32 *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		vec32_release(&v[i]);
	hw_free(v);
}

void hw_match_index_free(struct hw_match_index *ix)
{
	if (!ix)
		return;
	free_vecs(ix->key_families, ix->key_families_cap);
	free_vecs(ix->key2_families, ix->key2_families_cap);
	free_vecs(ix->family_names, ix->family_cap);
	free_vecs(ix->yearly_names, ix->yearly_cap);
	hw_free(ix->class_count);
	hw_free(ix->class_prefixes);
	hw_free(ix->father_count);
	intern_release(&ix->canons);
	intern_release(&ix->keys);
	intern_release(&ix->keys2);
	intern_release(&ix->units);
	intern_release(&ix->displays);
	intern_release(&ix->yearly);
	intern_release(&ix->memo_family.raw);
	intern_release(&ix->memo_given.raw);
	intern_release(&ix->memo_patronymic.raw);
	hw_free(ix->memo_family.parts);
	hw_free(ix->memo_given.parts);
	hw_free(ix->memo_patronymic.parts);
	hw_free(ix->names);
	hw_free(ix->persons);
	hw_free(ix->id_slots);
	hw_buf_release(&ix->scratch);
	pthread_rwlock_destroy(&ix->lock);
	hw_free(ix);
}

/* Adds family form `family` to the families of key `k` of `map`. */
static int key_push(struct intern *map, struct vec32 **vecs, size_t *cap, const char *k,
		    uint32_t family)
{
	uint32_t id = intern_add(map, k, strlen(k), NULL);

	if (id == INTERN_NONE || ensure((void **)vecs, cap, id, sizeof(struct vec32)))
		return -1;
	return vec32_push(&(*vecs)[id], family);
}

/* A family form seen for the first time: its keys point at it. */
static enum hw_err index_family_keys(struct hw_match_index *ix, uint32_t family,
				     struct hw_error *err)
{
	const char *canon = intern_str(&ix->canons, family);
	size_t len = intern_len(&ix->canons, family), i;
	struct hw_name_keys keys;
	struct mx_keys2 keys2;

	mx_family_keys(canon, len, &keys);
	for (i = 0; i < keys.count; i++)
		if (key_push(&ix->keys, &ix->key_families, &ix->key_families_cap, keys.key[i],
			     family))
			return hw_error_set(err, HW_NOMEM, NULL);
	mx_family_keys2(canon, len, 0, &keys2);
	for (i = 0; i < keys2.count; i++)
		if (key_push(&ix->keys2, &ix->key2_families, &ix->key2_families_cap,
			     keys2.key[i], family))
			return hw_error_set(err, HW_NOMEM, NULL);
	return HW_OK;
}

static enum hw_err index_yearly(struct hw_match_index *ix, const struct mx_name *n,
				const struct mx_person *p, uint32_t name_id, struct hw_error *err)
{
	char key[32];
	uint32_t id;
	int len;

	if (n->given.class_id == NO_CLASS || !p->birth_date.year)
		return HW_OK;
	len = snprintf(key, sizeof(key), "%d/%d", (int)n->given.class_id, p->birth_date.year);
	id = intern_add(&ix->yearly, key, (size_t)len, NULL);
	if (id == INTERN_NONE ||
	    ensure((void **)&ix->yearly_names, &ix->yearly_cap, id, sizeof(struct vec32)) ||
	    vec32_push(&ix->yearly_names[id], name_id))
		return hw_error_set(err, HW_NOMEM, NULL);
	return HW_OK;
}

static enum hw_err set_display(struct hw_match_index *ix, const struct hw_name *raw,
			       struct mx_name *n, struct hw_error *err)
{
	hw_buf_reset(&ix->scratch);
	hw_buf_addf(&ix->scratch, "%s %s%s%s", raw->family, raw->given,
		    raw->patronymic ? " " : "", raw->patronymic ? raw->patronymic : "");
	n->display = intern_add(&ix->displays, ix->scratch.data, ix->scratch.len, NULL);
	return n->display == INTERN_NONE ? hw_error_set(err, HW_NOMEM, NULL) : HW_OK;
}

/* Adds one name record of person `pi`. */
static enum hw_err add_name(struct hw_match_index *ix, uint32_t pi, const struct hw_name *raw,
			    struct hw_error *err)
{
	struct mx_person *p = &ix->persons[pi];
	struct mx_part family;
	struct mx_name n;
	enum hw_err rc;
	uint32_t id;

	memset(&n, 0, sizeof(n));
	n.person = pi;
	n.alive = 1;
	if ((rc = mx_part_of(ix, &ix->memo_family, 'f', raw->family, HW_SEX_UNKNOWN, &family,
			     err)))
		return rc;
	n.family = family.canon;
	if ((rc = mx_part_of(ix, &ix->memo_given, 'g', raw->given, p->sex, &n.given, err)) ||
	    (rc = mx_part_of(ix, &ix->memo_patronymic, 'p', raw->patronymic, p->sex,
			     &n.patronymic, err)) ||
	    (rc = set_display(ix, raw, &n, err)))
		return rc;
	if (ensure((void **)&ix->names, &ix->names_cap, ix->nnames, sizeof(n)))
		return hw_error_set(err, HW_NOMEM, NULL);
	id = (uint32_t)ix->nnames;
	ix->names[ix->nnames++] = n;
	ix->live_names++;
	if (n.given.class_id != NO_CLASS)
		ix->class_count[n.given.class_id]++;
	if (n.patronymic.class_id != NO_CLASS)
		ix->father_count[n.patronymic.class_id]++;
	if (n.family == INTERN_NONE)
		return HW_OK;
	if (ensure((void **)&ix->family_names, &ix->family_cap, n.family, sizeof(struct vec32)))
		return hw_error_set(err, HW_NOMEM, NULL);
	if (ix->family_names[n.family].n == 0 && (rc = index_family_keys(ix, n.family, err)))
		return rc;
	if (vec32_push(&ix->family_names[n.family], id))
		return hw_error_set(err, HW_NOMEM, NULL);
	return index_yearly(ix, &n, p, id, err);
}

/* ---- persons by id: open addressing over (id, index + 1) ------------- */

static size_t id_hash(int64_t id, size_t mask)
{
	return (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15ULL) >> 17) & mask;
}

static int id_rehash(struct hw_match_index *ix)
{
	size_t n = ix->nid_slots ? ix->nid_slots * 2 : 4096, i, j;
	struct mx_id_slot *slots = hw_calloc(n, sizeof(*slots));

	if (!slots)
		return -1;
	for (i = 0; i < ix->nid_slots; i++) {
		if (!ix->id_slots[i].index)
			continue;
		for (j = id_hash(ix->id_slots[i].id, n - 1); slots[j].index; j = (j + 1) & (n - 1))
			;
		slots[j] = ix->id_slots[i];
	}
	hw_free(ix->id_slots);
	ix->id_slots = slots;
	ix->nid_slots = n;
	return 0;
}

static struct mx_id_slot *id_slot(const struct hw_match_index *ix, int64_t id)
{
	size_t mask = ix->nid_slots - 1, i;

	if (!ix->nid_slots)
		return NULL;
	for (i = id_hash(id, mask); ix->id_slots[i].index; i = (i + 1) & mask)
		if (ix->id_slots[i].id == id)
			return &ix->id_slots[i];
	return &ix->id_slots[i];
}

/* The index of person `id`, added when new. */
static enum hw_err person_slot(struct hw_match_index *ix, int64_t id, uint32_t *pi,
			       struct hw_error *err)
{
	struct mx_id_slot *s;

	if ((ix->npersons + 1) * 2 > ix->nid_slots && id_rehash(ix))
		return hw_error_set(err, HW_NOMEM, NULL);
	s = id_slot(ix, id);
	if (s->index) {
		*pi = s->index - 1;
		return HW_OK;
	}
	if (ensure((void **)&ix->persons, &ix->persons_cap, ix->npersons,
		   sizeof(struct mx_person)))
		return hw_error_set(err, HW_NOMEM, NULL);
	*pi = (uint32_t)ix->npersons++;
	s->id = id;
	s->index = *pi + 1;
	ix->persons[*pi].id = id;
	return HW_OK;
}

/* Marks the current name records of person `pi` dead. */
static void bury_names(struct hw_match_index *ix, struct mx_person *p)
{
	uint32_t i;

	for (i = 0; i < p->nnames; i++) {
		struct mx_name *n = &ix->names[p->first_name + i];

		if (!n->alive)
			continue;
		n->alive = 0;
		ix->live_names--;
		if (n->given.class_id != NO_CLASS)
			ix->class_count[n->given.class_id]--;
		if (n->patronymic.class_id != NO_CLASS)
			ix->father_count[n->patronymic.class_id]--;
	}
	p->nnames = 0;
}

static enum hw_err set_person(struct hw_match_index *ix, uint32_t pi, enum hw_sex sex,
			      const struct hw_date *birth, const char *unit, enum hw_status status,
			      enum hw_custody held_by, struct hw_error *err)
{
	struct mx_person *p = &ix->persons[pi];
	char key[32];

	p->sex = (uint8_t)sex;
	p->birth_date = *birth;
	p->status = (uint8_t)status;
	p->held_by = (uint8_t)held_by;
	p->unit = INTERN_NONE;
	if (mx_unit_key(unit, key)) {
		p->unit = intern_add(&ix->units, key, strlen(key), NULL);
		if (p->unit == INTERN_NONE)
			return hw_error_set(err, HW_NOMEM, NULL);
	}
	return HW_OK;
}

static enum hw_err put_locked(struct hw_match_index *ix, const struct hw_person *p,
			      struct hw_error *err)
{
	struct mx_person *mp;
	enum hw_err rc;
	uint32_t pi;
	size_t i;

	if ((rc = person_slot(ix, p->id, &pi, err)))
		return rc;
	bury_names(ix, &ix->persons[pi]);
	if ((rc = set_person(ix, pi, p->sex, &p->birth_date, p->unit, p->status, p->held_by,
			     err)))
		return rc;
	ix->persons[pi].first_name = (uint32_t)ix->nnames;
	for (i = 0; i < p->nnames && i < UINT16_MAX; i++) {
		if ((rc = add_name(ix, pi, &p->names[i], err)))
			return rc;
		mp = &ix->persons[pi];
		mp->nnames++;
	}
	return HW_OK;
}

enum hw_err hw_match_index_put(struct hw_match_index *ix, const struct hw_person *p,
			       struct hw_error *err)
{
	enum hw_err rc;

	pthread_rwlock_wrlock(&ix->lock);
	rc = put_locked(ix, p, err);
	pthread_rwlock_unlock(&ix->lock);
	return rc;
}

enum hw_err hw_match_index_sync(struct hw_match_index *ix, struct hw_store *st,
				struct hw_error *err)
{
	struct hw_person p;
	int64_t *ids = NULL;
	size_t n = 0, i;
	enum hw_err rc;

	if ((rc = hw_store_take_changed(st, &ids, &n, err)))
		return rc;
	hw_person_init(&p);
	for (i = 0; !rc && i < n; i++) {
		rc = hw_store_person_get(st, ids[i], &p, err);
		if (!rc)
			rc = hw_match_index_put(ix, &p, err);
	}
	hw_person_release(&p);
	hw_free(ids);
	return rc;
}

/* ---- building from the store ------------------------------------------ */

struct build_ctx {
	struct hw_match_index *ix;
	int64_t last_id;
	uint32_t pi;
	enum hw_err rc;
	struct hw_error *err;
};

static int build_row(void *ctx, const struct hw_name_row *row)
{
	struct build_ctx *b = ctx;
	struct hw_match_index *ix = b->ix;

	if (row->person_id != b->last_id) {
		if ((b->rc = person_slot(ix, row->person_id, &b->pi, b->err)) ||
		    (b->rc = set_person(ix, b->pi, row->sex, &row->birth_date, row->unit,
					row->status, row->held_by, b->err)))
			return 1;
		ix->persons[b->pi].first_name = (uint32_t)ix->nnames;
		b->last_id = row->person_id;
	}
	if ((b->rc = add_name(ix, b->pi, row->name, b->err)))
		return 1;
	ix->persons[b->pi].nnames++;
	return 0;
}

enum hw_err hw_match_index_build(struct hw_match_index **out, struct hw_store *st,
				 struct hw_error *err)
{
	struct build_ctx b = { NULL, 0, 0, HW_OK, err };
	enum hw_err rc;

	if ((rc = hw_match_index_new(&b.ix, err)))
		return rc;
	rc = hw_store_name_each(st, build_row, &b, err);
	if (!rc)
		rc = b.rc;
	if (rc) {
		hw_match_index_free(b.ix);
		return rc;
	}
	*out = b.ix;
	return HW_OK;
}

void hw_match_index_stats(struct hw_match_index *ix, struct hw_match_stats *out)
{
	size_t bytes, i;

	pthread_rwlock_rdlock(&ix->lock);
	out->persons = ix->npersons;
	out->names = ix->live_names;
	out->distinct_family_names = 0;
	for (i = 0; i < ix->family_cap && i < ix->canons.count; i++)
		out->distinct_family_names += ix->family_names[i].n > 0;
	out->keys = ix->keys.count;
	bytes = sizeof(*ix) + ix->canons.bytes + ix->keys.bytes + ix->keys2.bytes +
		ix->units.bytes + ix->displays.bytes + ix->yearly.bytes +
		ix->memo_family.raw.bytes + ix->memo_given.raw.bytes + ix->memo_patronymic.raw.bytes;
	bytes += ix->names_cap * sizeof(struct mx_name) + ix->persons_cap * sizeof(struct mx_person);
	bytes += ix->nid_slots * sizeof(struct mx_id_slot);
	for (i = 0; i < ix->key_families_cap; i++)
		bytes += sizeof(struct vec32) + ix->key_families[i].cap * 4;
	for (i = 0; i < ix->key2_families_cap; i++)
		bytes += sizeof(struct vec32) + ix->key2_families[i].cap * 4;
	for (i = 0; i < ix->family_cap; i++)
		bytes += sizeof(struct vec32) + ix->family_names[i].cap * 4;
	for (i = 0; i < ix->yearly_cap; i++)
		bytes += sizeof(struct vec32) + ix->yearly_names[i].cap * 4;
	out->bytes = bytes;
	pthread_rwlock_unlock(&ix->lock);
}
