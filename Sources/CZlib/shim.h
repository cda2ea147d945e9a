#include <zlib.h>
// deflateInit2 / inflateInit2 are macros (they pass ZLIB_VERSION and sizeof(z_stream)); wrap them.
static inline int czlib_deflateInit2(z_streamp s, int level, int windowBits) {
    return deflateInit2(s, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
static inline int czlib_inflateInit2(z_streamp s, int windowBits) {
    return inflateInit2(s, windowBits);
}

// Room `czlib_deflate_once` needs for `len` input bytes in the worst case (zlib's bound plus a gzip header).
static inline size_t czlib_deflate_capacity(size_t len) {
    return (size_t)compressBound((uLong)len) + 32;
}

// One-shot deflate of `in` into `out` (at least `czlib_deflate_capacity(len)` bytes): windowBits 15 writes a zlib
// stream, 15 + 16 a gzip member. Returns the bytes written, or -1 when zlib fails or `out` is too small.
static inline long czlib_deflate_once(const unsigned char *in, size_t len, unsigned char *out, size_t cap,
                                      int level, int windowBits) {
    z_stream s = {0};
    if (czlib_deflateInit2(&s, level, windowBits) != Z_OK) return -1;
    s.next_in = (Bytef *)in;
    s.avail_in = (uInt)len;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    int rc = deflate(&s, Z_FINISH);
    long produced = (long)s.total_out;
    deflateEnd(&s);
    return rc == Z_STREAM_END ? produced : -1;
}
