/*
 * cli_auth.h - what the commands about users and the audit trail share:
 * who acts from the command line, reading a password from stdin, and
 * times as text.
 */
#ifndef HOMEWARD_CLI_AUTH_H
#define HOMEWARD_CLI_AUTH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "homeward/audit.h"
#include "homeward/auth.h"
#include "cli/cli.h"

/* The actor of the command line: "cli:" and the login ($USER, else the
 * account of the process), from address "local"; `buf` holds the name. */
void cli_who(struct hw_actor *who, char *buf, size_t size);

/* The current time, for the library (which never reads the clock). */
int64_t cli_now(void);

/*
 * Reads a password from stdin: one line, its line end removed.  Returns
 * 0 with *out a heap string for hw_auth_secret_free, or prints why not
 * and returns the exit status.
 */
int cli_read_password(char **out);

/* Writes a time as "YYYY-MM-DDTHH:MM:SSZ". */
void cli_format_time(int64_t t, char out[32]);

/* Parses "YYYY-MM-DD" (the day's first second, or with `end_of_day` its
 * last) or "YYYY-MM-DDTHH:MM:SSZ"; 0 on success. */
int cli_parse_time(const char *s, int end_of_day, int64_t *out);

/* Prints a generated password once, with the note that it is not shown
 * again, and frees it (wiped). */
void cli_print_generated(const char *user, char *password);

#endif
