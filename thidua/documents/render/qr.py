"""The verification QR code of an issued document: its modules, and a PNG of them for Word.

The PDF draws the modules as vector squares (render/pdf.py); Word needs a picture, so the same
modules are written as a small black-and-white PNG with square pixels per module (sharp when
Word scales it to 14 mm: no anti-aliased edges between modules). Pure: no Django.
"""

import struct
import zlib
from functools import lru_cache

import qrcode

# Pixels per module of the PNG: at 14 mm and ~30 modules, 10 px gives ~540 dpi, above what an
# office printer resolves, so Word never has to invent pixels.
PNG_PIXELS_PER_MODULE = 10


@lru_cache(maxsize=256)
def _matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    # Choosing the best of the eight mask patterns is most of the cost; the Word and the PDF
    # renderer of one document ask for the same code, so it is computed once.
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    return tuple(tuple(bool(module) for module in row) for row in code.get_matrix())


def qr_modules(url: str) -> list[list[bool]]:
    """The QR code of `url` as its grid of modules (True: dark), without the quiet zone."""
    return [list(row) for row in _matrix(url)]


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def qr_png(url: str, *, scale: int = PNG_PIXELS_PER_MODULE) -> bytes:
    """The QR code of `url` as a 1-bit greyscale PNG, `scale` pixels per module, no quiet zone
    (the page around it is the quiet zone). Deterministic: the same URL gives the same bytes."""
    modules = qr_modules(url)
    side = len(modules) * scale
    rows = bytearray()
    for row in modules:
        bits = "".join(("0" if dark else "1") * scale for dark in row)  # 0 is black
        bits += "0" * (-len(bits) % 8)
        line = b"\x00" + int(bits, 2).to_bytes(len(bits) // 8, "big")  # filter: none
        rows += line * scale
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )
