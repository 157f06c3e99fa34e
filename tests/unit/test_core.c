/*
 * test_core.c - the model rules: errors, buffers, dates, vocabularies,
 * person validation, public references, script detection, and every
 * status transition, allowed and refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "homeward/alloc.h"
#include "homeward/buf.h"
#include "homeward/date.h"
#include "homeward/event.h"
#include "homeward/person.h"
#include "homeward/vocab.h"

/* ---- errors ----------------------------------------------------------- */

static void test_error_table(void **state)
{
	(void)state;
	assert_string_equal(hw_err_name(HW_NOT_FOUND), "not_found");
	assert_int_equal(hw_err_http_status(HW_STALE), 412);
	assert_int_equal(hw_err_exit_status(HW_INVALID), 1);
	assert_int_equal(hw_err_exit_status(HW_USAGE), 2);
	assert_int_equal(hw_err_exit_status(HW_STORE), 3);
	assert_string_equal(hw_err_name((enum hw_err)999), "unknown");
}

static void test_error_format(void **state)
{
	struct hw_error e;
	char out[600];

	(void)state;
	hw_error_clear(&e);
	hw_error_set_field(&e, HW_INVALID, "birth_date", "'%s' is not a date", "31.02.1990");
	hw_error_at(&e, "persons.csv", 12, 4);
	hw_error_format(&e, out, sizeof(out));
	assert_string_equal(out, "persons.csv:12:4: birth_date: '31.02.1990' is not a date");
	hw_error_clear(&e);
	assert_int_equal(hw_error_set(&e, HW_NOT_FOUND, NULL), HW_NOT_FOUND);
	hw_error_format(&e, out, sizeof(out));
	assert_string_equal(out, "not found");
	assert_int_equal(hw_error_set(NULL, HW_IO, "ignored"), HW_IO);
}

/* ---- buffer ----------------------------------------------------------- */

static void test_buf(void **state)
{
	struct hw_buf b = HW_BUF_INIT;
	char *s;
	size_t len;
	int i;

	(void)state;
	assert_string_equal(b.data, "");
	for (i = 0; i < 1000; i++)
		assert_int_equal(hw_buf_addf(&b, "%d,", i), HW_OK);
	assert_int_equal(b.len, strlen(b.data));
	assert_memory_equal(b.data, "0,1,2,", 6);
	hw_buf_truncate(&b, 3);
	assert_string_equal(b.data, "0,1");
	s = hw_buf_detach(&b, &len);
	assert_string_equal(s, "0,1");
	assert_int_equal(len, 3);
	assert_string_equal(b.data, "");
	hw_free(s);
}

static void test_buf_cap(void **state)
{
	struct hw_buf b;

	(void)state;
	hw_buf_init(&b, 10);
	assert_int_equal(hw_buf_addstr(&b, "0123456789"), HW_OK);
	assert_int_equal(hw_buf_addch(&b, 'x'), HW_TOO_LARGE);
	assert_int_equal(hw_buf_addf(&b, "%s", "y"), HW_TOO_LARGE);
	assert_string_equal(b.data, "0123456789");
	hw_buf_release(&b);
}

static void test_alloc_failure(void **state)
{
	struct hw_buf b = HW_BUF_INIT;
	struct hw_person p;

	(void)state;
	hw_alloc_fail_after(0);
	assert_int_equal(hw_buf_addstr(&b, "x"), HW_NOMEM);
	assert_null(hw_strdup("x"));
	hw_person_init(&p);
	assert_int_equal(hw_person_add_name(&p, HW_NAME_PRIMARY, "Коваль", "Іван", NULL,
					    HW_SCRIPT_UNKNOWN, NULL), HW_NOMEM);
	assert_int_equal(p.nnames, 0);
	hw_alloc_fail_after(2); /* the array and one string succeed, then fail */
	assert_int_equal(hw_person_add_name(&p, HW_NAME_PRIMARY, "Коваль", "Іван", NULL,
					    HW_SCRIPT_UNKNOWN, NULL), HW_NOMEM);
	hw_alloc_fail_after(-1);
	assert_int_equal(p.nnames, 0);
	hw_person_release(&p);
	hw_buf_release(&b);
}

/* ---- dates ------------------------------------------------------------ */

static void test_date_parse(void **state)
{
	static const struct {
		const char *in;
		const char *out; /* NULL: invalid */
	} cases[] = {
		{ "", "" },
		{ "1987", "1987" },
		{ "1987-03", "1987-03" },
		{ "1987-03-14", "1987-03-14" },
		{ "14.03.1987", "1987-03-14" },
		{ "03.1987", "1987-03" },
		{ "2000-02-29", "2000-02-29" },
		{ "1900-02-29", NULL },
		{ "2023-02-29", NULL },
		{ "31.02.1990", NULL },
		{ "1987-13", NULL },
		{ "1987-00-10", NULL },
		{ "1987-04-31", NULL },
		{ "87", NULL },
		{ "1987-3-4", NULL },
		{ "14/03/1987", NULL },
		{ " 1987", NULL },
		{ "0000", NULL },
		{ "abcd", NULL },
	};
	struct hw_date d;
	struct hw_error e;
	char out[HW_DATE_STR_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hw_error_clear(&e);
		if (!cases[i].out) {
			assert_int_equal(hw_date_parse(cases[i].in, &d, &e), HW_INVALID);
			assert_non_null(strstr(e.message, "is not a date"));
			continue;
		}
		assert_int_equal(hw_date_parse(cases[i].in, &d, &e), HW_OK);
		hw_date_format(&d, out);
		assert_string_equal(out, cases[i].out);
	}
}

static void test_date_compare(void **state)
{
	struct hw_date a, b;

	(void)state;
	hw_date_parse("1987", &a, NULL);
	hw_date_parse("1987-03-14", &b, NULL);
	assert_true(hw_date_cmp(&a, &b) < 0);
	assert_int_equal(hw_date_precision(&a), HW_DATE_YEAR);
	assert_int_equal(hw_date_precision(&b), HW_DATE_DAY);
	hw_date_parse("2022-02-24", &a, NULL);
	hw_date_parse("2024-05-31", &b, NULL);
	assert_int_equal(hw_date_days_between(&a, &b), 827);
	hw_date_parse("2000-01-01", &a, NULL);
	hw_date_parse("2000-03-01", &b, NULL);
	assert_int_equal(hw_date_days_between(&a, &b), 60);
}

/* ---- vocabularies ----------------------------------------------------- */

/* Instants: seconds since the epoch as text and back (the audit log's
 * --from/--to and the API's from/to). */
static void test_time(void **state)
{
	char buf[HW_TIME_STR_MAX];
	struct hw_error e;
	int64_t t = 0;

	(void)state;
	hw_time_format(1735725600, buf);
	assert_string_equal(buf, "2025-01-01T10:00:00Z");
	assert_int_equal(hw_time_parse("2025-01-01T10:00:00Z", 0, &t, NULL), HW_OK);
	assert_int_equal(t, 1735725600);
	assert_int_equal(hw_time_parse("2025-01-01", 0, &t, NULL), HW_OK);
	assert_int_equal(t, 1735689600);
	assert_int_equal(hw_time_parse("2025-01-01", 1, &t, NULL), HW_OK);
	assert_int_equal(t, 1735689600 + 86399);
	assert_int_equal(hw_time_parse("2024-02-29", 0, &t, NULL), HW_OK);
	hw_error_clear(&e);
	assert_int_equal(hw_time_parse("2025-02-29", 0, &t, &e), HW_INVALID);
	assert_non_null(strstr(e.message, "'2025-02-29' is not a date"));
	assert_int_equal(hw_time_parse("2025-01-01T24:00:00Z", 0, &t, NULL), HW_INVALID);
	assert_int_equal(hw_time_parse("2025-01-01T10:00:00", 0, &t, NULL), HW_INVALID);
	assert_int_equal(hw_time_parse("01.01.2025", 0, &t, NULL), HW_INVALID);
	assert_int_equal(hw_time_parse("2025-1-01", 0, &t, NULL), HW_INVALID);
	assert_int_equal(hw_time_parse("", 0, &t, NULL), HW_INVALID);
}

static void test_vocab(void **state)
{
	struct hw_error e;
	int v = -1;

	(void)state;
	assert_int_equal(hw_vocab_parse(&hw_vocab_branch, "ngu", &v, NULL), HW_OK);
	assert_int_equal(v, HW_BRANCH_NGU);
	assert_int_equal(hw_vocab_parse(&hw_vocab_branch, " NAVY ", &v, NULL), HW_OK);
	assert_int_equal(v, HW_BRANCH_NAVY);
	assert_int_equal(hw_vocab_parse(&hw_vocab_branch, "Національна гвардія України", &v, NULL),
			 HW_OK);
	assert_int_equal(v, HW_BRANCH_NGU);
	assert_int_equal(hw_vocab_parse(&hw_vocab_branch, "", &v, NULL), HW_OK);
	assert_int_equal(v, HW_BRANCH_NONE);
	hw_error_clear(&e);
	assert_int_equal(hw_vocab_parse(&hw_vocab_branch, "cavalry", &v, &e), HW_INVALID);
	assert_string_equal(e.field, "branch");
	assert_non_null(strstr(e.message, "unknown branch 'cavalry'"));
	assert_non_null(strstr(e.message, "army, navy, marines"));
	assert_non_null(strstr(e.message, "sbgs"));
	hw_error_clear(&e);
	assert_int_equal(hw_vocab_parse(&hw_vocab_region, "atlantis", &v, &e), HW_INVALID);
	assert_non_null(strstr(e.message, "donetsk, luhansk"));
	assert_int_equal(hw_vocab_parse(&hw_vocab_sex, "", &v, NULL), HW_INVALID);
	assert_int_equal(hw_branch_group_of(HW_BRANCH_SBGS), HW_GROUP_MIA);
	assert_int_equal(hw_branch_group_of(HW_BRANCH_NAVY), HW_GROUP_AFU);
	assert_int_equal(hw_branch_group_of(HW_BRANCH_SBU), HW_GROUP_SBU);
	assert_int_equal(hw_rank_class_of(HW_RANK_SOLDIER), HW_RANK_CLASS_ENLISTED);
	assert_int_equal(hw_rank_class_of(HW_RANK_STAFF_SERGEANT), HW_RANK_CLASS_NCO);
	assert_int_equal(hw_rank_class_of(HW_RANK_CAPTAIN_3RD_RANK), HW_RANK_CLASS_OFFICER);
	assert_int_equal(hw_vocab_parse(&hw_vocab_rank, "молодший лейтенант", &v, NULL), HW_OK);
	assert_int_equal(v, HW_RANK_JUNIOR_LIEUTENANT);
}

static void test_health_and_tags(void **state)
{
	unsigned h = 0;
	char out[64];

	(void)state;
	assert_int_equal(hw_health_parse("wounded;disability", &h, NULL), HW_OK);
	assert_int_equal(h, HW_HEALTH_WOUNDED | HW_HEALTH_DISABILITY);
	hw_health_format(h, out, sizeof(out));
	assert_string_equal(out, "wounded;disability");
	assert_int_equal(hw_health_parse("wounded,seriously_ill", &h, NULL), HW_OK);
	assert_int_equal(h, HW_HEALTH_WOUNDED | HW_HEALTH_SERIOUSLY_ILL);
	assert_int_equal(hw_health_parse("bruised", &h, NULL), HW_INVALID);
	assert_int_equal(hw_tag_validate("mariupol", NULL), HW_OK);
	assert_int_equal(hw_tag_validate("snake_island", NULL), HW_OK);
	assert_int_equal(hw_tag_validate("Mariupol", NULL), HW_INVALID);
	assert_int_equal(hw_tag_validate("1st", NULL), HW_INVALID);
	assert_int_equal(hw_tag_validate("a b", NULL), HW_INVALID);
	assert_int_equal(hw_tag_validate("", NULL), HW_INVALID);
}

/* ---- persons ---------------------------------------------------------- */

static void make_person(struct hw_person *p)
{
	hw_person_init(p);
	assert_int_equal(hw_person_add_name(p, HW_NAME_PRIMARY, "Коваленко", "Олександр",
					    "Петрович", HW_SCRIPT_UNKNOWN, NULL), HW_OK);
	p->sex = HW_SEX_MALE;
	hw_date_parse("1987-03-14", &p->birth_date, NULL);
	p->category = HW_CATEGORY_MILITARY;
	p->branch = HW_BRANCH_ARMY;
	p->rank = HW_RANK_SERGEANT;
}

static void test_person_validate(void **state)
{
	struct hw_person p;
	struct hw_error e;

	(void)state;
	make_person(&p);
	assert_int_equal(hw_person_validate(&p, NULL), HW_OK);
	/* no letter of it is Ukrainian-only: undetermined Cyrillic */
	assert_int_equal(p.names[0].script, HW_SCRIPT_CYRL);
	assert_int_equal(hw_person_add_name(&p, HW_NAME_ALIAS, "Коваленко", "Александр",
					    "Петрович", HW_SCRIPT_UNKNOWN, NULL), HW_OK);
	assert_int_equal(p.names[1].script, HW_SCRIPT_CYRL);
	assert_int_equal(hw_person_add_name(&p, HW_NAME_ALIAS, "Мельник", "Сергій",
					    "Іванович", HW_SCRIPT_UNKNOWN, NULL), HW_OK);
	assert_int_equal(p.names[2].script, HW_SCRIPT_UK);
	assert_int_equal(hw_person_add_name(&p, HW_NAME_ALIAS, "Мельник", "Сергей",
					    "Иванович", HW_SCRIPT_UNKNOWN, NULL), HW_OK);
	assert_int_equal(p.names[3].script, HW_SCRIPT_CYRL);
	assert_int_equal(hw_person_add_name(&p, HW_NAME_ALIAS, "Рыбак", "Артём", NULL,
					    HW_SCRIPT_UNKNOWN, NULL), HW_OK);
	assert_int_equal(p.names[4].script, HW_SCRIPT_RU);

	p.category = HW_CATEGORY_CIVILIAN;
	hw_error_clear(&e);
	assert_int_equal(hw_person_validate(&p, &e), HW_INVALID);
	assert_string_equal(e.field, "branch");
	p.branch = HW_BRANCH_NONE;
	assert_int_equal(hw_person_validate(&p, &e), HW_INVALID);
	assert_string_equal(e.field, "rank");
	p.rank = HW_RANK_NONE;
	assert_int_equal(hw_person_validate(&p, NULL), HW_OK);

	hw_date_parse("2099-01-01", &p.birth_date, NULL);
	assert_int_equal(hw_person_validate(&p, &e), HW_INVALID);
	assert_string_equal(e.field, "birth_date");
	hw_date_parse("1990", &p.birth_date, NULL);
	hw_date_parse("1985-05", &p.captured_on, NULL);
	assert_int_equal(hw_person_validate(&p, &e), HW_INVALID);
	assert_string_equal(e.field, "captured_on");
	memset(&p.captured_on, 0, sizeof(p.captured_on));

	memcpy(p.citizenship, "ua", 3);
	assert_int_equal(hw_person_validate(&p, &e), HW_INVALID);
	assert_string_equal(e.field, "citizenship");
	memcpy(p.citizenship, "UA", 3);
	assert_int_equal(hw_person_validate(&p, NULL), HW_OK);

	hw_person_set_str(&p.notes, "line one\nline two");
	assert_int_equal(hw_person_validate(&p, NULL), HW_OK);
	hw_person_set_str(&p.unit, "в/ч\x01 А0000");
	assert_int_equal(hw_person_validate(&p, &e), HW_INVALID);
	assert_string_equal(e.field, "unit");
	hw_person_set_str(&p.unit, "\xff\xfe");
	assert_int_equal(hw_person_validate(&p, &e), HW_INVALID);
	hw_person_release(&p);

	hw_person_init(&p);
	assert_int_equal(hw_person_validate(&p, &e), HW_INVALID);
	assert_string_equal(e.field, "family_name");
	assert_int_equal(hw_person_add_name(&p, HW_NAME_PRIMARY, "", "Іван", NULL,
					    HW_SCRIPT_UNKNOWN, &e), HW_INVALID);
	hw_person_release(&p);
}

static void test_pubref_and_script(void **state)
{
	char ref[HW_PUBREF_MAX];
	int64_t id = 0;

	(void)state;
	hw_pubref_format(42, ref);
	assert_string_equal(ref, "HW-000042");
	hw_pubref_format(12345678, ref);
	assert_string_equal(ref, "HW-12345678");
	assert_true(hw_pubref_parse("HW-000042", &id));
	assert_int_equal(id, 42);
	assert_true(hw_pubref_parse("hw-7", &id));
	assert_int_equal(id, 7);
	assert_false(hw_pubref_parse("HW-", &id));
	assert_false(hw_pubref_parse("HW-0", &id));
	assert_false(hw_pubref_parse("HW-12a", &id));
	assert_false(hw_pubref_parse("gen:1-2", &id));

	assert_int_equal(hw_script_detect("Поліщук"), HW_SCRIPT_UK);
	assert_int_equal(hw_script_detect("Полищук"), HW_SCRIPT_CYRL);
	assert_int_equal(hw_script_detect("Белоусый"), HW_SCRIPT_RU);
	assert_int_equal(hw_script_detect("Polishchuk"), HW_SCRIPT_LATN);
	assert_int_equal(hw_script_detect("123"), HW_SCRIPT_UNKNOWN);
	assert_int_equal(hw_script_merge(HW_SCRIPT_CYRL, HW_SCRIPT_RU), HW_SCRIPT_RU);
	assert_int_equal(hw_script_merge(HW_SCRIPT_UK, HW_SCRIPT_RU), HW_SCRIPT_CYRL);
	assert_int_equal(hw_script_merge(HW_SCRIPT_UK, HW_SCRIPT_LATN), HW_SCRIPT_UNKNOWN);
}

/* ---- the transition table --------------------------------------------- */

/*
 * The specification, written out independently of src/core/event.c: for
 * each event type, the statuses it may follow and where it leads ("=" for
 * unchanged), and which custody it needs ("a" adversary, "u" us, "" any).
 */
static const struct {
	enum hw_event_type type;
	const char *from;
	const char *to;
	const char *custody;
} spec[] = {
	{ HW_EVENT_REPORTED_MISSING, "missing returned released", "missing", "a" },
	{ HW_EVENT_CAPTIVITY_CONFIRMED, "missing captive returned released", "captive", "" },
	{ HW_EVENT_TRANSFERRED, "captive listed", "=", "" },
	{ HW_EVENT_HOSPITALISED, "captive listed returned released", "=", "" },
	{ HW_EVENT_LISTED, "missing captive", "listed", "" },
	{ HW_EVENT_REMOVED_FROM_LIST, "listed", "captive", "" },
	{ HW_EVENT_RETURNED, "missing captive listed", "returned", "a" },
	{ HW_EVENT_HANDED_OVER, "captive listed", "handed_over", "u" },
	{ HW_EVENT_DIED, "missing captive listed returned released", "deceased", "" },
	{ HW_EVENT_ESCAPED, "captive listed", "returned", "a" },
	{ HW_EVENT_RELEASED, "missing captive listed", "released", "" },
	{ HW_EVENT_FOUND, "missing", "released", "a" },
	{ HW_EVENT_IDENTITY_CONFIRMED,
	  "missing captive listed returned handed_over deceased released", "=", "" },
	{ HW_EVENT_RECORDS_MERGED,
	  "missing captive listed returned handed_over deceased released", "=", "" },
};

static int word_in(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

static void test_transitions_exhaustive(void **state)
{
	size_t i;
	int s, c, checked = 0;

	(void)state;
	assert_int_equal(sizeof(spec) / sizeof(spec[0]), HW_EVENT__COUNT - 2);
	for (i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
		for (s = 0; s < hw_vocab_status.count; s++) {
			for (c = HW_CUSTODY_ADVERSARY; c <= HW_CUSTODY_US; c++) {
				const char *name = hw_vocab_code(&hw_vocab_status, s);
				int allowed = s != HW_STATUS_NONE && word_in(spec[i].from, name) &&
					      (!spec[i].custody[0] ||
					       (spec[i].custody[0] == 'a') == (c == HW_CUSTODY_ADVERSARY));
				struct hw_event e;
				struct hw_error err;
				enum hw_err rc;

				hw_event_init(&e);
				hw_error_clear(&err);
				e.type = spec[i].type;
				rc = hw_event_apply(&e, (enum hw_status)s, (enum hw_custody)c,
						    HW_STATUS_NONE, &err);
				if (allowed) {
					const char *want = strcmp(spec[i].to, "=") ? spec[i].to : name;

					assert_int_equal(rc, HW_OK);
					assert_string_equal(hw_vocab_code(&hw_vocab_status,
									  e.status_after), want);
				} else {
					assert_int_equal(rc, HW_REFUSED);
					assert_string_equal(err.field, "type");
				}
				checked++;
			}
		}
	}
	assert_int_equal(checked, 14 * 8 * 2);
}

static void test_registered_and_corrected(void **state)
{
	struct hw_event e;
	struct hw_error err;
	int s;

	(void)state;
	hw_event_init(&e);
	e.type = HW_EVENT_REGISTERED;
	assert_int_equal(hw_event_apply(&e, HW_STATUS_NONE, HW_CUSTODY_ADVERSARY,
					HW_STATUS_CAPTIVE, NULL), HW_OK);
	assert_int_equal(e.status_after, HW_STATUS_CAPTIVE);
	/* our own people are not handed over; detainees are not missing */
	assert_int_equal(hw_event_apply(&e, HW_STATUS_NONE, HW_CUSTODY_ADVERSARY,
					HW_STATUS_HANDED_OVER, NULL), HW_REFUSED);
	assert_int_equal(hw_event_apply(&e, HW_STATUS_NONE, HW_CUSTODY_US, HW_STATUS_MISSING, NULL),
			 HW_REFUSED);
	assert_int_equal(hw_event_apply(&e, HW_STATUS_NONE, HW_CUSTODY_US, HW_STATUS_NONE, NULL),
			 HW_INVALID);
	/* registered only once; nothing but registered comes first */
	hw_error_clear(&err);
	for (s = HW_STATUS_MISSING; s < hw_vocab_status.count; s++)
		assert_int_equal(hw_event_apply(&e, (enum hw_status)s, HW_CUSTODY_ADVERSARY,
						HW_STATUS_CAPTIVE, &err), HW_REFUSED);
	assert_string_equal(err.message, "already registered");
	e.type = HW_EVENT_RETURNED;
	assert_int_equal(hw_event_apply(&e, HW_STATUS_NONE, HW_CUSTODY_ADVERSARY, 0, &err),
			 HW_REFUSED);
	assert_non_null(strstr(err.message, "first event must be 'registered'"));

	e.type = HW_EVENT_STATUS_CORRECTED;
	assert_int_equal(hw_event_apply(&e, HW_STATUS_DECEASED, HW_CUSTODY_ADVERSARY,
					HW_STATUS_CAPTIVE, &err), HW_INVALID);
	assert_string_equal(err.field, "note");
	e.note = hw_strdup("the death report was a mistake");
	assert_int_equal(hw_event_apply(&e, HW_STATUS_DECEASED, HW_CUSTODY_ADVERSARY,
					HW_STATUS_CAPTIVE, NULL), HW_OK);
	assert_int_equal(e.status_after, HW_STATUS_CAPTIVE);
	assert_int_equal(hw_event_apply(&e, HW_STATUS_NONE, HW_CUSTODY_ADVERSARY,
					HW_STATUS_CAPTIVE, NULL), HW_REFUSED);
	hw_event_release(&e);
}

static void test_refusal_message(void **state)
{
	struct hw_event e;
	struct hw_error err;

	(void)state;
	hw_event_init(&e);
	hw_error_clear(&err);
	e.type = HW_EVENT_REMOVED_FROM_LIST;
	assert_int_equal(hw_event_apply(&e, HW_STATUS_CAPTIVE, HW_CUSTODY_ADVERSARY, 0, &err),
			 HW_REFUSED);
	assert_string_equal(err.message, "'removed_from_list' is not allowed for a person whose "
					 "status is 'captive' (allowed from: listed)");
	e.type = HW_EVENT_HANDED_OVER;
	assert_int_equal(hw_event_apply(&e, HW_STATUS_CAPTIVE, HW_CUSTODY_ADVERSARY, 0, &err),
			 HW_REFUSED);
	assert_non_null(strstr(err.message, "held by the other side"));
}

static void test_event_for_transition(void **state)
{
	enum hw_event_type t;

	(void)state;
	assert_true(hw_event_for_transition(HW_STATUS_CAPTIVE, HW_STATUS_RETURNED,
					    HW_CUSTODY_ADVERSARY, &t));
	assert_int_equal(t, HW_EVENT_RETURNED);
	assert_true(hw_event_for_transition(HW_STATUS_MISSING, HW_STATUS_CAPTIVE,
					    HW_CUSTODY_ADVERSARY, &t));
	assert_int_equal(t, HW_EVENT_CAPTIVITY_CONFIRMED);
	assert_true(hw_event_for_transition(HW_STATUS_CAPTIVE, HW_STATUS_HANDED_OVER,
					    HW_CUSTODY_US, &t));
	assert_int_equal(t, HW_EVENT_HANDED_OVER);
	assert_false(hw_event_for_transition(HW_STATUS_RETURNED, HW_STATUS_LISTED,
					     HW_CUSTODY_ADVERSARY, &t));
	assert_false(hw_event_for_transition(HW_STATUS_DECEASED, HW_STATUS_CAPTIVE,
					     HW_CUSTODY_ADVERSARY, &t));
	assert_true(hw_status_allowed_for_custody(HW_STATUS_HANDED_OVER, HW_CUSTODY_US));
	assert_false(hw_status_allowed_for_custody(HW_STATUS_HANDED_OVER, HW_CUSTODY_ADVERSARY));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_table),
		cmocka_unit_test(test_error_format),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_alloc_failure),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_date_compare),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_vocab),
		cmocka_unit_test(test_health_and_tags),
		cmocka_unit_test(test_person_validate),
		cmocka_unit_test(test_pubref_and_script),
		cmocka_unit_test(test_transitions_exhaustive),
		cmocka_unit_test(test_registered_and_corrected),
		cmocka_unit_test(test_refusal_message),
		cmocka_unit_test(test_event_for_transition),
	};

	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
