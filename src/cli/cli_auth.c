/*
 * cli_auth.c - helpers of `homeward user`, `homeward audit` and the
 * first admin of `homeward init`.
 */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "homeward/alloc.h"
#include "homeward/date.h"
#include "cli/cli_auth.h"
#include "core/banned.h"

void cli_who(struct hw_actor *who, char *buf, size_t size)
{
	const char *login = getenv("USER");
	struct passwd *pw;

	if (!login || !*login)
		login = (pw = getpwuid(geteuid())) ? pw->pw_name : NULL;
	if (login && *login)
		snprintf(buf, size, "cli:%s", login);
	else
		snprintf(buf, size, "cli:uid-%ld", (long)geteuid());
	who->actor = buf;
	who->address = "local";
}

int64_t cli_now(void)
{
	return (int64_t)time(NULL);
}

int cli_read_password(char **out)
{
	char buf[HW_PASSWORD_MAX_BYTES + 4];
	size_t n = 0;
	int c;

	*out = NULL;
	while ((c = getchar()) != EOF && c != '\n') {
		if (n + 1 >= sizeof(buf)) {
			sodium_memzero(buf, sizeof(buf));
			fprintf(stderr, "homeward: password: a password has at most %d bytes\n",
				HW_PASSWORD_MAX_BYTES);
			return 1;
		}
		buf[n++] = (char)c;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	if (ferror(stdin)) {
		sodium_memzero(buf, sizeof(buf));
		fprintf(stderr, "homeward: cannot read the password: %s\n", strerror(errno));
		return 3;
	}
	*out = hw_strdup(buf);
	sodium_memzero(buf, sizeof(buf));
	if (!*out) {
		fprintf(stderr, "homeward: out of memory\n");
		return 3;
	}
	return 0;
}

void cli_format_time(int64_t t, char out[32])
{
	hw_time_format(t, out);
}

int cli_parse_time(const char *s, int end_of_day, int64_t *out)
{
	return hw_time_parse(s, end_of_day, out, NULL) ? -1 : 0;
}

void cli_print_generated(const char *user, char *password)
{
	printf("password of '%s': %s\n", user, password);
	printf("this password is shown only once and cannot be recovered: give it to its "
	       "user safely; 'homeward user passwd %s' sets a new one\n", user);
	fflush(stdout);
	hw_auth_secret_free(password);
}
