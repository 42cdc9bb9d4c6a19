#ifndef DSYNC_CZLIB_SHIM_H
#define DSYNC_CZLIB_SHIM_H
#include <zlib.h>
// deflateInit2/inflateInit2 are macros that pass the library version and struct size.
static inline int czlib_deflate_init_raw(z_streamp s, int level) {
    return deflateInit2(s, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}
static inline int czlib_inflate_init_raw(z_streamp s) { return inflateInit2(s, -15); }
#endif
