/*
 * cli_listing.c - an audited listing of persons (`person list`, `export
 * persons`): the record of what is disclosed is committed before any of
 * the output can be seen.
 *
 * The record names the persons listed and the SHA-256 of the output, which
 * are known only once the listing is rendered, while the output may be far
 * larger than memory (an export of a million persons).  So the listing
 * runs in one read snapshot and is rendered
 *  - into the file given with --output: its temporary file, renamed over
 *    the file only once the record is committed;
 *  - for stdout, into memory while it stays under SPOOL_MAX, written out
 *    after the record.  Past the cap only its digest is kept; once the
 *    record is committed (through a second handle: the first holds the
 *    snapshot) the persons are rendered a second time, from the same
 *    snapshot, to stdout, and that digest is checked against the record's.
 * No temporary file is written for stdout: its reader may be a pipe into
 * an encrypting program precisely to keep the data off the disk.
 */
#include <errno.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli_audit.h"
#include "core/banned.h"

#define SPOOL_MAX ((size_t)32 << 20)
#define CHUNK_FLUSH ((size_t)64 << 10)

/* One rendering of the listing. */
struct pass {
	const struct cli_listing *l;
	struct cli_disclosure *d;      /* the first pass notes the persons here */
	crypto_hash_sha256_state hash; /* of the output */
	struct hw_buf chunk;           /* rendered, not yet flushed */
	FILE *out;                     /* where the output goes, or NULL */
	struct hw_buf *spool;          /* or the output kept, until past its cap */
	size_t n;
	int write_failed;
	enum hw_err rc;
};

static void pass_init(struct pass *ps, const struct cli_listing *l)
{
	memset(ps, 0, sizeof(*ps));
	ps->l = l;
	hw_buf_init(&ps->chunk, 0);
	crypto_hash_sha256_init(&ps->hash);
}

static void flush(struct pass *ps)
{
	struct hw_buf *c = &ps->chunk;

	crypto_hash_sha256_update(&ps->hash, (const unsigned char *)c->data, c->len);
	if (ps->out && c->len && fwrite(c->data, 1, c->len, ps->out) != c->len)
		ps->write_failed = 1;
	if (ps->spool && hw_buf_add(ps->spool, c->data, c->len)) {
		hw_buf_release(ps->spool);
		ps->spool = NULL;
	}
	hw_buf_reset(c);
}

static int each(void *ctx, const struct hw_person *p)
{
	struct pass *ps = ctx;

	ps->rc = ps->l->one(ps->l->ctx, p, ps->n++, &ps->chunk);
	if (!ps->rc && ps->d && cli_disclosure_add(ps->d, p->id))
		ps->rc = HW_NOMEM;
	if (!ps->rc && ps->chunk.len >= CHUNK_FLUSH)
		flush(ps);
	return ps->rc != HW_OK;
}

/* Renders the whole listing; its digest into `digest`. */
static enum hw_err run_pass(struct hw_store *st, struct pass *ps, unsigned char digest[32],
			    struct hw_error *err)
{
	const struct cli_listing *l = ps->l;
	enum hw_err rc = HW_OK;

	if (l->begin && (rc = l->begin(l->ctx, &ps->chunk)))
		return hw_error_set(err, rc, NULL);
	if ((rc = hw_store_person_each(st, l->filter, each, ps, err)))
		return rc;
	if (ps->rc)
		return hw_error_set(err, ps->rc, NULL);
	if (l->end && (rc = l->end(l->ctx, ps->n, &ps->chunk)))
		return hw_error_set(err, rc, NULL);
	flush(ps);
	crypto_hash_sha256_final(&ps->hash, digest);
	return HW_OK;
}

/* After the record: the output a second time, to stdout, from the snapshot. */
static int second_pass(struct hw_store *st, const struct cli_listing *l, FILE *out,
		       const unsigned char want[32])
{
	unsigned char got[32];
	struct hw_error err;
	struct pass ps;
	int rc = 0;

	hw_error_clear(&err);
	pass_init(&ps, l);
	ps.out = out;
	if (run_pass(st, &ps, got, &err))
		rc = cli_fail(&err);
	else if (ps.write_failed) {
		fprintf(stderr, "homeward: writing the output failed: %s\n", strerror(errno));
		rc = 3;
	} else if (memcmp(got, want, sizeof(got))) {
		fprintf(stderr, "homeward: the output differs from what its audit record says\n");
		rc = 3;
	}
	hw_buf_release(&ps.chunk);
	return rc;
}

int cli_listing_run(const struct cli *cli, struct hw_store *st, const struct cli_listing *l)
{
	struct cli_disclosure d;
	struct cli_out out = { NULL, NULL, NULL };
	struct hw_store *side = NULL;
	struct hw_buf spool;
	struct hw_error err;
	struct pass ps;
	int to_file = strcmp(l->path, "-") != 0, again, rc;

	hw_error_clear(&err);
	cli_disclosure_init(&d);
	hw_buf_init(&spool, SPOOL_MAX);
	pass_init(&ps, l);
	ps.d = &d;
	if (sodium_init() < 0 || hw_store_snapshot_begin(st, &err)) {
		rc = err.code ? cli_fail(&err) : 3;
		goto out;
	}
	if ((rc = cli_out_open(&out, l->path)))
		goto out;
	if (to_file)
		ps.out = out.f;
	else
		ps.spool = &spool;
	if (run_pass(st, &ps, d.sha256, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if (ps.write_failed) {
		fprintf(stderr, "homeward: cannot write '%s': %s\n", l->path, strerror(errno));
		rc = 3;
		goto out;
	}
	if (cli_disclosure_json(&d, 1, l->detail)) {
		hw_error_set(&err, HW_NOMEM, NULL);
		rc = cli_fail(&err);
		goto out;
	}
	/* the record, through a second handle when the snapshot is still needed */
	if ((again = !to_file && !ps.spool) && (rc = cli_open(cli, 0, &side)))
		goto out;
	if (!again)
		hw_store_snapshot_end(st);
	if ((rc = cli_audit_read(again ? side : st, l->action, "person", 0, l->detail)))
		goto out;
	if (again)
		rc = second_pass(st, l, out.f, d.sha256);
	else if (!to_file && fwrite(spool.data, 1, spool.len, out.f) != spool.len) {
		fprintf(stderr, "homeward: writing the output failed: %s\n", strerror(errno));
		rc = 3;
	}
	if (!rc)
		rc = cli_out_commit(&out);
out:
	if (out.f)
		cli_out_abort(&out);
	hw_store_snapshot_end(st);
	hw_store_close(side);
	hw_buf_release(&ps.chunk);
	hw_buf_release(&spool);
	cli_disclosure_release(&d);
	return rc;
}
