/*
 * summary.c - the plain-language summary of a report, in English and in
 * Ukrainian, the way the office announces an exchange:
 *
 *   The 52nd exchange, "31 May 2024", 31 May 2024. Mediator: United Arab
 *   Emirates. 75 people are home: 71 military and 4 civilians; 5 women
 *   and 70 men. Of the military, 6 officers and 65 privates and
 *   sergeants. By service: Armed Forces of Ukraine 37 (of them Navy 13,
 *   Air Force 2), ...
 *
 * Sentences whose figures are all zero are left out.  Ukrainian lists
 * of figures use the announcements' "label — number" form, which needs no
 * agreement; counted nouns take their plural form from words.c.
 */
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "homeward/alloc.h"
#include "report/report_int.h"
#include "core/banned.h"

struct say {
	const struct hw_report *r;
	struct hw_buf b;
	int uk;
	enum hw_err rc;
};

static void put(struct say *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct say *s, const char *fmt, ...)
{
	va_list ap;

	if (s->rc)
		return;
	va_start(ap, fmt);
	s->rc = hw_buf_vaddf(&s->b, fmt, ap);
	va_end(ap);
}

static void num(struct say *s, long n)
{
	if (!s->rc)
		s->rc = report_num(&s->b, n, s->uk ? HW_REPORT_UK : HW_REPORT_EN);
}

static void date(struct say *s, const struct hw_date *d)
{
	if (!s->rc)
		s->rc = report_date(&s->b, d, s->uk ? HW_REPORT_UK : HW_REPORT_EN);
}

/* en: "N {one|other}"; uk: "N {one|few|many}" */
static void counted(struct say *s, long n, const char *en1, const char *en, const char *uk1,
		    const char *uk2, const char *uk5)
{
	if (s->rc)
		return;
	s->rc = s->uk ? report_count_uk(&s->b, n, uk1, uk2, uk5)
		      : report_count_en(&s->b, n, en1, en);
}

/* "1 person is home" / "повернулася 1 особа" and their plurals */
static void came_home(struct say *s, long n, const char *en1, const char *en)
{
	if (s->uk) {
		put(s, "%s ", report_uk_form(n) == UK_ONE ? "повернулася" : "повернулися");
		counted(s, n, "", "", "особа", "особи", "осіб");
	} else {
		num(s, n);
		put(s, " %s", n == 1 ? en1 : en);
	}
}

static long get(const struct say *s, enum report_sec sec, const char *key)
{
	long n = report_get(s->r, sec, key);

	return n < 0 ? 0 : n;
}

/* Joins the parts written since each offset in `at` (which end at the
 * buffer's end) with ", " and a final " and " / " і ". */
struct parts {
	size_t at[16];
	size_t n;
};

static void part(struct say *s, struct parts *p)
{
	if (!s->rc && p->n < sizeof(p->at) / sizeof(p->at[0]))
		p->at[p->n++] = s->b.len;
}

static void join_as(struct say *s, const struct parts *p, size_t start, int commas)
{
	char *items[16] = { NULL };
	size_t i, end;

	for (i = 0; !s->rc && i < p->n; i++) {
		end = i + 1 < p->n ? p->at[i + 1] : s->b.len;
		if (!(items[i] = hw_strndup(s->b.data + p->at[i], end - p->at[i])))
			s->rc = HW_NOMEM;
	}
	if (!s->rc && p->n) {
		hw_buf_truncate(&s->b, start);
		for (i = 0; commas && !s->rc && i < p->n; i++)
			put(s, "%s%s", i ? ", " : "", items[i]);
		if (!commas)
			s->rc = report_join(&s->b, items, p->n,
					    s->uk ? HW_REPORT_UK : HW_REPORT_EN);
	}
	for (i = 0; i < p->n; i++)
		hw_free(items[i]);
}

static void join(struct say *s, const struct parts *p, size_t start)
{
	join_as(s, p, start, 0);
}

/*
 * One item of a list of figures: en "6 officers" (or "Navy 13" when
 * `en1` is NULL: `en` is then a label), uk "офіцерів — 6".  Nothing for 0.
 */
static void item(struct say *s, struct parts *p, long n, const char *en1, const char *en,
		 const char *uk)
{
	if (!n)
		return;
	part(s, p);
	if (s->uk || !en1) {
		put(s, s->uk ? "%s — " : "%s ", s->uk ? uk : en);
		num(s, n);
	} else {
		counted(s, n, en1, en, "", "", "");
	}
}

/* Ends a list of items: Ukrainian "label — number" lists take commas only. */
static void items_end(struct say *s, const struct parts *p, size_t start)
{
	join_as(s, p, start, s->uk);
}

/* ---- the sentences ---------------------------------------------------- */

static void mediators(struct say *s)
{
	const char *m = s->r->mediators, *sep;

	if (!m || !*m)
		return;
	if (s->uk)
		put(s, " %s: ", strchr(m, ';') ? "Посередники" : "Посередник");
	else
		put(s, " %s: ", strchr(m, ';') ? "Mediators" : "Mediator");
	while ((sep = strchr(m, ';'))) {
		put(s, "%.*s, ", (int)(sep - m), m);
		for (m = sep + 1; *m == ' '; m++)
			;
	}
	put(s, "%s.", m);
}

static void dates(struct say *s)
{
	const struct hw_report *r = s->r;

	if (!hw_date_is_known(&r->from))
		return;
	put(s, ", ");
	if (!hw_date_cmp(&r->from, &r->to)) {
		date(s, &r->from);
		return;
	}
	put(s, "%s", s->uk ? "з " : "from ");
	date(s, &r->from);
	put(s, "%s", s->uk ? " по " : " to ");
	date(s, &r->to);
}

/* The end of a period: a day, or "the end of" a month or a year. */
static void end_date(struct say *s, const struct hw_date *d, const char *uk_end)
{
	if (!d->day)
		put(s, "%s", s->uk ? uk_end : "the end of ");
	date(s, d);
}

static void period(struct say *s)
{
	const struct hw_report *r = s->r;
	int from = hw_date_is_known(&r->from), to = hw_date_is_known(&r->to);

	put(s, "%s", s->uk ? (from || to ? "Обміни" : "Усі обміни")
			   : (from || to ? "Exchanges" : "All exchanges"));
	if (from) {
		put(s, "%s", s->uk ? " з " : " from ");
		date(s, &r->from);
	}
	if (to && s->uk && from && r->to.day) {
		put(s, " по ");
		date(s, &r->to);
	} else if (to && s->uk) {
		put(s, " до ");
		end_date(s, &r->to, "кінця ");
		if (r->to.day)
			put(s, " включно");
	} else if (to) {
		put(s, "%s", from ? " to " : " up to ");
		end_date(s, &r->to, "");
	}
	put(s, ".");
}

/* 1 when the agreement's name is its number ("52nd exchange"), which the
 * summary says anyway. */
static int named_by_number(const struct hw_report *r)
{
	struct hw_buf b = HW_BUF_INIT;
	int same;

	if (report_ordinal(&b, r->national_number, HW_REPORT_EN))
		return 0;
	same = r->name && !strncasecmp(r->name, b.data, b.len) &&
	       (!r->name[b.len] || r->name[b.len] == ' ');
	hw_buf_release(&b);
	return same;
}

static void header(struct say *s)
{
	const struct hw_report *r = s->r;

	if (!r->has_exchange) {
		period(s);
		return;
	}
	if (r->national_number) {
		if (!s->uk)
			put(s, "The ");
		if (!s->rc)
			s->rc = report_ordinal(&s->b, r->national_number,
					       s->uk ? HW_REPORT_UK : HW_REPORT_EN);
		put(s, "%s", s->uk ? " обмін" : " exchange");
		if (!named_by_number(r))
			put(s, s->uk ? ", «%s»" : ", “%s”", r->name);
	} else {
		put(s, s->uk ? "Обмін «%s»" : "Exchange “%s”", r->name);
	}
	if (r->stage && r->nstages > 1)
		put(s, s->uk ? ", етап %d" : ", stage %d", r->stage->number);
	if (!r->stage && r->nstages > 1) {
		put(s, "%s", s->uk ? ", у " : ", in ");
		counted(s, (long)r->nstages, "stage", "stages", "етап", "етапи", "етапів");
	}
	dates(s);
	put(s, ".");
	mediators(s);
}

static void category(struct say *s, long total)
{
	long mil = get(s, SEC_CATEGORY, "military"), civ = get(s, SEC_CATEGORY, "civilian");
	struct parts p = { { 0 }, 0 };
	size_t start = s->b.len;

	if (total > 1 && !civ)
		put(s, "%s", s->uk ? "усі військові" : "all military");
	else if (total > 1 && !mil)
		put(s, "%s", s->uk ? "усі цивільні" : "all civilians");
	else {
		if (mil) {
			part(s, &p);
			counted(s, mil, "military", "military", "військовий", "військових",
				"військових");
		}
		if (civ) {
			part(s, &p);
			counted(s, civ, "civilian", "civilians", "цивільний", "цивільних",
				"цивільних");
		}
		join(s, &p, start);
	}
}

static void sexes(struct say *s, long total)
{
	long w = get(s, SEC_SEX, "women"), m = get(s, SEC_SEX, "men");
	long u = get(s, SEC_SEX, REPORT_UNKNOWN);
	struct parts p = { { 0 }, 0 };
	size_t start = s->b.len;

	if (total > 1 && !w && !u)
		put(s, "%s", s->uk ? "усі чоловіки" : "all men");
	else if (total > 1 && !m && !u)
		put(s, "%s", s->uk ? "усі жінки" : "all women");
	else {
		if (w) {
			part(s, &p);
			counted(s, w, "woman", "women", "жінка", "жінки", "жінок");
		}
		if (m) {
			part(s, &p);
			counted(s, m, "man", "men", "чоловік", "чоловіки", "чоловіків");
		}
		if (u) {
			part(s, &p);
			counted(s, u, "person of unrecorded sex", "people of unrecorded sex",
				"особа без зазначеної статі", "особи без зазначеної статі",
				"осіб без зазначеної статі");
		}
		join(s, &p, start);
	}
}

static void returned(struct say *s)
{
	long n = get(s, SEC_TOTAL, "returned");

	if (!n) {
		put(s, "%s", s->uk ? " Повернень поіменно не внесено." :
				     " No return is recorded person by person.");
		return;
	}
	put(s, "%s", s->uk ? " Додому " : " ");
	came_home(s, n, "person is home", "people are home");
	put(s, ": ");
	category(s, n);
	put(s, "; ");
	sexes(s, n);
	put(s, ".");
}

static void ranks(struct say *s)
{
	long mil = get(s, SEC_CATEGORY, "military"), off = get(s, SEC_RANK_CLASS, "officer");
	long ps = get(s, SEC_RANK_CLASS, "privates_and_sergeants");
	long u = get(s, SEC_RANK_CLASS, REPORT_UNKNOWN);
	struct parts p = { { 0 }, 0 };
	size_t start;

	if (!mil)
		return;
	if (mil > 1 && (ps == mil || off == mil)) {
		if (s->uk)
			put(s, " Усі військові — %s.", ps == mil ? "рядового і сержантського складу"
								 : "офіцери");
		else
			put(s, " All the military are %s.",
			    ps == mil ? "privates and sergeants" : "officers");
		return;
	}
	put(s, "%s", s->uk ? " Серед військових: " : " Of the military, ");
	start = s->b.len;
	item(s, &p, off, "officer", "officers", "офіцерів");
	item(s, &p, ps, "private or sergeant", "privates and sergeants",
	     "рядового і сержантського складу");
	item(s, &p, u, "with no rank recorded", "with no rank recorded", "звання не зазначено");
	items_end(s, &p, start);
	put(s, ".");
}

static const char *group_label(const struct say *s, enum hw_branch_group g)
{
	return s->uk ? hw_vocab_label_uk(&hw_vocab_branch_group, g)
		     : hw_vocab_label_en(&hw_vocab_branch_group, g);
}

static const char *branch_label(const struct say *s, enum hw_branch b)
{
	return s->uk ? hw_vocab_label_uk(&hw_vocab_branch, b) : hw_vocab_label_en(&hw_vocab_branch, b);
}

/* The "as announced" breakdown: Armed Forces without Territorial Defence. */
static void branches(struct say *s)
{
	static const struct { const char *key; enum hw_branch branch; } rest[] = {
		{ "national_guard", HW_BRANCH_NGU }, { "border_guard", HW_BRANCH_SBGS },
		{ "territorial_defence", HW_BRANCH_TDF }, { "police", HW_BRANCH_POLICE },
		{ "sbu", HW_BRANCH_SBU }, { "other", HW_BRANCH_OTHER },
	};
	long afu = get(s, SEC_ANNOUNCED, "armed_forces"), navy = get(s, SEC_ANNOUNCED, "navy");
	long air = get(s, SEC_ANNOUNCED, "air_force");
	struct parts p = { { 0 }, 0 }, of = { { 0 }, 0 };
	size_t start, i;

	if (!get(s, SEC_CATEGORY, "military"))
		return;
	put(s, "%s", s->uk ? " За приналежністю: " : " By service: ");
	start = s->b.len;
	item(s, &p, afu, NULL, group_label(s, HW_GROUP_AFU), group_label(s, HW_GROUP_AFU));
	if (afu && (navy || air)) {
		size_t in;

		put(s, "%s", s->uk ? " (з них " : " (of them ");
		in = s->b.len;
		item(s, &of, navy, NULL, branch_label(s, HW_BRANCH_NAVY),
		     branch_label(s, HW_BRANCH_NAVY));
		item(s, &of, air, NULL, branch_label(s, HW_BRANCH_AIR_FORCE),
		     branch_label(s, HW_BRANCH_AIR_FORCE));
		items_end(s, &of, in);
		put(s, ")");
	}
	for (i = 0; i < sizeof(rest) / sizeof(rest[0]); i++)
		item(s, &p, get(s, SEC_ANNOUNCED, rest[i].key), NULL,
		     branch_label(s, rest[i].branch), branch_label(s, rest[i].branch));
	item(s, &p, get(s, SEC_ANNOUNCED, REPORT_UNKNOWN), NULL, "not recorded", "не зазначено");
	join_as(s, &p, start, 1); /* "label number" items: commas in both languages */
	put(s, ".");
}

static void tags(struct say *s)
{
	const struct report_section *sec = &s->r->sec[SEC_TAGS];
	struct parts p = { { 0 }, 0 };
	size_t start, i;

	if (!sec->n)
		return;
	put(s, "%s", s->uk ? " Серед звільнених — " : " Among them: ");
	start = s->b.len;
	for (i = 0; i < sec->n; i++) {
		const struct report_row *row = &sec->rows[i];
		const struct report_tag *t = report_tag_find(row->key);

		part(s, &p);
		if (t) {
			counted(s, row->count, t->en_one, t->en_many, t->uk_one, t->uk_few,
				t->uk_many);
		} else {
			num(s, row->count);
			put(s, s->uk ? " з позначкою «%s»" : " tagged “%s”", row->key);
		}
	}
	join(s, &p, start);
	put(s, ".");
}

static void health(struct say *s)
{
	long any = get(s, SEC_HEALTH, "any");
	struct parts p = { { 0 }, 0 };
	size_t start;

	if (!any)
		return;
	if (s->uk) {
		put(s, " Поранених, тяжкохворих або з інвалідністю — ");
		num(s, any);
	} else {
		put(s, " ");
		num(s, any);
		put(s, " %s wounded, seriously ill or disabled", any == 1 ? "is" : "are");
	}
	put(s, " (");
	start = s->b.len;
	item(s, &p, get(s, SEC_HEALTH, "wounded"), "wounded", "wounded", "поранених");
	item(s, &p, get(s, SEC_HEALTH, "seriously_ill"), "seriously ill", "seriously ill",
	     "тяжкохворих");
	item(s, &p, get(s, SEC_HEALTH, "disability"), "with a disability", "with a disability",
	     "з інвалідністю");
	items_end(s, &p, start);
	put(s, ").");
}

static void handed_over(struct say *s)
{
	long n = get(s, SEC_TOTAL, "handed_over");

	if (!n)
		return;
	if (s->uk) {
		put(s, " Передано ");
		counted(s, n, "", "", "особу", "особи", "осіб");
	} else {
		put(s, " ");
		num(s, n);
		put(s, " %s handed over", n == 1 ? "person was" : "people were");
	}
	put(s, ".");
}

/* A stage after the first: what the agreement has brought home so far. */
static void running(struct say *s)
{
	const struct hw_report *r = s->r;
	long n = get(s, SEC_RUNNING, "returned");

	if (!r->has_exchange || (r->stage && r->stage->number < 2) ||
	    (!r->stage && n == get(s, SEC_TOTAL, "returned")))
		return;
	if (r->stage)
		put(s, s->uk ? " За етапи 1–%d цієї домовленості додому " :
			       " Over stages 1–%d of this agreement, ", r->stage->number);
	else
		put(s, "%s", s->uk ? " З урахуванням етапів, внесених лише кількістю, за цією "
				     "домовленістю додому " :
				     " Counting the stages recorded as counts only, ");
	came_home(s, n, "person has come home", "people have come home");
	if (!r->stage && !s->uk)
		put(s, " in this agreement");
	put(s, ".");
}

static void cumulative(struct say *s)
{
	const struct hw_date *to = &s->r->cumulative_to;
	long n = get(s, SEC_CUMULATIVE, "returned");

	if (s->uk) {
		if (hw_date_is_known(to)) {
			put(s, " Станом на ");
			end_date(s, to, "кінець ");
			put(s, " від");
		} else {
			put(s, " Від");
		}
		put(s, " початку повномасштабного вторгнення додому ");
		came_home(s, n, "", "");
	} else {
		if (hw_date_is_known(to)) {
			put(s, " By ");
			end_date(s, to, "");
			put(s, ", ");
			came_home(s, n, "person had come home", "people had come home");
		} else {
			put(s, " ");
			came_home(s, n, "person has come home", "people have come home");
		}
		put(s, " since the full-scale invasion");
	}
	put(s, ".");
}

char *hw_report_summary(const struct hw_report *r, enum hw_report_lang lang)
{
	struct say s = { r, HW_BUF_INIT, lang == HW_REPORT_UK, HW_OK };

	header(&s);
	returned(&s);
	ranks(&s);
	branches(&s);
	tags(&s);
	health(&s);
	handed_over(&s);
	running(&s);
	cumulative(&s);
	if (s.rc) {
		hw_buf_release(&s.b);
		return NULL;
	}
	return hw_buf_detach(&s.b, NULL);
}
