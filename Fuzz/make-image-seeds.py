#!/usr/bin/env python3
"""Writes the image-decoder seed corpus: tiny JPEGs and PNGs covering the decoder's branches.

Each file is one fuzz input: byte 0 picks the decode side (see FuzzImageDecoder), the rest is the image.
Needs Pillow (pip install pillow). Usage: Fuzz/make-image-seeds.py Fuzz/corpus/image-decoder
"""
import io, sys
from PIL import Image

out = sys.argv[1]

def gradient(mode, w, h):
    img = Image.new("RGB", (w, h))
    img.putdata([((x * 255) // max(1, w - 1), (y * 255) // max(1, h - 1), (x * y) % 256) for y in range(h) for x in range(w)])
    return img.convert(mode)

def save(name, img, fmt, side=0, **kw):
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    with open(f"{out}/{name}", "wb") as f:
        f.write(bytes([side]) + buf.getvalue())

save("jpeg-rgb", gradient("RGB", 24, 16), "JPEG", quality=80)
save("jpeg-scaled", gradient("RGB", 64, 48), "JPEG", side=1, quality=60)
save("jpeg-progressive", gradient("RGB", 17, 9), "JPEG", progressive=True, quality=70)
save("jpeg-grey", gradient("L", 16, 16), "JPEG", quality=75)
save("jpeg-cmyk", gradient("CMYK", 8, 8), "JPEG", quality=75)
exif = Image.Exif()
exif[0x0112] = 6  # orientation: rotate 90
save("jpeg-exif-orientation", gradient("RGB", 12, 8), "JPEG", quality=70, exif=exif.tobytes())
save("png-rgb", gradient("RGB", 9, 7), "PNG")
save("png-rgba", gradient("RGBA", 7, 5), "PNG")
save("png-grey-alpha", gradient("LA", 5, 5), "PNG")
save("png-grey-1bit", gradient("1", 13, 3), "PNG")
save("png-palette-trns", gradient("RGB", 6, 6).convert("P", palette=Image.ADAPTIVE, colors=4), "PNG", transparency=0)
save("png-grey16", gradient("L", 4, 4).convert("I;16"), "PNG")
save("png-interlaced", gradient("RGB", 11, 10), "PNG", interlace=1)
