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
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, 32, "%lld", (long long)t);
}

/* The number of `n` digits at s, or -1. */
static int digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int cli_parse_time(const char *s, int end_of_day, int64_t *out)
{
	size_t n = strlen(s);
	struct tm tm, back;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if ((n != 10 && n != 20) || s[4] != '-' || s[7] != '-')
		return -1;
	tm.tm_year = digits(s, 4) - 1900;
	tm.tm_mon = digits(s + 5, 2) - 1;
	tm.tm_mday = digits(s + 8, 2);
	if (n == 20) {
		if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
			return -1;
		tm.tm_hour = digits(s + 11, 2);
		tm.tm_min = digits(s + 14, 2);
		tm.tm_sec = digits(s + 17, 2);
	} else if (end_of_day) {
		tm.tm_hour = 23;
		tm.tm_min = 59;
		tm.tm_sec = 59;
	}
	if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mday < 1 || tm.tm_hour < 0 ||
	    tm.tm_min < 0 || tm.tm_sec < 0)
		return -1;
	back = tm;
	t = timegm(&tm);
	/* a day that does not exist (31.02) or an hour past 23 moves the date */
	if (tm.tm_mday != back.tm_mday || tm.tm_mon != back.tm_mon || tm.tm_hour != back.tm_hour ||
	    tm.tm_min != back.tm_min || tm.tm_sec != back.tm_sec)
		return -1;
	*out = (int64_t)t;
	return 0;
}

void cli_print_generated(const char *user, char *password)
{
	printf("password of '%s': %s\n", user, password);
	printf("this password is shown only once and cannot be recovered: give it to its "
	       "user safely; 'homeward user passwd %s' sets a new one\n", user);
	fflush(stdout);
	hw_auth_secret_free(password);
}
