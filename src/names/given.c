/*
 * given.c - given names and patronymics recognised through the table.
 *
 * On first use every form of every row of the table (Ukrainian, Russian,
 * listed Latin spellings, and the 2010 transliteration of the Ukrainian
 * form, which the canonical form does not always reach: Альона -> "Alona")
 * is put in its canonical form into a sorted array; so are the four
 * patronymics of male rows and the 2010 transliterations of the Ukrainian
 * ones.  A lookup canonicalises its input and binary-searches, so any
 * spelling that canonicalises like a table form is found in O(log n).
 * Rows of one sex that share a canonical form are united into one class
 * (union-find), so Анна and Ганна, Пилип and Філіп count as one name.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/names.h"
#include "names/given.h"
#include "names/names_int.h"
#include "core/banned.h"

static struct gn_index the_index;
static _Atomic(struct gn_index *) published;
static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;

static enum hw_err add(struct gn_list *l, struct hw_buf *arena, const char *form,
		       size_t row, unsigned char kind, unsigned char sex, struct hw_error *err)
{
	struct ntext t;
	char canon[4 * HW_NAME_MAX_BYTES + 2];
	size_t len = HW_NAME_NUL, n;
	enum hw_err rc;

	rc = nt_check(form, &len, err);
	if (!rc)
		rc = nt_prepare(form, len, NT_FOLD, &t, err);
	if (rc)
		return rc;
	n = nt_canon_text(&t, canon, sizeof(canon));
	if (!n)
		return HW_OK;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 512;
		struct gn_entry *e = hw_reallocarray(l->e, cap, sizeof(*e));

		if (!e)
			return hw_error_set(err, HW_NOMEM, NULL);
		l->e = e;
		l->cap = cap;
	}
	l->e[l->n].off = arena->len;
	l->e[l->n].row = (unsigned)row;
	l->e[l->n].kind = kind;
	l->e[l->n].sex = sex;
	l->n++;
	rc = hw_buf_add(arena, canon, n + 1);
	return rc ? hw_error_set(err, rc, NULL) : HW_OK;
}

/* Adds `form` and, when it differs in canonical form, its 2010 romanisation. */
static enum hw_err add_uk(struct gn_list *l, struct hw_buf *arena, const char *form,
			  size_t row, unsigned char sex, unsigned char translit_kind,
			  unsigned char kind, struct hw_error *err)
{
	struct hw_buf lat = HW_BUF_INIT;
	enum hw_err rc = add(l, arena, form, row, kind, sex, err);

	if (!rc)
		rc = hw_name_romanize_uk(form, HW_NAME_NUL, &lat, err);
	if (!rc)
		rc = add(l, arena, lat.data, row, translit_kind, sex, err);
	hw_buf_release(&lat);
	return rc;
}

static enum hw_err add_row(struct gn_index *x, size_t r, struct hw_error *err)
{
	const struct hw_given_name *g = &x->rows[r];
	unsigned char sex = (unsigned char)g->sex;
	enum hw_err rc;
	size_t i;

	rc = add_uk(&x->names, &x->arena, g->uk, r, sex, HW_FORM_TRANSLIT, HW_FORM_UK, err);
	for (i = 0; !rc && g->ru[i]; i++)
		rc = add(&x->names, &x->arena, g->ru[i], r, HW_FORM_RU, sex, err);
	for (i = 0; !rc && g->latin[i]; i++)
		rc = add(&x->names, &x->arena, g->latin[i], r, HW_FORM_LATIN, sex, err);
	if (rc || g->sex != HW_SEX_MALE)
		return rc;
	rc = add_uk(&x->patr, &x->arena, g->uk_patronymic_m, r, HW_SEX_MALE,
		    HW_FORM_TRANSLIT, HW_FORM_UK, err);
	if (!rc)
		rc = add_uk(&x->patr, &x->arena, g->uk_patronymic_f, r, HW_SEX_FEMALE,
			    HW_FORM_TRANSLIT, HW_FORM_UK, err);
	if (!rc)
		rc = add(&x->patr, &x->arena, g->ru_patronymic_m, r, HW_FORM_RU, HW_SEX_MALE, err);
	if (!rc)
		rc = add(&x->patr, &x->arena, g->ru_patronymic_f, r, HW_FORM_RU, HW_SEX_FEMALE, err);
	return rc;
}

/* qsort has no context argument: the arena being sorted against. */
static const char *sort_arena;

static int cmp_entry(const void *pa, const void *pb)
{
	const struct gn_entry *a = pa, *b = pb;
	int c = strcmp(sort_arena + a->off, sort_arena + b->off);

	if (c)
		return c;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return (int)a->kind - (int)b->kind;
}

static unsigned find_root(unsigned *parent, unsigned i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

/* Unites the rows of one sex that share a canonical name form. */
static void make_classes(struct gn_index *x)
{
	size_t i;

	for (i = 0; i < x->count; i++)
		x->class_of[i] = (unsigned)i;
	for (i = 1; i < x->names.n; i++) {
		const struct gn_entry *a = &x->names.e[i - 1], *b = &x->names.e[i];
		unsigned ra, rb;

		if (a->sex != b->sex || strcmp(x->arena.data + a->off, x->arena.data + b->off))
			continue;
		ra = find_root(x->class_of, a->row);
		rb = find_root(x->class_of, b->row);
		if (ra != rb)
			x->class_of[ra > rb ? ra : rb] = ra < rb ? ra : rb;
	}
	for (i = 0; i < x->count; i++)
		x->class_of[i] = find_root(x->class_of, (unsigned)i);
}

static void free_index(struct gn_index *x)
{
	hw_free(x->names.e);
	hw_free(x->patr.e);
	hw_free(x->class_of);
	hw_buf_release(&x->arena);
	memset(x, 0, sizeof(*x));
}

static enum hw_err build(struct gn_index *x, struct hw_error *err)
{
	struct hw_error local;
	enum hw_err rc = HW_OK;
	size_t r;

	memset(x, 0, sizeof(*x));
	hw_buf_init(&x->arena, 0);
	hw_error_clear(&local);
	x->rows = hw_given_names(&x->count, err ? err : &local);
	if (!x->rows)
		return err ? err->code : local.code;
	x->class_of = hw_calloc(x->count, sizeof(*x->class_of));
	if (!x->class_of)
		rc = hw_error_set(err, HW_NOMEM, NULL);
	for (r = 0; !rc && r < x->count; r++)
		rc = add_row(x, r, err);
	if (rc) {
		free_index(x);
		return rc;
	}
	sort_arena = x->arena.data;
	qsort(x->names.e, x->names.n, sizeof(*x->names.e), cmp_entry);
	qsort(x->patr.e, x->patr.n, sizeof(*x->patr.e), cmp_entry);
	make_classes(x);
	return HW_OK;
}

const struct gn_index *gn_index(struct hw_error *err)
{
	struct gn_index *x = atomic_load_explicit(&published, memory_order_acquire);

	if (x)
		return x;
	pthread_mutex_lock(&build_lock);
	x = atomic_load_explicit(&published, memory_order_relaxed);
	if (!x && build(&the_index, err) == HW_OK) {
		x = &the_index;
		atomic_store_explicit(&published, x, memory_order_release);
	}
	pthread_mutex_unlock(&build_lock);
	return x;
}

const char *gn_canon(const struct gn_index *x, const struct gn_entry *e)
{
	return x->arena.data + e->off;
}

size_t gn_lower_bound(const struct gn_index *x, const struct gn_list *l, const char *canon)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(gn_canon(x, &l->e[mid]), canon) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
