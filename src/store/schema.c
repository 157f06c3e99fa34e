/*
 * schema.c - the versioned schema of the SQLite back end.
 *
 * migrations[i] brings a database from version i to version i + 1
 * (PRAGMA user_version).  A released migration is never edited: a change
 * is a new migration appended at the end.  Each runs in its own
 * transaction together with the version bump, so a database is always at
 * exactly one version.
 *
 * History is protected in the schema itself: triggers refuse to update or
 * delete events, name records (except the kind of a name record, which
 * changes when another name becomes primary), person versions and
 * sources.  Persons are never deleted (merging is an event).
 */
#include <stddef.h>

#include "store/sqlite_int.h"
#include "core/banned.h"

static const char *const migrations[] = {
	/* 0 -> 1: the registry */
	"CREATE TABLE sources ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  date TEXT,"
	"  reliability TEXT NOT NULL,"
	"  recorded_at TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE persons ("
	"  id INTEGER PRIMARY KEY,"
	"  version INTEGER NOT NULL CHECK (version > 0),"
	"  sex TEXT NOT NULL CHECK (sex = 'M' OR sex = 'F' OR sex = 'U'),"
	"  birth_date TEXT,"
	"  birth_place TEXT,"
	"  citizenship TEXT,"
	"  category TEXT NOT NULL,"
	"  branch TEXT,"
	"  unit TEXT,"
	"  rank TEXT,"
	"  service_number TEXT,"
	"  status TEXT NOT NULL,"
	"  held_by TEXT NOT NULL,"
	"  captured_on TEXT,"
	"  capture_place TEXT,"
	"  region TEXT,"
	"  health INTEGER NOT NULL DEFAULT 0,"
	"  next_of_kin TEXT,"
	"  notes TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE names ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES persons(id),"
	"  kind TEXT NOT NULL,"
	"  script TEXT NOT NULL,"
	"  family TEXT NOT NULL,"
	"  given TEXT NOT NULL,"
	"  patronymic TEXT,"
	"  source_id INTEGER REFERENCES sources(id),"
	"  recorded_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX names_person ON names(person_id);"
	/* (ref, source): serves "source:ref" and a bare ref alike */
	"CREATE TABLE external_refs ("
	"  ref TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  person_id INTEGER NOT NULL REFERENCES persons(id),"
	"  PRIMARY KEY (ref, source)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX external_refs_person ON external_refs(person_id);"
	"CREATE TABLE person_tags ("
	"  person_id INTEGER NOT NULL REFERENCES persons(id),"
	"  tag TEXT NOT NULL,"
	"  PRIMARY KEY (person_id, tag)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX person_tags_tag ON person_tags(tag, person_id);"
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  person_id INTEGER NOT NULL REFERENCES persons(id),"
	"  type TEXT NOT NULL,"
	"  date TEXT,"
	"  status_after TEXT NOT NULL,"
	"  note TEXT,"
	"  source_id INTEGER REFERENCES sources(id),"
	"  stage_id INTEGER,"
	"  recorded_at TEXT NOT NULL,"
	"  recorded_by TEXT"
	") STRICT;"
	"CREATE INDEX events_person ON events(person_id, id);"
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
	"  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE TRIGGER names_no_update BEFORE UPDATE OF person_id, script, family, given,"
	"  patronymic, source_id, recorded_at ON names"
	"  BEGIN SELECT RAISE(ABORT, 'name records are append-only'); END;"
	"CREATE TRIGGER names_no_delete BEFORE DELETE ON names"
	"  BEGIN SELECT RAISE(ABORT, 'name records are append-only'); END;"
	"CREATE TRIGGER persons_no_delete BEFORE DELETE ON persons"
	"  BEGIN SELECT RAISE(ABORT, 'persons are never deleted'); END;"
	"CREATE TRIGGER sources_no_change BEFORE UPDATE ON sources"
	"  BEGIN SELECT RAISE(ABORT, 'sources are append-only'); END;"
	"CREATE TRIGGER sources_no_delete BEFORE DELETE ON sources"
	"  BEGIN SELECT RAISE(ABORT, 'sources are append-only'); END;",

	/* 1 -> 2: every earlier version of a person's fields */
	"CREATE TABLE person_versions ("
	"  person_id INTEGER NOT NULL REFERENCES persons(id),"
	"  version INTEGER NOT NULL,"
	"  sex TEXT NOT NULL,"
	"  birth_date TEXT,"
	"  birth_place TEXT,"
	"  citizenship TEXT,"
	"  category TEXT NOT NULL,"
	"  branch TEXT,"
	"  unit TEXT,"
	"  rank TEXT,"
	"  service_number TEXT,"
	"  held_by TEXT NOT NULL,"
	"  captured_on TEXT,"
	"  capture_place TEXT,"
	"  region TEXT,"
	"  health INTEGER NOT NULL,"
	"  next_of_kin TEXT,"
	"  notes TEXT,"
	"  tags TEXT,"
	"  valid_from TEXT NOT NULL,"
	"  valid_until TEXT NOT NULL,"
	"  PRIMARY KEY (person_id, version)"
	") STRICT;"
	"CREATE TRIGGER person_versions_no_update BEFORE UPDATE ON person_versions"
	"  BEGIN SELECT RAISE(ABORT, 'person versions are append-only'); END;"
	"CREATE TRIGGER person_versions_no_delete BEFORE DELETE ON person_versions"
	"  BEGIN SELECT RAISE(ABORT, 'person versions are append-only'); END;",
};

int store_migration_count(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

const char *store_migration(int from_version)
{
	if (from_version < 0 || from_version >= store_migration_count())
		return NULL;
	return migrations[from_version];
}
