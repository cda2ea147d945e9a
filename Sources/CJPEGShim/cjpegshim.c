// libjpeg's default error manager calls exit(); a service must never do that on bad input.
// This file installs an error manager that longjmps back to the entry point, so every failure
// becomes an error code plus libjpeg's message, and all libjpeg state is destroyed on every path.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>
#include <jerror.h>
#include "cjpegshim.h"

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf env;
    char *message;
    size_t message_size;
} shim_error_mgr;

static void shim_error_exit(j_common_ptr cinfo) {
    shim_error_mgr *err = (shim_error_mgr *)cinfo->err;
    char buf[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, buf);
    if (err->message && err->message_size) {
        snprintf(err->message, err->message_size, "%s", buf);
    }
    longjmp(err->env, 1);
}

// Warnings (level -1) mean damaged data: libjpeg would fill the gap with grey and carry on.
// We reject instead, except "extraneous bytes before marker", which real encoders emit harmlessly.
static void shim_emit_message(j_common_ptr cinfo, int msg_level) {
    if (msg_level < 0 && cinfo->err->msg_code != JWRN_EXTRANEOUS_DATA) {
        shim_error_exit(cinfo);
    }
}

static void shim_init_error(shim_error_mgr *err, char *message, size_t message_size) {
    jpeg_std_error(&err->pub);
    err->pub.error_exit = shim_error_exit;
    err->pub.emit_message = shim_emit_message;
    err->message = message;
    err->message_size = message_size;
}

// A progressive JPEG may declare thousands of tiny scans, each forcing a pass over the whole
// coefficient buffer: a small file that burns seconds of CPU. Real encoders write about 10.
#define CJPEGSHIM_MAX_SCANS 256

static void shim_progress(j_common_ptr common) {
    if (common->is_decompressor) {
        j_decompress_ptr cinfo = (j_decompress_ptr)common;
        if (cinfo->input_scan_number > CJPEGSHIM_MAX_SCANS) {
            shim_error_mgr *err = (shim_error_mgr *)cinfo->err;
            if (err->message && err->message_size) {
                snprintf(err->message, err->message_size, "more than %d scans", CJPEGSHIM_MAX_SCANS);
            }
            longjmp(err->env, 1);
        }
    }
}

int cjpegshim_decode(const unsigned char *data, size_t size, int max_width, int max_height,
                     long long max_pixels, int min_side, cjpegshim_image *out) {
    struct jpeg_decompress_struct cinfo;
    shim_error_mgr err;
    // volatile: modified between setjmp and a possible longjmp.
    unsigned char *volatile pixels = NULL;
    unsigned char *volatile row = NULL;

    memset(out, 0, sizeof(*out));
    shim_init_error(&err, out->message, sizeof(out->message));
    cinfo.err = &err.pub;
    if (setjmp(err.env)) {
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        free(row);
        out->pixels = NULL;
        return CJPEGSHIM_CORRUPT;
    }
    jpeg_create_decompress(&cinfo);
    struct jpeg_progress_mgr progress = { .progress_monitor = shim_progress };
    cinfo.progress = &progress;
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);

    out->source_width = (int)cinfo.image_width;
    out->source_height = (int)cinfo.image_height;
    if ((long long)cinfo.image_width > max_width || (long long)cinfo.image_height > max_height ||
        (long long)cinfo.image_width * (long long)cinfo.image_height > max_pixels) {
        snprintf(out->message, sizeof(out->message), "JPEG is %ux%u, over the limit",
                 cinfo.image_width, cinfo.image_height);
        jpeg_destroy_decompress(&cinfo);
        return CJPEGSHIM_TOO_LARGE;
    }

    int cmyk = (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK);
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    if (min_side > 0) {
        unsigned int small = cinfo.image_width < cinfo.image_height ? cinfo.image_width : cinfo.image_height;
        unsigned int denom = 1;
        while (denom < 8 && small / (denom * 2) >= (unsigned int)min_side) denom *= 2;
        cinfo.scale_num = 1;
        cinfo.scale_denom = denom;
    }
    jpeg_start_decompress(&cinfo);

    int w = (int)cinfo.output_width, h = (int)cinfo.output_height, comps = cinfo.output_components;
    pixels = malloc((size_t)w * (size_t)h * 3);
    row = malloc((size_t)w * (size_t)comps);
    if (!pixels || !row) {
        snprintf(out->message, sizeof(out->message), "out of memory for %dx%d", w, h);
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        free(row);
        return CJPEGSHIM_NO_MEMORY;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        unsigned char *dst = pixels + (size_t)cinfo.output_scanline * (size_t)w * 3;
        JSAMPROW rows[1] = { comps == 3 ? dst : row };
        jpeg_read_scanlines(&cinfo, rows, 1);
        if (comps == 3) continue;
        for (int x = 0; x < w; x++) {
            if (comps == 4) {
                // Adobe writes CMYK inverted (0 = full ink), which is what libjpeg hands back.
                unsigned int k = row[x * 4 + 3];
                dst[x * 3 + 0] = (unsigned char)((row[x * 4 + 0] * k + 127) / 255);
                dst[x * 3 + 1] = (unsigned char)((row[x * 4 + 1] * k + 127) / 255);
                dst[x * 3 + 2] = (unsigned char)((row[x * 4 + 2] * k + 127) / 255);
            } else {
                dst[x * 3 + 0] = dst[x * 3 + 1] = dst[x * 3 + 2] = row[x * comps];
            }
        }
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(row);
    out->width = w;
    out->height = h;
    out->pixels = pixels;
    return CJPEGSHIM_OK;
}

int cjpegshim_encode(const unsigned char *rgb, int width, int height, int quality, int progressive,
                     int grayscale, unsigned char **out, unsigned long *out_size, char *message,
                     size_t message_size) {
    struct jpeg_compress_struct cinfo;
    shim_error_mgr err;
    unsigned char *volatile buffer = NULL;
    unsigned char *volatile grey = NULL;
    unsigned long size = 0;

    *out = NULL;
    *out_size = 0;
    shim_init_error(&err, message, message_size);
    cinfo.err = &err.pub;
    if (setjmp(err.env)) {
        jpeg_destroy_compress(&cinfo);
        free(buffer);
        free(grey);
        return CJPEGSHIM_CORRUPT;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, (unsigned char **)&buffer, &size);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = grayscale ? 1 : 3;
    cinfo.in_color_space = grayscale ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    // progressive == 2 (greyscale only): a legal but absurd script of 1 + 63 * 5 = 316 scans, one
    // coefficient and one bit per scan, so tests can check the decoder's scan limit.
    jpeg_scan_info many[1 + 63 * 5];   // on the stack: encode may run on several threads at once
    if (progressive == 2 && grayscale) {
        int n = 0;
        many[n++] = (jpeg_scan_info){ .comps_in_scan = 1, .component_index = {0}, .Ss = 0, .Se = 0, .Ah = 0, .Al = 0 };
        for (int k = 1; k < 64; k++) {
            many[n++] = (jpeg_scan_info){ .comps_in_scan = 1, .component_index = {0}, .Ss = k, .Se = k, .Ah = 0, .Al = 4 };
            for (int a = 3; a >= 0; a--) {
                many[n++] = (jpeg_scan_info){ .comps_in_scan = 1, .component_index = {0}, .Ss = k, .Se = k,
                                              .Ah = a + 1, .Al = a };
            }
        }
        cinfo.scan_info = many;
        cinfo.num_scans = n;
    } else if (progressive) {
        jpeg_simple_progression(&cinfo);
    }
    jpeg_start_compress(&cinfo, TRUE);
    if (grayscale) {
        grey = malloc((size_t)width);
        if (!grey) { jpeg_destroy_compress(&cinfo); free(buffer); return CJPEGSHIM_NO_MEMORY; }
    }
    while (cinfo.next_scanline < cinfo.image_height) {
        const unsigned char *src = rgb + (size_t)cinfo.next_scanline * (size_t)width * 3;
        if (grayscale) {
            for (int x = 0; x < width; x++) {
                grey[x] = (unsigned char)((src[x * 3] * 77 + src[x * 3 + 1] * 150 + src[x * 3 + 2] * 29) >> 8);
            }
        }
        JSAMPROW rows[1] = { grayscale ? grey : (JSAMPROW)src };
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    free(grey);
    *out = buffer;
    *out_size = size;
    return CJPEGSHIM_OK;
}

void cjpegshim_free(void *p) { free(p); }
