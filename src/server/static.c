/*
 * static.c - the web interface's files: GET / (index.html) and
 * GET /assets/{file} from the directory the front-end build wrote
 * (web/dist, `homeward serve --web DIR`).
 *
 * These routes are public: the files hold no data (the interface asks
 * the JSON API for everything, with the session).  Only plain file names
 * are served: a name of letters, digits, '.', '_' and '-' that does not
 * start with a dot, with an extension of the table below, opened without
 * following a symbolic link and only when it is a regular file; so no
 * path leaves the directory and nothing but what the build wrote is
 * served.  Files are read whole (they are small) on each request, so a new
 * build is served at once.
 *
 * Caching: the build names every asset by its content hash
 * ("app-5ZQ3KX7M.js"), so those are cached for a year as immutable;
 * index.html and any unhashed file are revalidated each time (no-cache).
 * index.html gets a Content-Security-Policy that allows scripts, styles,
 * images, fonts and fetches from this origin only, no inline script or
 * style and no eval, and no framing.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "homeward/alloc.h"
#include "server/server_priv.h"
#include "core/banned.h"

#define FILE_NAME_MAX 128
#define FILE_SIZE_MAX (16 * 1024 * 1024)

const char hw_web_csp[] =
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
	"frame-ancestors 'none'";

static const char cache_immutable[] = "public, max-age=31536000, immutable";
static const char cache_revalidate[] = "no-cache";

static const struct {
	const char *ext, *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".woff2", "font/woff2" },
	{ ".txt", "text/plain; charset=utf-8" },
};

/* The Content-Type of `name` by its extension, or NULL when not served. */
static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return NULL;
}

int hw_web_name_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (!n || n > FILE_NAME_MAX || name[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return type_of(name) != NULL;
}

int hw_web_name_hashed(const char *name)
{
	const char *dot = strrchr(name, '.'), *dash;
	const char *p;

	if (!dot)
		return 0;
	for (dash = dot; dash > name && dash[-1] != '-'; dash--)
		;
	if (dash <= name + 1 || dot - dash < 8)
		return 0;
	for (p = dash; p < dot; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

/* Reads the regular file `path` whole into *out (hw_malloc). */
static enum hw_err read_file(const char *path, char **out, size_t *len, struct hw_error *err)
{
	struct stat sb;
	char *data = NULL;
	size_t got = 0;
	ssize_t n = 0;
	enum hw_err rc = HW_OK;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &sb) || !S_ISREG(sb.st_mode) || sb.st_size > FILE_SIZE_MAX) {
		rc = hw_error_set(err, HW_NOT_FOUND, "no such file");
		goto out;
	}
	if (!(data = hw_malloc((size_t)sb.st_size + 1))) {
		rc = hw_error_set(err, HW_NOMEM, NULL);
		goto out;
	}
	while (got < (size_t)sb.st_size) {
		n = read(fd, data + got, (size_t)sb.st_size - got);
		if (n > 0)
			got += (size_t)n;
		else if (n < 0 && errno == EINTR)
			continue;
		else
			break;
	}
	if (got != (size_t)sb.st_size) {
		rc = hw_error_set(err, HW_IO, "%s: cannot read: %s", path,
				  n < 0 ? strerror(errno) : "the file was shortened");
		goto out;
	}
	*out = data;
	*len = got;
	data = NULL;
out:
	hw_free(data);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Answers file `name` of subdirectory `sub` ("" or "assets/") of the web
 * directory. */
static void serve(struct hw_request *r, const char *sub, const char *name)
{
	const char *dir = r->srv->opt.web_dir;
	char path[4096];
	struct hw_error err;

	hw_error_clear(&err);
	if (!dir) {
		hw_reply_fail(r, HW_NOT_FOUND, NULL,
			      "this server has no web interface (homeward serve --web DIR)");
		return;
	}
	if (!hw_web_name_ok(name) ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s%s", dir, sub, name) >= sizeof(path)) {
		hw_reply_fail(r, HW_NOT_FOUND, NULL, "no such resource");
		return;
	}
	if (read_file(path, &r->file, &r->file_len, &err)) {
		if (err.code == HW_NOT_FOUND && !*sub)
			hw_error_set(&err, HW_NOT_FOUND,
				     "the web interface is not built in '%.200s' (make web)", dir);
		else if (err.code == HW_NOT_FOUND)
			hw_error_set(&err, HW_NOT_FOUND, "no such resource");
		hw_reply_error(r, &err);
		return;
	}
	r->status = 200;
	r->file_type = type_of(name);
	r->cache = hw_web_name_hashed(name) ? cache_immutable : cache_revalidate;
	if (!strcmp(type_of(name), "text/html; charset=utf-8"))
		r->csp = hw_web_csp;
}

void hw_h_web_index(struct hw_request *r)
{
	serve(r, "", "index.html");
}

void hw_h_web_asset(struct hw_request *r)
{
	serve(r, "assets/", hw_route_param(&r->params, "file"));
}
