"""Crafted zips for the upload tests: parts of any size, and parts whose headers lie about it."""

import struct
import zipfile
from io import BytesIO

WORKBOOK = (
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
CONTENT_TYPES = (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/%s" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
RELATIONS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'worksheet" Target="%s"/></Relationships>'
)


def zipped(parts: dict[str, bytes]) -> bytes:
    output = BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    return output.getvalue()


def workbook(
    sheet_xml: bytes, *, tab: str = "Acties", sheet_path: str = "worksheets/sheet1.xml", **parts
) -> bytes:
    """A minimal .xlsx with one tab holding ``sheet_xml`` (stored at ``xl/<sheet_path>``), that openpyxl
    opens."""
    return zipped(
        {
            "[Content_Types].xml": CONTENT_TYPES % sheet_path.encode(),
            "xl/workbook.xml": WORKBOOK % tab.encode(),
            "xl/_rels/workbook.xml.rels": RELATIONS % sheet_path.encode(),
            f"xl/{sheet_path}": sheet_xml,
            **parts,
        }
    )


def sheet(rows: bytes, dimension: bytes = b"") -> bytes:
    return (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + dimension
        + b"<sheetData>"
        + rows
        + b"</sheetData></worksheet>"
    )


def declaring(data: bytes, name: str, size: int) -> bytes:
    """The zip with ``name``'s uncompressed size, in both its headers, replaced by ``size``: a part
    that inflates to more (or less) than it says."""
    data = bytearray(data)
    with zipfile.ZipFile(BytesIO(bytes(data))) as archive:
        info = archive.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == name.encode():
            struct.pack_into("<I", data, central + 24, size)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)
