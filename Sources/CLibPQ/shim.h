#include <libpq-fe.h>
// PG_DIAG_SQLSTATE is a character macro in postgres_ext.h; exposed as a constant Swift can read.
static inline int clibpq_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }
