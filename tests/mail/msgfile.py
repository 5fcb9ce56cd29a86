"""Writing Outlook .msg files for tests: extract-msg reads them but cannot write them.

A .msg is a Compound File Binary (the OLE2 format of old Office files) holding MAPI
properties as streams, as [MS-OXMSG] describes. This writes version 3 compound files
(512-byte sectors, a mini stream for streams under 4096 bytes) with the properties an
Outlook message needs: class, subject, sender, body, the internet headers, recipients
and attachments. olefile and extract-msg read them as they read Outlook's own.
"""

import struct

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
PT_LONG, PT_UNICODE, PT_BINARY = 0x0003, 0x001F, 0x0102


class _Node:
    def __init__(self, name, kind, data=b""):
        self.name, self.kind, self.data = name, kind, data  # kind: 1 storage, 2 stream, 5 root
        self.children, self.sid = [], None
        self.left = self.right = self.child = NOSTREAM
        self.start, self.size = END, 0


def _sort_key(node):
    return (len(node.name), node.name.upper())


def _tree(nodes):
    """A balanced binary tree of siblings in CFB name order; returns the root's sid."""
    if not nodes:
        return NOSTREAM
    middle = len(nodes) // 2
    root = nodes[middle]
    root.left, root.right = _tree(nodes[:middle]), _tree(nodes[middle + 1 :])
    return root.sid


def compound_file(entries):
    """Bytes of a compound file; `entries` maps 'storage/stream' paths to bytes."""
    root = _Node("Root Entry", 5)
    storages = {"": root}
    for path in sorted(entries):
        parent = root
        parts = path.split("/")
        for depth, part in enumerate(parts[:-1]):
            key = "/".join(parts[: depth + 1])
            if key not in storages:
                storages[key] = _Node(part, 1)
                parent.children.append(storages[key])
            parent = storages[key]
        parent.children.append(_Node(parts[-1], 2, entries[path]))
    order = []

    def number(node):
        node.sid = len(order)
        order.append(node)
        for child in node.children:
            number(child)

    number(root)
    for node in order:
        node.child = _tree(sorted(node.children, key=_sort_key))

    streams = [n for n in order if n.kind == 2]
    mini_data, minifat = bytearray(), []
    big = []
    for node in streams:
        node.size = len(node.data)
        if node.size == 0:
            continue
        if node.size < CUTOFF:
            node.start = len(mini_data) // MINI
            count = -(-node.size // MINI)
            minifat += [node.start + i + 1 for i in range(count - 1)] + [END]
            mini_data += node.data + b"\x00" * (count * MINI - node.size)
        else:
            big.append(node)

    fat, sectors = [], []

    def place(data, marker=None):
        count = -(-len(data) // SECTOR) if data else 0
        first = len(fat) if count else END
        for i in range(count):
            fat.append(marker if marker is not None else (len(fat) + 1 if i < count - 1 else END))
            sectors.append(bytes(data[i * SECTOR : (i + 1) * SECTOR]).ljust(SECTOR, b"\x00"))
        return first, count

    root.start, _n = place(mini_data)
    root.size = len(mini_data)
    for node in big:
        node.start, _n = place(node.data)
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_bytes += b"\xff" * ((-len(minifat_bytes)) % SECTOR)
    first_minifat, minifat_count = place(minifat_bytes)
    directory = b"".join(_dir_entry(node) for node in order)
    directory += (
        b"\x00" * 64
        + b"\x00\x00"
        + b"\x00\x00"
        + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM)
        + b"\x00" * 52
    ) * ((-len(order)) % 4)
    first_dir, _n = place(directory)

    fat_count = 0
    while (len(fat) + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    fat_start = len(fat)
    fat += [FATSECT] * fat_count
    fat += [FREE] * (fat_count * (SECTOR // 4) - len(fat))
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    sectors += [fat_bytes[i * SECTOR : (i + 1) * SECTOR] for i in range(fat_count)]
    assert fat_count <= 109, "too big for a test file"
    difat = [fat_start + i for i in range(fat_count)] + [FREE] * (109 - fat_count)

    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack(
        "<IIIIIIIII",
        0,
        fat_count,
        first_dir,
        0,
        CUTOFF,
        first_minifat if minifat_count else END,
        minifat_count,
        END,
        0,
    )
    header += b"".join(struct.pack("<I", v) for v in difat)
    assert len(header) == SECTOR
    return header + b"".join(sectors)


def _dir_entry(node):
    name = node.name.encode("utf-16-le")[:62]
    entry = name.ljust(64, b"\x00") + struct.pack("<H", len(name) + 2)
    entry += struct.pack("<BB", node.kind, 1)
    entry += struct.pack("<III", node.left, node.right, node.child)
    entry += b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16
    start = node.start if node.kind != 1 else 0
    entry += struct.pack("<IQ", start, node.size if node.kind != 1 else 0)
    return entry


def _props(header, fixed, variable):
    """A __properties_version1.0 stream: fixed-size values inline, others by size."""
    out = bytearray(header)
    for prop_id, value in fixed:
        out += struct.pack("<IIq", (prop_id << 16) | PT_LONG, 6, value)
    for prop_id, prop_type, size in variable:
        out += struct.pack("<IIII", (prop_id << 16) | prop_type, 6, size, 0)
    return bytes(out)


def _strings(prefix, values):
    """Unicode string properties as streams, and their entries for the properties stream."""
    streams, variable = {}, []
    for prop_id, text in values.items():
        data = text.encode("utf-16-le")
        streams[f"{prefix}__substg1.0_{prop_id:04X}{PT_UNICODE:04X}"] = data
        variable.append((prop_id, PT_UNICODE, len(data) + 2))
    return streams, variable


def outlook_msg(*, sender, sender_name, to, subject, body, headers="", attachments=()):
    """Bytes of an Outlook .msg. `headers` is the internet header block Outlook keeps."""
    strings = {
        0x001A: "IPM.Note",
        0x0037: subject,
        0x0E1D: subject,
        0x1000: body,
        0x0C1A: sender_name,
        0x0C1F: sender,
        0x0065: sender,
        0x0042: sender_name,
        0x0E04: to,
    }
    if headers:
        strings[0x007D] = headers
    entries, variable = _strings("", strings)
    recipient, recipient_variable = _strings(
        "__recip_version1.0_#00000000/", {0x3001: to, 0x3003: to, 0x39FE: to}
    )
    entries.update(recipient)
    entries["__recip_version1.0_#00000000/__properties_version1.0"] = _props(
        b"\x00" * 8, [(0x0C15, 1), (0x3000, 0)], recipient_variable
    )
    for index, (name, content) in enumerate(attachments):
        prefix = f"__attach_version1.0_#{index:08X}/"
        names, attach_variable = _strings(prefix, {0x3707: name, 0x3704: name[:8]})
        entries.update(names)
        entries[f"{prefix}__substg1.0_37010102"] = content
        attach_variable.append((0x3701, PT_BINARY, len(content)))
        entries[f"{prefix}__properties_version1.0"] = _props(
            b"\x00" * 8, [(0x3705, 1), (0x0E21, index)], attach_variable
        )
    header = b"\x00" * 8 + struct.pack("<IIII", 1, len(attachments), 1, len(attachments))
    header += b"\x00" * 8
    entries["__properties_version1.0"] = _props(header, [(0x0E07, 1)], variable)
    for stream in ("00020102", "00030102", "00040102"):  # no named properties
        entries[f"__nameid_version1.0/__substg1.0_{stream}"] = b""
    return compound_file(entries)
