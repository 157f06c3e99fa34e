/*
 * h_report.c - the published figures of a stage, an agreement or a
 * period (GET /api/v1/reports), as `homeward report` gives them.
 *
 * The handler only translates: the query parameters go to the same
 * library calls as the command line's options (hw_report_scope_parse,
 * hw_report_build, hw_report_json / hw_report_render), so the answer is
 * the command's document (the CSV and the text byte for byte), refused
 * with the same words.
 * JSON by default; format=csv (or Accept: text/csv) gives the CSV as a
 * download, format=text (or Accept: text/plain) the text.  Reports are
 * aggregates without names, so they are not audited (as the command), and
 * the analyst may read them.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "homeward/report.h"
#include "server/server_int.h"
#include "core/banned.h"

static const char *const report_args[] = { "stage", "exchange", "from", "to",
					   "format", "lang", NULL };

/* The first media type of Accept that names a format; JSON otherwise. */
static enum hw_report_format accepted(const char *accept)
{
	static const struct {
		const char *type;
		enum hw_report_format format;
	} types[] = {
		{ "application/json", HW_REPORT_JSON },
		{ "text/csv", HW_REPORT_CSV },
		{ "text/plain", HW_REPORT_TEXT },
	};
	const char *p = accept, *end;
	size_t i, n;

	while (p && *p) {
		while (*p == ' ' || *p == ',')
			p++;
		end = p + strcspn(p, ",;");
		n = (size_t)(end - p);
		while (n && p[n - 1] == ' ')
			n--;
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (n == strlen(types[i].type) && !strncasecmp(p, types[i].type, n))
				return types[i].format;
		p = strchr(end, ',');
	}
	return HW_REPORT_JSON;
}

static enum hw_err parse_query(struct hw_request *r, struct hw_report_scope *scope,
			       enum hw_report_format *format, enum hw_report_lang *lang,
			       struct hw_error *err)
{
	const char *f = hw_request_arg(r, "format"), *l = hw_request_arg(r, "lang");
	enum hw_err rc;

	*format = accepted(hw_request_header(r, "Accept"));
	*lang = HW_REPORT_EN;
	if ((rc = hw_request_check_args(r, report_args, err)) ||
	    (f && (rc = hw_report_format_parse(f, format, err))) ||
	    (l && (rc = hw_report_lang_parse(l, lang, err))))
		return rc;
	return hw_report_scope_parse(r->st, hw_request_arg(r, "stage"),
				     hw_request_arg(r, "exchange"), hw_request_arg(r, "from"),
				     hw_request_arg(r, "to"), scope, err);
}

/* The CSV or the text, as the body of the answer. */
static enum hw_err reply_file(struct hw_request *r, const struct hw_report *rep,
			      enum hw_report_format format, enum hw_report_lang lang,
			      struct hw_error *err)
{
	struct hw_buf b = HW_BUF_INIT;
	char name[HW_REPORT_FILENAME_MAX];
	enum hw_err rc;

	if ((rc = hw_report_render(rep, format, lang, &b, err)))
		return rc;
	if (!(r->file = hw_buf_detach(&b, &r->file_len)))
		return hw_error_set(err, HW_NOMEM, NULL);
	r->status = 200;
	if (format == HW_REPORT_CSV) {
		r->file_type = "text/csv; charset=utf-8";
		hw_report_filename(rep, format, name);
		snprintf(r->disposition, sizeof(r->disposition), "attachment; filename=\"%s\"",
			 name);
	} else {
		r->file_type = "text/plain; charset=utf-8";
	}
	return HW_OK;
}

void hw_h_report(struct hw_request *r)
{
	struct hw_report_scope scope;
	struct hw_report *rep = NULL;
	struct hw_date today = hw_date_today();
	enum hw_report_format format;
	enum hw_report_lang lang;
	struct hw_error err;
	char *json = NULL;

	hw_error_clear(&err);
	if (parse_query(r, &scope, &format, &lang, &err) ||
	    hw_report_build(r->st, &scope, &today, &rep, &err)) {
		hw_reply_error(r, &err);
		goto out;
	}
	if (format != HW_REPORT_JSON) {
		if (reply_file(r, rep, format, lang, &err))
			hw_reply_error(r, &err);
		goto out;
	}
	json = hw_report_json(rep);
	hw_reply_json(r, 200, json ? json_loads(json, 0, NULL) : NULL);
out:
	free(json);
	hw_report_free(rep);
}
