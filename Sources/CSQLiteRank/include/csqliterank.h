#ifndef CSQLITERANK_H
#define CSQLITERANK_H
#include <sqlite3.h>

/// Registers the FTS5 auxiliary function `ampere_bm25` on `db` (see ampere_bm25.c); returns an SQLite result code.
int csqliterank_register(sqlite3 *db);

#endif
