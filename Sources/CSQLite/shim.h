#ifndef DSYNC_CSQLITE_SHIM_H
#define DSYNC_CSQLITE_SHIM_H
// The session extension's declarations are guarded by these macros in sqlite3.h; Debian's
// libsqlite3 is built with both, so defining them here only makes the prototypes visible.
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer; Swift cannot import it.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
// sqlite3_config is variadic; Swift cannot call it. Memory statistics take a global mutex on every
// allocation; nothing here reads them. Must run before the library initialises (else SQLITE_MISUSE).
static inline int csqlite_disable_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
#endif
