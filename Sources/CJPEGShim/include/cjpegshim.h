#ifndef CJPEGSHIM_H
#define CJPEGSHIM_H
#include <stddef.h>

/// Result codes of the shim (the Swift side maps them to typed errors).
enum {
    CJPEGSHIM_OK = 0,
    CJPEGSHIM_CORRUPT = 1,      // libjpeg reported an error or a warning about damaged/truncated data
    CJPEGSHIM_TOO_LARGE = 2,    // header dimensions exceed the limits; nothing was decompressed
    CJPEGSHIM_NO_MEMORY = 3,    // malloc failed for the output buffer
};

/// A decoded image: 8-bit RGB interleaved, `width * height * 3` bytes, owned by the caller (free with cjpegshim_free).
typedef struct {
    int width;              // output width (after DCT scaling, if any)
    int height;             // output height
    int source_width;       // dimensions written in the JPEG header
    int source_height;
    unsigned char *pixels;  // NULL unless the result is CJPEGSHIM_OK
    char message[200];      // libjpeg's message on failure
} cjpegshim_image;

/// Decodes a JPEG held in memory to RGB. Dimensions are checked against the limits right after
/// jpeg_read_header, before any pixel is decompressed. If `min_side > 0`, libjpeg's DCT scaling
/// (1/2, 1/4, 1/8) is used while the smaller output side stays >= min_side: a cheap, high-quality
/// down-sampling for callers that resize anyway.
int cjpegshim_decode(const unsigned char *data, size_t size, int max_width, int max_height,
                     long long max_pixels, int min_side, cjpegshim_image *out);

/// Encodes RGB pixels as a baseline (progressive = 0) or progressive (1) JPEG; progressive = 2 with
/// grayscale writes 316 tiny scans (a "scan bomb" fixture). `*out` is malloc'ed (free with cjpegshim_free).
/// Used by tests to make their own fixtures.
int cjpegshim_encode(const unsigned char *rgb, int width, int height, int quality, int progressive,
                     int grayscale, unsigned char **out, unsigned long *out_size, char *message, size_t message_size);

/// Frees a buffer returned by the shim.
void cjpegshim_free(void *p);

#endif
