/*
 * import.c - importing a persons CSV into the registry, all or nothing.
 *
 * The whole file is one transaction.  Each row is checked completely
 * (format, vocabularies, model rules, references, status change) before
 * anything of it is written, and written inside a savepoint of its own, so
 * that with --skip-invalid a row that fails half-way leaves no trace.
 * Without it, the first invalid row dooms the import, but reading goes on
 * so that every error (up to max_errors) is listed in one run.  The input
 * is hashed (SHA-256) as the reader takes it, and the caller's
 * before_commit hook, which writes the import's audit record, runs inside
 * the same transaction: the record and the import commit together.
 *
 * Identity: a row names its person by references.  An external reference
 * ("source:ref") that is known identifies the person; the public reference
 * ("HW-000042") does when no external one is known, and gives its id to a
 * new person when the id is free (an export re-imported into an empty
 * registry keeps its public references).  A known person is updated, never
 * duplicated, and only when something changed.
 */
#include <libgen.h>
#include <string.h>

#include <sodium.h>

#include "homeward/alloc.h"
#include "homeward/persons_csv.h"
#include "homeward/registry.h"
#include "core/banned.h"

struct importer {
	struct hw_store *st;
	const struct hw_import_options *o;
	const char *name;
	struct hw_csv_reader *r;
	const struct hw_csv_record *header;
	struct hw_persons_csv_map map;
	int64_t source_id;
	struct hw_import_result *res;
	struct hw_buf rejects;
	struct hw_csv_writer rw;
	int stop;
	crypto_hash_sha256_state digest; /* of the input, as read */
};

static void report(struct importer *im, const struct hw_error *e)
{
	char line[HW_ERROR_MSG_MAX + HW_ERROR_FILE_MAX + 128];
	long max = im->o->max_errors > 0 ? im->o->max_errors : 50;

	if (im->res->rejected <= max && im->o->diagnostics) {
		hw_error_format(e, line, sizeof(line));
		fprintf(im->o->diagnostics, "homeward: %s\n", line);
	}
	if (im->res->rejected == max && im->o->diagnostics)
		fprintf(im->o->diagnostics, "homeward: %s: too many errors, not listing more\n",
			im->name);
	if (im->res->rejected >= max && !im->o->skip_invalid)
		im->stop = 1;
}

static void write_reject(struct importer *im, const struct hw_csv_record *rec,
			 const struct hw_error *e)
{
	char reason[HW_ERROR_MSG_MAX + HW_ERROR_FILE_MAX + 128];
	size_t i;

	if (!im->o->rejects)
		return;
	hw_error_format(e, reason, sizeof(reason));
	for (i = 0; rec && i < rec->nfields; i++)
		hw_csv_write_field(&im->rw, rec->fields[i].text, rec->fields[i].len);
	hw_csv_write_str(&im->rw, reason);
	hw_csv_end_record(&im->rw);
	fwrite(im->rejects.data, 1, im->rejects.len, im->o->rejects);
	hw_buf_reset(&im->rejects);
}

static void reject(struct importer *im, const struct hw_csv_record *rec, struct hw_error *e)
{
	if (rec && !e->file[0])
		hw_error_at(e, im->name, rec->line, 0);
	im->res->rejected++;
	report(im, e);
	write_reject(im, rec, e);
}

/* The source every write of this import cites, recorded on the first write. */
static enum hw_err add_source(struct importer *im, struct hw_error *err)
{
	struct hw_source src = { 0 };
	char title[300], *copy;
	enum hw_err rc;

	if (im->source_id)
		return HW_OK;
	if (!(copy = hw_strdup(im->name)))
		return hw_error_set(err, HW_NOMEM, NULL);
	snprintf(title, sizeof(title), "import of %s", basename(copy));
	hw_free(copy);
	src.kind = HW_SOURCE_REGISTRY_IMPORT;
	src.title = title;
	src.date = hw_date_today();
	src.reliability = HW_RELIABILITY_UNKNOWN;
	rc = hw_store_source_add(im->st, &src, err);
	im->source_id = src.id;
	return rc;
}

/* ---- finding the person a row names ----------------------------------- */

static enum hw_err find_existing(struct importer *im, const struct hw_person *p, int64_t *id,
				 struct hw_error *err)
{
	int64_t found = 0, pid;
	struct hw_person probe;
	enum hw_err rc;
	size_t i;

	for (i = 0; i < p->nrefs; i++) {
		rc = hw_store_person_by_extref(im->st, p->refs[i].source, p->refs[i].ref, &pid, err);
		if (rc == HW_NOT_FOUND)
			continue;
		if (rc)
			return rc;
		if (found && found != pid)
			return hw_error_set_field(err, HW_CONFLICT, "ref",
						  "the references name different persons");
		found = pid;
	}
	if (found && p->id && p->id != found)
		return hw_error_set_field(err, HW_CONFLICT, "ref",
					  "the public and external references name different persons");
	if (!found && p->id) {
		hw_person_init(&probe);
		rc = hw_store_person_get(im->st, p->id, &probe, err);
		hw_person_release(&probe);
		if (rc && rc != HW_NOT_FOUND)
			return rc;
		found = rc ? 0 : p->id;
	}
	*id = found;
	return HW_OK;
}

/* ---- updating a known person ------------------------------------------ */

static int has_ref(const struct hw_person *p, const struct hw_extref *r)
{
	size_t i;

	for (i = 0; i < p->nrefs; i++)
		if (!strcmp(p->refs[i].source, r->source) && !strcmp(p->refs[i].ref, r->ref))
			return 1;
	return 0;
}

/* Turns the parsed row `p` into the stored person updated by it. */
static enum hw_err merge(struct hw_person *p, struct hw_person *stored, struct hw_error *err)
{
	struct hw_name primary = p->names[0];
	size_t i;
	enum hw_err rc;

	p->names[0] = (struct hw_name){ 0 };
	for (i = 0; i < p->nnames; i++) {
		hw_free(p->names[i].family);
		hw_free(p->names[i].given);
		hw_free(p->names[i].patronymic);
	}
	hw_free(p->names);
	p->names = stored->names;
	p->nnames = stored->nnames;
	stored->names = NULL;
	stored->nnames = 0;
	rc = hw_registry_set_primary_name(p, primary.family, primary.given, primary.patronymic,
					  err);
	hw_free(primary.family);
	hw_free(primary.given);
	hw_free(primary.patronymic);
	for (i = 0; !rc && i < stored->nrefs; i++)
		if (!has_ref(p, &stored->refs[i]))
			rc = hw_person_add_ref(p, stored->refs[i].source, stored->refs[i].ref, err);
	p->id = stored->id;
	p->version = stored->version;
	p->status = stored->status;
	return rc;
}

/* Name records this import adds cite its source. */
static void cite_new_names(struct hw_person *p, int64_t source_id)
{
	size_t i;

	for (i = 0; i < p->nnames; i++)
		if (p->names[i].id == 0)
			p->names[i].source_id = source_id;
}

/* The person as the export writes it, into `out` (reset first). */
static enum hw_err render_row(const struct hw_person *p, struct hw_buf *out)
{
	struct hw_csv_writer w;

	hw_buf_reset(out);
	hw_csv_writer_init(&w, out);
	return hw_persons_csv_write(&w, p);
}

static enum hw_err change_status(struct importer *im, const struct hw_person *p,
				 enum hw_status to, struct hw_error *err)
{
	enum hw_event_type type;
	struct hw_event e;
	enum hw_err rc;

	if (!hw_event_for_transition(p->status, to, p->held_by, &type))
		return hw_error_set_field(err, HW_REFUSED, "status",
					  "cannot change from '%s' to '%s' by an import: no event "
					  "leads there (record a 'status_corrected' event with a reason)",
					  hw_vocab_code(&hw_vocab_status, p->status),
					  hw_vocab_code(&hw_vocab_status, to));
	hw_event_init(&e);
	e.person_id = p->id;
	e.type = type;
	e.source_id = im->source_id;
	e.recorded_by = (char *)im->o->actor;
	rc = hw_registry_event_add(im->st, &e, HW_STATUS_NONE, err);
	e.recorded_by = NULL;
	hw_event_release(&e);
	return rc;
}

static enum hw_err update(struct importer *im, struct hw_person *p, int64_t id,
			  enum hw_status status, struct hw_error *err)
{
	struct hw_buf before = HW_BUF_INIT, after = HW_BUF_INIT;
	struct hw_person stored;
	enum hw_status was;
	int64_t version;
	enum hw_err rc;
	int changed;

	hw_person_init(&stored);
	if ((rc = hw_store_person_get(im->st, id, &stored, err)))
		goto out;
	/* what the row changes, judged as the export would write it; merge
	 * takes the stored name records over, so the row is written first */
	if ((rc = render_row(&stored, &before)))
		goto out;
	was = stored.status;
	version = stored.version;
	if ((rc = merge(p, &stored, err)) || (rc = render_row(p, &after)))
		goto out;
	changed = before.len != after.len || memcmp(before.data, after.data, before.len);
	if ((changed || (status != HW_STATUS_NONE && status != was)) &&
	    (rc = add_source(im, err)))
		goto out;
	if (changed)
		cite_new_names(p, im->source_id);
	if (changed && (rc = hw_registry_person_edit(im->st, p, version, err)))
		goto out;
	if (status != HW_STATUS_NONE && status != was) {
		if ((rc = change_status(im, p, status, err)))
			goto out;
		changed = 1;
	}
	if (changed)
		im->res->updated++;
	else
		im->res->unchanged++;
out:
	hw_person_release(&stored);
	hw_buf_release(&before);
	hw_buf_release(&after);
	return rc;
}

/* ---- one row ---------------------------------------------------------- */

static enum hw_err apply(struct importer *im, struct hw_person *p, enum hw_status status,
			 struct hw_error *err)
{
	int64_t id = 0;
	enum hw_err rc;

	if ((rc = find_existing(im, p, &id, err)))
		return rc;
	if (id)
		return update(im, p, id, status, err);
	if ((rc = add_source(im, err)))
		return rc;
	p->names[0].source_id = im->source_id;
	rc = hw_registry_person_add(im->st, p, status, NULL, im->source_id, im->o->actor, err);
	if (!rc)
		im->res->created++;
	return rc;
}

static void import_record(struct importer *im, const struct hw_csv_record *rec)
{
	struct hw_persons_row row;
	struct hw_person p;
	struct hw_error e;
	enum hw_err rc;

	hw_person_init(&p);
	hw_error_clear(&e);
	im->res->rows++;
	rc = hw_persons_csv_parse(&im->map, rec, im->name, im->o->source_label, &p, &row, &e);
	/* After a rejected row of an all-or-nothing import, rows are only
	 * checked: nothing will be committed. */
	if (!rc && im->o->skip_invalid) {
		/* a row that fails half-way must leave nothing behind */
		int64_t source_before = im->source_id;

		rc = hw_store_unit_begin(im->st, &e);
		if (!rc)
			rc = hw_store_unit_end(im->st, apply(im, &p, row.status, &e), &e);
		if (rc)
			im->source_id = source_before; /* rolled back with the row */
	} else if (!rc && !im->res->rejected) {
		/* all or nothing: a failing row dooms the whole transaction */
		rc = apply(im, &p, row.status, &e);
	}
	if (rc)
		reject(im, rec, &e);
	hw_person_release(&p);
}

static enum hw_err read_all(struct importer *im, struct hw_error *err)
{
	const struct hw_csv_record *rec;
	struct hw_error e;
	enum hw_err rc;

	while (!im->stop) {
		hw_error_clear(&e);
		rc = hw_csv_next(im->r, &rec, &e);
		if (rc && hw_csv_reader_failed(im->r)) {
			/* the file cannot be read on: listed, and nothing is imported */
			im->res->rejected++;
			report(im, &e);
			return hw_error_set(err, rc, "%s: the file cannot be read on; nothing was "
					    "imported", im->name);
		}
		if (rc) {
			/* a row with another number of fields: the reader goes on */
			im->res->rows++;
			reject(im, rec, &e);
			continue;
		}
		if (!rec)
			break;
		if (!rec->blank)
			import_record(im, rec);
	}
	return HW_OK;
}

/* Every byte read goes into the digest and the size of the input. */
static void observe(void *ctx, const void *data, size_t len)
{
	struct importer *im = ctx;

	crypto_hash_sha256_update(&im->digest, data, len);
	im->res->bytes += len;
}

static enum hw_err open_file(struct importer *im, FILE *in, struct hw_error *err)
{
	enum hw_err rc;
	size_t i;

	if (sodium_init() < 0)
		return hw_error_set(err, HW_INTERNAL, "libsodium cannot start");
	crypto_hash_sha256_init(&im->digest);
	if ((rc = hw_csv_reader_new_file(&im->r, in, im->name, NULL, err)))
		return rc;
	hw_csv_reader_observe(im->r, observe, im);
	if ((rc = hw_csv_read_header(im->r, &im->header, err)))
		return rc;
	if ((rc = hw_persons_csv_map_header(im->r, im->header, im->name, &im->map, err)))
		return rc;
	if (im->o->rejects) {
		for (i = 0; i < im->header->nfields; i++)
			hw_csv_write_str(&im->rw, im->header->fields[i].text);
		hw_csv_write_str(&im->rw, "reason");
		hw_csv_end_record(&im->rw);
		fwrite(im->rejects.data, 1, im->rejects.len, im->o->rejects);
		hw_buf_reset(&im->rejects);
	}
	return HW_OK;
}

enum hw_err hw_registry_import_persons(struct hw_store *st, FILE *in, const char *name,
				       const struct hw_import_options *options,
				       struct hw_import_result *result, struct hw_error *err)
{
	struct importer im = { 0 };
	enum hw_err rc;

	memset(result, 0, sizeof(*result));
	im.st = st;
	im.o = options;
	im.name = name;
	im.res = result;
	hw_buf_init(&im.rejects, 0);
	hw_csv_writer_init(&im.rw, &im.rejects);
	if ((rc = open_file(&im, in, err)))
		goto out;
	hw_store_tune_for_bulk(st);
	if ((rc = hw_store_begin(st, err)))
		goto out;
	rc = read_all(&im, err);
	if (!rc && result->rejected && !options->skip_invalid)
		rc = hw_error_set(err, HW_INVALID, "%ld invalid row%s; nothing was imported",
				  result->rejected, result->rejected == 1 ? "" : "s");
	if (!rc)
		crypto_hash_sha256_final(&im.digest, result->sha256);
	if (!rc && options->before_commit)
		rc = options->before_commit(options->before_commit_ctx, st, result, err);
	if (rc)
		hw_store_rollback(st);
	else
		rc = hw_store_commit(st, err);
out:
	hw_csv_reader_free(im.r);
	hw_buf_release(&im.rejects);
	return rc;
}
