/*
 * commands.h - the subcommands, one file each (cmd_*.c).  Each receives
 * its own name as argv[0].
 */
#ifndef HOMEWARD_COMMANDS_H
#define HOMEWARD_COMMANDS_H

#include "cli/cli.h"

int cmd_init(int argc, char **argv, struct cli *cli);
int cmd_person(int argc, char **argv, struct cli *cli);
int cmd_event(int argc, char **argv, struct cli *cli);
int cmd_history(int argc, char **argv, struct cli *cli);
int cmd_import(int argc, char **argv, struct cli *cli);
int cmd_export(int argc, char **argv, struct cli *cli);
int cmd_generate(int argc, char **argv, struct cli *cli);
int cmd_search(int argc, char **argv, struct cli *cli);
int cmd_match(int argc, char **argv, struct cli *cli);
int cmd_exchange(int argc, char **argv, struct cli *cli);
int cmd_report(int argc, char **argv, struct cli *cli);
int cmd_demo(int argc, char **argv, struct cli *cli);
int cmd_user(int argc, char **argv, struct cli *cli);
int cmd_audit(int argc, char **argv, struct cli *cli);
int cmd_serve(int argc, char **argv, struct cli *cli);

#endif
