/*
 * person_opts.c - the person fields as command-line options, shared by
 * `person add` and `person edit`, and how a person is printed.
 */
#include <string.h>

#include "homeward/alloc.h"
#include "cli/cli.h"
#include "core/banned.h"

const struct option cli_person_options[] = {
	{ "family", required_argument, NULL, OPT_FAMILY },
	{ "given", required_argument, NULL, OPT_GIVEN },
	{ "patronymic", required_argument, NULL, OPT_PATRONYMIC },
	{ "alias", required_argument, NULL, OPT_ALIAS },
	{ "sex", required_argument, NULL, OPT_SEX },
	{ "birth-date", required_argument, NULL, OPT_BIRTH_DATE },
	{ "birth-place", required_argument, NULL, OPT_BIRTH_PLACE },
	{ "citizenship", required_argument, NULL, OPT_CITIZENSHIP },
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "branch", required_argument, NULL, OPT_BRANCH },
	{ "unit", required_argument, NULL, OPT_UNIT },
	{ "rank", required_argument, NULL, OPT_RANK },
	{ "service-number", required_argument, NULL, OPT_SERVICE_NUMBER },
	{ "held-by", required_argument, NULL, OPT_HELD_BY },
	{ "captured-on", required_argument, NULL, OPT_CAPTURED_ON },
	{ "capture-place", required_argument, NULL, OPT_CAPTURE_PLACE },
	{ "region", required_argument, NULL, OPT_REGION },
	{ "tag", required_argument, NULL, OPT_TAG },
	{ "clear-tags", no_argument, NULL, OPT_CLEAR_TAGS },
	{ "health", required_argument, NULL, OPT_HEALTH },
	{ "next-of-kin", required_argument, NULL, OPT_NEXT_OF_KIN },
	{ "notes", required_argument, NULL, OPT_NOTES },
	{ "ref", required_argument, NULL, OPT_REF },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static enum hw_err set_vocab(const struct hw_vocab *v, const char *arg, int *out,
			     struct hw_error *err)
{
	return hw_vocab_parse(v, arg, out, err);
}

static enum hw_err set_date(const char *field, const char *arg, struct hw_date *d,
			    struct hw_error *err)
{
	if (hw_date_parse(arg, d, err)) {
		if (err)
			snprintf(err->field, sizeof(err->field), "%s", field);
		return HW_INVALID;
	}
	return HW_OK;
}

static enum hw_err add_alias(struct hw_person *p, const char *arg, struct hw_error *err)
{
	char *copy = hw_strdup(arg), *parts[3] = { NULL, NULL, NULL }, *s;
	enum hw_err rc;
	int n = 0;

	if (!copy)
		return hw_error_set(err, HW_NOMEM, NULL);
	for (s = copy; n < 3; n++) {
		parts[n] = s;
		s = strchr(s, ';');
		if (!s)
			break;
		*s++ = '\0';
	}
	rc = hw_person_add_name(p, HW_NAME_ALIAS, parts[0], parts[1], parts[2],
				HW_SCRIPT_UNKNOWN, err);
	if (rc && err)
		snprintf(err->field, sizeof(err->field), "alias");
	hw_free(copy);
	return rc;
}

static enum hw_err add_ref(struct hw_person *p, const char *arg, struct hw_error *err)
{
	const char *colon = strchr(arg, ':');
	char source[65];

	if (!colon || colon == arg || !colon[1] || (size_t)(colon - arg) >= sizeof(source))
		return hw_error_set_field(err, HW_INVALID, "ref",
					  "'%s' is not SOURCE:REF", arg);
	memcpy(source, arg, (size_t)(colon - arg));
	source[colon - arg] = '\0';
	return hw_person_add_ref(p, source, colon + 1, err);
}

static enum hw_err set_citizenship(struct hw_person *p, const char *arg, struct hw_error *err)
{
	size_t n = strlen(arg), i;

	for (i = 0; i < n && n == 2; i++)
		if (!((arg[i] >= 'A' && arg[i] <= 'Z') || (arg[i] >= 'a' && arg[i] <= 'z')))
			n = 3;
	if (n != 0 && n != 2)
		return hw_error_set_field(err, HW_INVALID, "citizenship",
					  "'%.20s' is not an ISO 3166-1 alpha-2 code", arg);
	p->citizenship[0] = n ? (char)(arg[0] & ~0x20) : '\0';
	p->citizenship[1] = n ? (char)(arg[1] & ~0x20) : '\0';
	p->citizenship[2] = '\0';
	return HW_OK;
}

static enum hw_err set_text(char **field, const char *arg, struct hw_error *err)
{
	return hw_person_set_str(field, arg) ? hw_error_set(err, HW_NOMEM, NULL) : HW_OK;
}

static enum hw_err apply_vocab(struct hw_person *p, int opt, const char *arg,
			       struct hw_error *err)
{
	int v = 0;
	enum hw_err rc = HW_OK;

	switch (opt) {
	case OPT_SEX:
		if (!(rc = set_vocab(&hw_vocab_sex, arg, &v, err)))
			p->sex = (enum hw_sex)v;
		break;
	case OPT_CATEGORY:
		if (!(rc = set_vocab(&hw_vocab_category, arg, &v, err)))
			p->category = (enum hw_category)v;
		break;
	case OPT_BRANCH:
		if (!(rc = set_vocab(&hw_vocab_branch, arg, &v, err)))
			p->branch = (enum hw_branch)v;
		break;
	case OPT_RANK:
		if (!(rc = set_vocab(&hw_vocab_rank, arg, &v, err)))
			p->rank = (enum hw_rank)v;
		break;
	case OPT_HELD_BY:
		if (!(rc = set_vocab(&hw_vocab_custody, arg, &v, err)))
			p->held_by = (enum hw_custody)v;
		break;
	case OPT_REGION:
		if (!(rc = set_vocab(&hw_vocab_region, arg, &v, err)))
			p->region = (enum hw_region)v;
		break;
	default:
		rc = hw_error_set(err, HW_INTERNAL, "unknown option %d", opt);
	}
	return rc;
}

enum hw_err cli_person_apply(struct hw_person *p, int opt, const char *arg,
			     struct hw_error *err)
{
	switch (opt) {
	case OPT_ALIAS:
		return add_alias(p, arg, err);
	case OPT_BIRTH_DATE:
		return set_date("birth_date", arg, &p->birth_date, err);
	case OPT_CAPTURED_ON:
		return set_date("captured_on", arg, &p->captured_on, err);
	case OPT_BIRTH_PLACE:
		return set_text(&p->birth_place, arg, err);
	case OPT_CITIZENSHIP:
		return set_citizenship(p, arg, err);
	case OPT_UNIT:
		return set_text(&p->unit, arg, err);
	case OPT_SERVICE_NUMBER:
		return set_text(&p->service_number, arg, err);
	case OPT_CAPTURE_PLACE:
		return set_text(&p->capture_place, arg, err);
	case OPT_TAG:
		return hw_person_add_tag(p, arg, err);
	case OPT_HEALTH:
		return hw_health_parse(arg, &p->health, err);
	case OPT_NEXT_OF_KIN:
		return set_text(&p->next_of_kin, arg, err);
	case OPT_NOTES:
		return set_text(&p->notes, arg, err);
	case OPT_REF:
		return add_ref(p, arg, err);
	default:
		return apply_vocab(p, opt, arg, err);
	}
}

static void row(FILE *out, const char *label, const char *value)
{
	if (value && *value)
		fprintf(out, "  %-15s %s\n", label, value);
}

static void row_vocab(FILE *out, const char *label, const struct hw_vocab *v, int value)
{
	char buf[300];

	if (!*hw_vocab_code(v, value))
		return;
	snprintf(buf, sizeof(buf), "%s (%s)", hw_vocab_code(v, value), hw_vocab_label_uk(v, value));
	row(out, label, buf);
}

static void print_names(FILE *out, const struct hw_person *p)
{
	size_t i;

	for (i = 0; i < p->nnames; i++) {
		const struct hw_name *n = &p->names[i];

		fprintf(out, "  %-15s %s %s%s%s  [%s, %s]\n", i ? "" : "names:", n->family, n->given,
			n->patronymic ? " " : "", n->patronymic ? n->patronymic : "",
			hw_vocab_code(&hw_vocab_name_kind, n->kind),
			hw_vocab_code(&hw_vocab_script, n->script));
	}
}

enum hw_err cli_format_person_line(struct hw_buf *out, const struct hw_person *p)
{
	const struct hw_name *n = hw_person_primary(p);
	char ref[HW_PUBREF_MAX], bd[HW_DATE_STR_MAX];

	hw_pubref_format(p->id, ref);
	hw_date_format(&p->birth_date, bd);
	return hw_buf_addf(out, "%s  %-12s %-10s %s %s%s%s%s%s\n", ref,
			   hw_vocab_code(&hw_vocab_status, p->status), bd[0] ? bd : "-",
			   n ? n->family : "?", n ? n->given : "?", n && n->patronymic ? " " : "",
			   n && n->patronymic ? n->patronymic : "", p->unit ? "  " : "",
			   p->unit ? p->unit : "");
}

void cli_print_person_text(FILE *out, const struct hw_person *p)
{
	char ref[HW_PUBREF_MAX], buf[512];
	size_t i, used = 0;

	hw_pubref_format(p->id, ref);
	fprintf(out, "%s (version %lld)\n", ref, (long long)p->version);
	print_names(out, p);
	row_vocab(out, "status:", &hw_vocab_status, p->status);
	row_vocab(out, "held by:", &hw_vocab_custody, p->held_by);
	row_vocab(out, "sex:", &hw_vocab_sex, p->sex);
	hw_date_format(&p->birth_date, buf);
	row(out, "birth date:", buf);
	row(out, "birth place:", p->birth_place);
	row(out, "citizenship:", p->citizenship);
	row_vocab(out, "category:", &hw_vocab_category, p->category);
	row_vocab(out, "branch:", &hw_vocab_branch, p->branch);
	row(out, "unit:", p->unit);
	row_vocab(out, "rank:", &hw_vocab_rank, p->rank);
	row(out, "service number:", p->service_number);
	hw_date_format(&p->captured_on, buf);
	row(out, "captured on:", buf);
	row(out, "capture place:", p->capture_place);
	row_vocab(out, "region:", &hw_vocab_region, p->region);
	hw_health_format(p->health, buf, sizeof(buf));
	row(out, "health:", buf);
	row(out, "next of kin:", p->next_of_kin);
	buf[0] = '\0';
	for (i = 0; i < p->ntags && used < sizeof(buf); i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s", i ? ", " : "",
					 p->tags[i]);
	row(out, "tags:", buf);
	buf[0] = '\0';
	for (i = 0, used = 0; i < p->nrefs && used < sizeof(buf); i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s:%s", i ? ", " : "",
					 p->refs[i].source, p->refs[i].ref);
	row(out, "references:", buf);
	row(out, "notes:", p->notes);
	row(out, "registered:", p->created_at);
	row(out, "updated:", p->updated_at);
}
