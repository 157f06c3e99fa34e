/*
 * vocab.c - the controlled vocabularies: tables generated from the
 * X-macros of homeward/vocab.h and homeward/event.h, and the one lookup
 * and formatting code that serves them all.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "homeward/event.h"
#include "homeward/vocab.h"
#include "core/banned.h"

#define ROW4(e, c, en, uk) { c, en, uk },
#define ROW5(e, c, en, uk, x) { c, en, uk },
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct hw_vocab_entry sex_e[] = { HW_SEX_MAP(ROW4) };
static const struct hw_vocab_entry category_e[] = { HW_CATEGORY_MAP(ROW4) };
static const struct hw_vocab_entry custody_e[] = { HW_CUSTODY_MAP(ROW4) };
static const struct hw_vocab_entry group_e[] = { HW_BRANCH_GROUP_MAP(ROW4) };
static const struct hw_vocab_entry branch_e[] = { HW_BRANCH_MAP(ROW5) };
static const struct hw_vocab_entry region_e[] = { HW_REGION_MAP(ROW4) };
static const struct hw_vocab_entry status_e[] = { HW_STATUS_MAP(ROW4) };
static const struct hw_vocab_entry rank_class_e[] = { HW_RANK_CLASS_MAP(ROW4) };
static const struct hw_vocab_entry rank_e[] = { HW_RANK_MAP(ROW5) };
static const struct hw_vocab_entry script_e[] = { HW_SCRIPT_MAP(ROW4) };
static const struct hw_vocab_entry name_kind_e[] = { HW_NAME_KIND_MAP(ROW4) };
static const struct hw_vocab_entry source_kind_e[] = { HW_SOURCE_KIND_MAP(ROW4) };
static const struct hw_vocab_entry reliability_e[] = { HW_RELIABILITY_MAP(ROW4) };
static const struct hw_vocab_entry health_e[] = { HW_HEALTH_MAP(ROW4) };
static const struct hw_vocab_entry event_e[] = { HW_EVENT_MAP(ROW4) };

/* Sex "U" is a real answer ("unknown"), so it is accepted from input. */
const struct hw_vocab hw_vocab_sex = { "sex", sex_e, COUNT(sex_e), 0 };
const struct hw_vocab hw_vocab_category = { "category", category_e, COUNT(category_e), 0 };
const struct hw_vocab hw_vocab_custody = { "held_by", custody_e, COUNT(custody_e), 0 };
const struct hw_vocab hw_vocab_branch_group = { "branch group", group_e, COUNT(group_e), 1 };
const struct hw_vocab hw_vocab_branch = { "branch", branch_e, COUNT(branch_e), 1 };
const struct hw_vocab hw_vocab_region = { "region", region_e, COUNT(region_e), 1 };
const struct hw_vocab hw_vocab_status = { "status", status_e, COUNT(status_e), 1 };
const struct hw_vocab hw_vocab_rank_class = { "rank class", rank_class_e, COUNT(rank_class_e), 1 };
const struct hw_vocab hw_vocab_rank = { "rank", rank_e, COUNT(rank_e), 1 };
const struct hw_vocab hw_vocab_script = { "script", script_e, COUNT(script_e), 0 };
const struct hw_vocab hw_vocab_name_kind = { "name kind", name_kind_e, COUNT(name_kind_e), 0 };
const struct hw_vocab hw_vocab_source_kind = { "source kind", source_kind_e, COUNT(source_kind_e), 0 };
const struct hw_vocab hw_vocab_reliability = { "reliability", reliability_e, COUNT(reliability_e), 0 };
const struct hw_vocab hw_vocab_health = { "health", health_e, COUNT(health_e), 0 };
const struct hw_vocab hw_vocab_event = { "event type", event_e, COUNT(event_e), 0 };

static const enum hw_branch_group branch_groups[] = {
#define X(e, c, en, uk, g) HW_GROUP_##g,
	HW_BRANCH_MAP(X)
#undef X
};

static const enum hw_rank_class rank_classes[] = {
#define X(e, c, en, uk, cls) HW_RANK_CLASS_##cls,
	HW_RANK_MAP(X)
#undef X
};

enum hw_branch_group hw_branch_group_of(enum hw_branch b)
{
	if ((int)b < 0 || (int)b >= COUNT(branch_groups))
		return HW_GROUP_NONE;
	return branch_groups[b];
}

enum hw_rank_class hw_rank_class_of(enum hw_rank r)
{
	if ((int)r < 0 || (int)r >= COUNT(rank_classes))
		return HW_RANK_CLASS_NONE;
	return rank_classes[r];
}

/* Compares `s` (length n) with `label`, ASCII case ignored. */
static int same_text(const char *s, size_t n, const char *label)
{
	return strlen(label) == n && strncasecmp(s, label, n) == 0;
}

void hw_vocab_list_codes(const struct hw_vocab *v, char *out, size_t size)
{
	size_t used = 0;
	int i, n;

	if (size)
		out[0] = '\0';
	for (i = v->first_allowed; i < v->count && used < size; i++) {
		n = snprintf(out + used, size - used, "%s%s", i > v->first_allowed ? ", " : "",
			     v->entries[i].code);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

enum hw_err hw_vocab_parse(const struct hw_vocab *v, const char *text, int *out,
			   struct hw_error *err)
{
	char allowed[1024];
	size_t n;
	int i;

	while (*text == ' ' || *text == '\t')
		text++;
	n = strlen(text);
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	if (n == 0 && v->first_allowed) {
		*out = 0;
		return HW_OK;
	}
	for (i = v->first_allowed; i < v->count; i++) {
		const struct hw_vocab_entry *e = &v->entries[i];

		if (same_text(text, n, e->code) || same_text(text, n, e->en) ||
		    same_text(text, n, e->uk)) {
			*out = i;
			return HW_OK;
		}
	}
	hw_vocab_list_codes(v, allowed, sizeof(allowed));
	return hw_error_set_field(err, HW_INVALID, v->name, "unknown %s '%.*s' (allowed: %s)",
				  v->name, (int)(n > 200 ? 200 : n), text, allowed);
}

const char *hw_vocab_code(const struct hw_vocab *v, int value)
{
	return value >= 0 && value < v->count ? v->entries[value].code : "?";
}

const char *hw_vocab_label_en(const struct hw_vocab *v, int value)
{
	return value >= 0 && value < v->count ? v->entries[value].en : "?";
}

const char *hw_vocab_label_uk(const struct hw_vocab *v, int value)
{
	return value >= 0 && value < v->count ? v->entries[value].uk : "?";
}

enum hw_err hw_health_parse(const char *text, unsigned *out, struct hw_error *err)
{
	char item[64];
	const char *p = text, *end;
	unsigned flags = 0;
	int bit;
	size_t n;

	while (*p) {
		end = p + strcspn(p, ";,");
		n = (size_t)(end - p);
		if (n >= sizeof(item))
			return hw_error_set_field(err, HW_INVALID, "health",
						  "health flag too long");
		memcpy(item, p, n);
		item[n] = '\0';
		if (n && hw_vocab_parse(&hw_vocab_health, item, &bit, err))
			return HW_INVALID;
		if (n)
			flags |= 1u << bit;
		p = *end ? end + 1 : end;
	}
	*out = flags;
	return HW_OK;
}

void hw_health_format(unsigned flags, char *out, size_t size)
{
	size_t used = 0;
	int i, n;

	if (size)
		out[0] = '\0';
	for (i = 0; i < HW_HEALTH_BIT__COUNT && used < size; i++) {
		if (!(flags & (1u << i)))
			continue;
		n = snprintf(out + used, size - used, "%s%s", used ? ";" : "", health_e[i].code);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

enum hw_err hw_tag_validate(const char *tag, struct hw_error *err)
{
	size_t n = strlen(tag), i;

	if (n == 0 || n > 40 || tag[0] < 'a' || tag[0] > 'z')
		goto bad;
	for (i = 0; i < n; i++) {
		char c = tag[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			goto bad;
	}
	return HW_OK;
bad:
	return hw_error_set_field(err, HW_INVALID, "tags",
				  "tag '%.60s' must be 1 to 40 of a-z, 0-9, '_', '-', "
				  "starting with a letter", tag);
}
