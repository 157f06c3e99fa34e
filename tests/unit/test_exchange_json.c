/*
 * test_exchange_json.c - the JSON form of the exchange ledger
 * (homeward/exchange_json.h): every member in its order, unknown counts
 * as null, the differences and blockers computed from the counts, an
 * entry with and without the matcher's candidates and its id, a decision
 * and a proposal.  The command line's output is these objects printed as
 * they are, so a change here shows in `homeward exchange ... --format json`.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "homeward/exchange_json.h"

/* The compact text of `j` (released), compared with `want`. */
static void expect_json(json_t *j, const char *want)
{
	char *s;

	assert_non_null(j);
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	assert_non_null(s);
	if (strcmp(s, want))
		fail_msg("got  %s\nwant %s", s, want);
	free(s);
}

static void test_exchange(void **state)
{
	struct hw_exchange x;

	(void)state;
	hw_exchange_init(&x);
	x.id = 52;
	x.name = (char *)"1000 for 1000";
	expect_json(hw_exchange_json(&x),
		    "{\"ref\":\"EX-000052\",\"name\":\"1000 for 1000\",\"state\":\"planned\","
		    "\"agreed_on\":null,\"place\":null,\"mediators\":null,\"quota_in\":null,"
		    "\"quota_out\":null,\"national_number\":null,\"historic\":false,"
		    "\"notes\":null}");
	x.agreed_on = (struct hw_date){ 2025, 5, 16 };
	x.place = (char *)"Istanbul";
	x.mediators = (char *)"United Arab Emirates";
	x.quota_in = 1000;
	x.quota_out = 0;
	x.national_number = 65;
	x.historic = 1;
	x.state = HW_XSTATE_COMPLETED;
	x.notes = (char *)"n";
	expect_json(hw_exchange_json(&x),
		    "{\"ref\":\"EX-000052\",\"name\":\"1000 for 1000\",\"state\":\"completed\","
		    "\"agreed_on\":\"2025-05-16\",\"place\":\"Istanbul\",\"mediators\":"
		    "\"United Arab Emirates\",\"quota_in\":1000,\"quota_out\":0,"
		    "\"national_number\":65,\"historic\":true,\"notes\":\"n\"}");
}

static void counts_example(struct hw_xcounts *c)
{
	memset(c, 0, sizeof(*c));
	c->planned_in = 5;
	c->planned_out = HW_COUNT_UNKNOWN;
	c->listed_in = 4;
	c->by_state[HW_VERIFY_PENDING] = 1;
	c->by_state[HW_VERIFY_CONFIRMED] = 2;
	c->by_state[HW_VERIFY_REJECTED] = 1;
	c->listed_out = 3;
	c->undecided = 1;
	c->coming_in = 2;
	c->going_out = 3;
}

/* Counts of a stage with nothing planned, listed or done. */
static void counts_none(struct hw_xcounts *c)
{
	memset(c, 0, sizeof(*c));
	c->planned_in = c->planned_out = HW_COUNT_UNKNOWN;
}

static void test_counts_and_stage(void **state)
{
	struct hw_xcounts c;
	struct hw_stage s;

	(void)state;
	counts_example(&c);
	/* actual in = 2 confirmed on an open list; 2 - 5 planned = -3; out has no plan */
	expect_json(hw_xcounts_json(&c),
		    "{\"planned_in\":5,\"planned_out\":null,\"on_their_list\":4,\"entries\":"
		    "{\"pending\":1,\"confirmed\":2,\"rejected\":1,\"not_found\":0,"
		    "\"ambiguous\":0},\"outgoing\":3,\"returned\":0,\"handed_over\":0,"
		    "\"counted_in\":0,\"counted_out\":0,\"actual_in\":2,\"actual_out\":3,"
		    "\"differences\":{\"undecided\":1,\"confirmed_vs_their_list\":-2,"
		    "\"in_vs_planned\":-3,\"out_vs_planned\":0}}");
	hw_stage_init(&s);
	s.exchange_id = 52;
	s.number = 2;
	s.state = HW_XSTATE_COMPLETED;
	s.forced = 1;
	s.force_reason = (char *)"one died";
	s.completed_by = (char *)"olena";
	s.date = (struct hw_date){ 2025, 5, 24 };
	counts_none(&c);
	expect_json(hw_stage_json(&s, &c),
		    "{\"ref\":\"EX-000052/2\",\"number\":2,\"date\":\"2025-05-24\",\"state\":"
		    "\"completed\",\"forced\":true,\"force_reason\":\"one died\",\"completed_by\":"
		    "\"olena\",\"counts\":{\"planned_in\":null,\"planned_out\":null,"
		    "\"on_their_list\":0,\"entries\":{\"pending\":0,\"confirmed\":0,\"rejected\":0,"
		    "\"not_found\":0,\"ambiguous\":0},\"outgoing\":0,\"returned\":0,"
		    "\"handed_over\":0,\"counted_in\":0,\"counted_out\":0,\"actual_in\":0,"
		    "\"actual_out\":0,\"differences\":{\"undecided\":0,"
		    "\"confirmed_vs_their_list\":0,\"in_vs_planned\":0,\"out_vs_planned\":0}}}");
}

static void test_blockers(void **state)
{
	struct hw_xcounts c;

	(void)state;
	counts_example(&c);
	expect_json(hw_xblockers_json(&c),
		    "{\"blocked\":true,\"open_in\":1,\"in_diff\":-3,\"out_diff\":0,"
		    "\"list_diff\":-2,\"why\":\"1 incoming entry not decided (pending 1, "
		    "ambiguous 0, not found 0); 2 confirmed of the 4 on the other side's list; "
		    "2 confirmed to come home, 5 planned (-3)\"}");
	counts_none(&c);
	expect_json(hw_xblockers_json(&c),
		    "{\"blocked\":false,\"open_in\":0,\"in_diff\":0,\"out_diff\":0,"
		    "\"list_diff\":0,\"why\":null}");
}

static int names_asked;

static void name_of(void *ctx, int64_t id, char *out, size_t size)
{
	assert_string_equal(ctx, "ctx");
	assert_int_equal(id, 7);
	names_asked++;
	snprintf(out, size, "Коваленко Олександр Петрович");
}

/* The entry of test_entry as the other side wrote it. */
#define AS_WRITTEN                                                                         \
	"\"as_written\":{\"full_name\":\"KOVALENKO Oleksandr\",\"family_name\":null,"         \
	"\"given_name\":null,\"patronymic\":null,\"birth_date\":\"14.03.1987\",\"unit\":null," \
	"\"notes\":null}"

static void test_entry(void **state)
{
	struct hw_xentry e;

	(void)state;
	hw_xentry_init(&e);
	e.id = 11;
	e.line = (char *)"17";
	e.full_name = (char *)"KOVALENKO Oleksandr";
	e.birth_date = (char *)"14.03.1987";
	e.decision = HW_MATCH_MATCH;
	e.score = 30.5;
	e.proposed_id = 7;
	e.state = HW_VERIFY_PENDING;
	e.decided_by = (char *)"matcher";
	e.decided_at = (char *)"2025-05-23T10:00:00Z";
	e.candidates = (char *)"{\"decision\":\"match\",\"candidates\":[{\"person\":\"HW-000007\"}]}";
	names_asked = 0;
	/* pending: nobody confirmed, so no name is asked for */
	expect_json(hw_xentry_json(&e, 0, name_of, (void *)"ctx"),
		    "{\"line\":\"17\",\"direction\":\"in\",\"state\":\"pending\",\"decision\":"
		    "\"match\",\"score\":30.5,\"person\":null,\"person_name\":null,\"proposed\":"
		    "\"HW-000007\"," AS_WRITTEN ",\"decided_by\":\"matcher\","
		    "\"decided_at\":\"2025-05-23T10:00:00Z\",\"reason\":null}");
	assert_int_equal(names_asked, 0);
	e.state = HW_VERIFY_CONFIRMED;
	e.person_id = 7;
	e.reason = (char *)"checked";
	expect_json(hw_xentry_json(&e, HW_XENTRY_JSON_ID | HW_XENTRY_JSON_MATCHER, name_of,
				   (void *)"ctx"),
		    "{\"id\":11,\"line\":\"17\",\"direction\":\"in\",\"state\":\"confirmed\","
		    "\"decision\":\"match\",\"score\":30.5,\"person\":\"HW-000007\","
		    "\"person_name\":\"Коваленко Олександр Петрович\",\"proposed\":\"HW-000007\","
		    AS_WRITTEN ",\"decided_by\":\"matcher\",\"decided_at\":"
		    "\"2025-05-23T10:00:00Z\",\"reason\":\"checked\",\"matcher\":{\"decision\":"
		    "\"match\",\"candidates\":[{\"person\":\"HW-000007\"}]}}");
	assert_int_equal(names_asked, 1);
	/* without a function to name them, no name */
	e.candidates = (char *)"not json";
	expect_json(hw_xentry_json(&e, HW_XENTRY_JSON_MATCHER, NULL, NULL),
		    "{\"line\":\"17\",\"direction\":\"in\",\"state\":\"confirmed\",\"decision\":"
		    "\"match\",\"score\":30.5,\"person\":\"HW-000007\",\"person_name\":null,"
		    "\"proposed\":\"HW-000007\"," AS_WRITTEN ",\"decided_by\":"
		    "\"matcher\",\"decided_at\":\"2025-05-23T10:00:00Z\",\"reason\":\"checked\"}");
}

static void test_decision_and_proposal(void **state)
{
	struct hw_xdecision d = { HW_VERIFY_REJECTED, 0, "olena", "2025-05-23T10:00:00Z",
				  "not ours" };
	struct hw_proposal p;

	(void)state;
	expect_json(hw_xdecision_json(&d),
		    "{\"state\":\"rejected\",\"person\":null,\"by\":\"olena\",\"at\":"
		    "\"2025-05-23T10:00:00Z\",\"reason\":\"not ours\"}");
	d.state = HW_VERIFY_CONFIRMED;
	d.person_id = 42;
	d.decided_by = NULL;
	d.reason = NULL;
	expect_json(hw_xdecision_json(&d),
		    "{\"state\":\"confirmed\",\"person\":\"HW-000042\",\"by\":null,\"at\":"
		    "\"2025-05-23T10:00:00Z\",\"reason\":null}");
	memset(&p, 0, sizeof(p));
	p.person_id = 42;
	p.rank = 1;
	snprintf(p.why, sizeof(p.why), "wounded (GC III Art. 110)");
	p.days_captive = -1;
	expect_json(hw_proposal_json(&p, "Гудзь Оксана Василівна"),
		    "{\"rank\":1,\"person\":\"HW-000042\",\"name\":\"Гудзь Оксана Василівна\","
		    "\"why\":\"wounded (GC III Art. 110)\",\"days_in_captivity\":null}");
	p.days_captive = 1120;
	expect_json(hw_proposal_json(&p, ""),
		    "{\"rank\":1,\"person\":\"HW-000042\",\"name\":\"\",\"why\":"
		    "\"wounded (GC III Art. 110)\",\"days_in_captivity\":1120}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exchange),
		cmocka_unit_test(test_counts_and_stage),
		cmocka_unit_test(test_blockers),
		cmocka_unit_test(test_entry),
		cmocka_unit_test(test_decision_and_proposal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
