/*
 * propose.c - ranking the people to put forward for an exchange.
 *
 * The priority is a list of rules applied in turn, each putting the
 * persons who meet it before those who do not (a lexicographic order):
 * by default the seriously ill and the wounded and disabled first (GC III
 * Art. 109-110: the seriously sick and wounded are to be repatriated
 * directly), then civilians (GC IV: civilians are not to be held), then
 * the longest in captivity; ties go to the lower registry id, so the
 * order is the same on every run.  `oldest` and `longest` are orders, not
 * groups: they sort by birth date and capture date, unknown dates last.
 */
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/buf.h"
#include "homeward/exchange.h"
#include "core/banned.h"

enum hw_err hw_priority_parse(const char *text, struct hw_priority *out, struct hw_error *err)
{
	char word[64], allowed[256];
	const char *p = text, *end;
	size_t n;
	int v, i;

	memset(out, 0, sizeof(*out));
	if (!text)
		text = p = HW_PRIORITY_DEFAULT;
	if (!*text)
		return hw_error_set_field(err, HW_INVALID, "priority",
					  "no rule given (the default is " HW_PRIORITY_DEFAULT ")");
	while (*p) {
		end = strchr(p, ',');
		n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || n >= sizeof(word))
			return hw_error_set_field(err, HW_INVALID, "priority",
						  "empty or overlong rule in '%s'", text);
		memcpy(word, p, n);
		word[n] = '\0';
		if (hw_vocab_parse(&hw_vocab_priority, word, &v, NULL)) {
			hw_vocab_list_codes(&hw_vocab_priority, allowed, sizeof(allowed));
			return hw_error_set_field(err, HW_INVALID, "priority",
						  "unknown rule '%s' (rules: %s)", word, allowed);
		}
		for (i = 0; i < out->nrules; i++)
			if (out->rules[i] == (enum hw_priority_rule)v)
				return hw_error_set_field(err, HW_INVALID, "priority",
							  "rule '%s' given twice", word);
		if (out->nrules == HW_PRIORITY_MAX)
			return hw_error_set_field(err, HW_INVALID, "priority",
						  "at most %d rules", HW_PRIORITY_MAX);
		out->rules[out->nrules++] = (enum hw_priority_rule)v;
		p += n;
		if (*p == ',')
			p++;
	}
	return HW_OK;
}

struct cand {
	int64_t id;
	unsigned health;
	enum hw_category category;
	enum hw_sex sex;
	struct hw_date birth, captured;
	long key[HW_PRIORITY_MAX]; /* the rules' order: smaller first */
};

struct pool {
	struct cand *v;
	size_t n, cap;
	int failed;
};

static int collect(void *ctx, const struct hw_propose_row *r)
{
	struct pool *p = ctx;
	struct cand *v;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024;

		if (!(v = hw_reallocarray(p->v, cap, sizeof(*v)))) {
			p->failed = 1;
			return 1;
		}
		p->v = v;
		p->cap = cap;
	}
	v = &p->v[p->n++];
	v->id = r->person_id;
	v->health = r->health;
	v->category = r->category;
	v->sex = r->sex;
	v->birth = r->birth_date;
	v->captured = r->captured_on;
	return 0;
}

/* 1 when `c` meets group rule `r` (orders meet none). */
static int meets(const struct cand *c, enum hw_priority_rule r)
{
	switch (r) {
	case HW_PRIORITY_SERIOUSLY_ILL:
		return !!(c->health & HW_HEALTH_SERIOUSLY_ILL);
	case HW_PRIORITY_WOUNDED:
		return !!(c->health & HW_HEALTH_WOUNDED);
	case HW_PRIORITY_DISABILITY:
		return !!(c->health & HW_HEALTH_DISABILITY);
	case HW_PRIORITY_CIVILIAN:
		return c->category == HW_CATEGORY_CIVILIAN;
	case HW_PRIORITY_WOMAN:
		return c->sex == HW_SEX_FEMALE;
	default:
		return 0;
	}
}

/* A date as a sort key: earlier known dates first, unknown last. */
static long date_key(const struct hw_date *d)
{
	if (!hw_date_is_known(d))
		return 99999999L;
	return d->year * 10000L + d->month * 100L + d->day;
}

/* Fills c->key from the rules, so that sorting needs no shared state. */
static void make_key(struct cand *c, const struct hw_priority *prio)
{
	int i;

	for (i = 0; i < prio->nrules; i++) {
		enum hw_priority_rule r = prio->rules[i];

		if (r == HW_PRIORITY_LONGEST)
			c->key[i] = date_key(&c->captured);
		else if (r == HW_PRIORITY_OLDEST)
			c->key[i] = date_key(&c->birth);
		else
			c->key[i] = !meets(c, r);
	}
	for (; i < HW_PRIORITY_MAX; i++)
		c->key[i] = 0;
}

static int by_priority(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	int i;

	for (i = 0; i < HW_PRIORITY_MAX; i++)
		if (a->key[i] != b->key[i])
			return a->key[i] < b->key[i] ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* "1,120": a count with thousands separated, into out[32]. */
static const char *thousands(long n, char out[32])
{
	char digits[24];
	int len, i, j = 0;

	len = snprintf(digits, sizeof(digits), "%ld", n < 0 ? -n : n);
	if (n < 0)
		out[j++] = '-';
	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[j++] = ',';
		out[j++] = digits[i];
	}
	out[j] = '\0';
	return out;
}

static void explain(const struct cand *c, const struct hw_priority *prio,
		    const struct hw_date *today, struct hw_proposal *out)
{
	struct hw_buf b = HW_BUF_INIT;
	char d[HW_DATE_STR_MAX], num[32];
	int i;

	out->days_captive = hw_date_is_known(&c->captured)
				    ? hw_date_days_between(&c->captured, today) : -1;
	for (i = 0; i < prio->nrules; i++) {
		enum hw_priority_rule r = prio->rules[i];

		if (r == HW_PRIORITY_LONGEST) {
			if (out->days_captive >= 0)
				hw_buf_addf(&b, "%s%s days in captivity", b.len ? "; " : "",
					    thousands(out->days_captive, num));
			else
				hw_buf_addf(&b, "%scapture date not known", b.len ? "; " : "");
		} else if (r == HW_PRIORITY_OLDEST) {
			hw_date_format(&c->birth, d);
			hw_buf_addf(&b, "%sborn %s", b.len ? "; " : "", d[0] ? d : "(not known)");
		} else if (meets(c, r)) {
			hw_buf_addf(&b, "%s%s", b.len ? "; " : "",
				    hw_vocab_label_en(&hw_vocab_priority, r));
		}
	}
	snprintf(out->why, sizeof(out->why), "%s", b.data ? b.data : "no priority rule applies");
	hw_buf_release(&b);
}

enum hw_err hw_exchange_propose(struct hw_store *st, int64_t exchange_id,
				enum hw_custody held_by, size_t count,
				const struct hw_priority *prio, const struct hw_date *today,
				hw_proposal_cb cb, void *ctx, struct hw_error *err)
{
	struct hw_exchange x;
	struct hw_proposal p;
	struct pool pool = { NULL, 0, 0, 0 };
	enum hw_err rc;
	size_t i;

	hw_exchange_init(&x);
	if ((rc = hw_store_exchange_get(st, exchange_id, &x, err)))
		return rc;
	if (x.state == HW_XSTATE_COMPLETED || x.state == HW_XSTATE_CANCELLED)
		rc = hw_error_set(err, HW_REFUSED, "the agreement is %s: nobody can be proposed",
				  hw_vocab_code(&hw_vocab_xstate, x.state));
	hw_exchange_release(&x);
	if (rc)
		return rc;
	if (count == 0 || count > 100000)
		return hw_error_set_field(err, HW_INVALID, "count", "must be 1 to 100000");
	if ((rc = hw_store_propose_each(st, held_by, collect, &pool, err)))
		goto out;
	if (pool.failed) {
		rc = hw_error_set(err, HW_NOMEM, NULL);
		goto out;
	}
	for (i = 0; i < pool.n; i++)
		make_key(&pool.v[i], prio);
	qsort(pool.v, pool.n, sizeof(*pool.v), by_priority);
	for (i = 0; i < pool.n && i < count; i++) {
		memset(&p, 0, sizeof(p));
		p.person_id = pool.v[i].id;
		p.rank = (int)i + 1;
		explain(&pool.v[i], prio, today, &p);
		if (cb(ctx, &p))
			break;
	}
out:
	hw_free(pool.v);
	return rc;
}
