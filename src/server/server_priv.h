/*
 * server_priv.h - the server itself, shared by server.c (start, stop,
 * pools) and dispatch.c (the request callbacks of libmicrohttpd).
 */
#ifndef HOMEWARD_SERVER_PRIV_H
#define HOMEWARD_SERVER_PRIV_H

#include <pthread.h>
#include <stdio.h>

#include <microhttpd.h>

#include "server/server_int.h"

struct hw_server {
	struct hw_server_options opt; /* strings point to the copies below */
	char *db_path, *address, *web_dir;
	struct MHD_Daemon *d;
	int fd;                       /* the listening socket */
	unsigned port;
	FILE *log;
	struct hw_match_index *ix;
	struct hw_audit_writer *audit; /* group commit of the records of reads */
	struct hw_store_gate *gate;   /* writers of all the handles wait in turn */

	pthread_mutex_t lock;         /* the fields below, and the log */
	pthread_cond_t idle_cond;     /* signalled when in_flight drops to 0 */
	struct hw_store **idle;       /* idle handles; room for nall */
	size_t nidle, nall;
	long in_flight;
};

/* A store handle for a request: an idle one, or a new one. */
enum hw_err hw_server_store_take(struct hw_server *s, struct hw_store **out,
				 struct hw_error *err);
/* Gives a handle back (an open transaction is rolled back); NULL allowed. */
void hw_server_store_give(struct hw_server *s, struct hw_store *st);
/* Counts a request in (+1) or out (-1). */
void hw_server_flight(struct hw_server *s, int delta);

/* The callbacks of libmicrohttpd (dispatch.c). */
enum MHD_Result hw_server_access(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version,
				 const char *upload_data, size_t *upload_data_size,
				 void **con_cls);
void hw_server_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe);

#endif
