"""Every part of an uploaded zip (.xlsx, .docx) inflated by us and counted as it comes out: its real
size, never the size the zip declares, in small chunks and small memory. A part that inflates past
the budget is stopped there, whatever its header says; one that inflates to another size than it
declares is damaged (or made to mislead a reader that trusts the header)."""

import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO

CHUNK = 1 << 20
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_LOCAL_SIGNATURE = b"PK\x03\x04"


class Oversized(Exception):
    """The parts inflate, in fact, to more than the budget."""


class Damaged(Exception):
    """A part cannot be inflated, or inflates to another size than it declares."""


def inflated_parts(file: IO[bytes], budget: int) -> Iterator[tuple[str, Iterator[bytes]]]:
    """Each part's name with an iterator over its inflated bytes. All parts together may inflate to
    ``budget`` bytes; the next byte raises Oversized. Read each part's iterator before the next."""
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        infos = archive.infolist()
    left = [budget]
    for info in infos:
        if info.is_dir():
            continue
        yield info.filename, _inflate(file, info, left)


def _inflate(file: IO[bytes], info: zipfile.ZipInfo, left: list[int]) -> Iterator[bytes]:
    if info.flag_bits & 0x1:
        raise Damaged(f"{info.filename}: encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise Damaged(f"{info.filename}: compression {info.compress_type}")
    file.seek(info.header_offset)
    header = file.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
        raise Damaged(f"{info.filename}: no local header")
    *_, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    file.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    compressed_left = info.compress_size
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
    produced, crc = 0, 0

    def counted(data: bytes) -> bytes:
        nonlocal produced, crc
        if len(data) > left[0]:
            raise Oversized(info.filename)
        left[0] -= len(data)
        produced += len(data)
        crc = zlib.crc32(data, crc)
        return data

    while compressed_left > 0:
        raw = file.read(min(CHUNK, compressed_left))
        if not raw:
            raise Damaged(f"{info.filename}: cut short")
        compressed_left -= len(raw)
        if inflater is None:
            yield counted(raw)
            continue
        while raw and not inflater.eof:
            try:
                data = inflater.decompress(raw, CHUNK)
            except zlib.error as error:
                raise Damaged(f"{info.filename}: {error}") from error
            raw = inflater.unconsumed_tail
            yield counted(data)
    if inflater is not None and not inflater.eof:
        raise Damaged(f"{info.filename}: the deflate stream does not end")
    if produced != info.file_size or crc != info.CRC:
        raise Damaged(f"{info.filename}: inflates to {produced} bytes, declares {info.file_size}")
