/*
 * exchange_cmds.h - what the two files of `homeward exchange` share:
 * cmd_exchange.c (agreements, stages, propose) and cmd_xlist.c (lists,
 * verification, completion).
 */
#ifndef HOMEWARD_CLI_EXCHANGE_CMDS_H
#define HOMEWARD_CLI_EXCHANGE_CMDS_H

#include <jansson.h>

#include "cli/cli.h"
#include "homeward/date.h"

/* A count option (0..1000000); a usage error otherwise. */
int cli_parse_count(const struct cli *cli, const char *opt, const char *arg, int *out);
/* A date option; the error names `field`. */
int cli_parse_date_opt(const char *field, const char *arg, struct hw_date *out);
/* A stage reference; prints the error. */
int cli_stage_resolve(struct hw_store *st, const char *ref, int64_t *id);
/* "?" for an unknown count. */
void cli_count_text(char *out, size_t size, int n);
/* "Family Given Patronymic" of person `id`'s primary name ("" if none). */
void cli_person_name(struct hw_store *st, int64_t id, char *out, size_t size);
/* Prints a JSON document (and drops the reference). */
int cli_print_json(json_t *j);

int xlist_import(int argc, char **argv, struct cli *cli);
int xlist_entries(int argc, char **argv, struct cli *cli);
int xlist_entry(int argc, char **argv, struct cli *cli);
int xlist_verify(int argc, char **argv, struct cli *cli);
int xlist_out(int argc, char **argv, struct cli *cli);
int xlist_complete(int argc, char **argv, struct cli *cli);

#endif
