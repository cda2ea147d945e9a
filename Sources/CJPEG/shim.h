#include <stdio.h>
#include <stddef.h>
#include <jpeglib.h>
// jpeg_create_decompress is a macro passing JPEG_LIB_VERSION and the struct size; wrap it.
static inline void cjpeg_create_decompress(j_decompress_ptr cinfo) { jpeg_create_decompress(cinfo); }
