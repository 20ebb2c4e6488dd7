#!/usr/bin/python3
"""Compiles a data file into the binary: writes a C++ source defining

    std::string_view <namespace>::<Name>();   // SYMBOL = "ns1::ns2::Name"

returning the file's exact bytes. Declare the function where it is used. Usage:
    embed-file.py SYMBOL INPUT OUTPUT
"""
import re
import sys

CHUNK = 4000  # bytes per string literal: compilers cap a single literal's length


def literal(data: bytes) -> str:
    out = []
    for b in data:
        c = chr(b)
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "?":
            out.append("\\?")  # no trigraphs, ever
        elif 0x20 <= b < 0x7F:
            out.append(c)
        else:
            out.append(f"\\{b:03o}")  # octal escapes take at most 3 digits: no run-on
    return '"' + "".join(out) + '"'


def main(symbol: str, source: str, target: str) -> None:
    parts = symbol.split("::")
    if not all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", p) for p in parts):
        sys.exit(f"embed-file: bad symbol {symbol!r}")
    namespaces, name = parts[:-1], parts[-1]
    with open(source, "rb") as f:
        data = f.read()
    lines = [f"// Generated from {source} by scripts/embed-file.py. Do not edit.",
             "#include <string_view>", ""]
    if namespaces:
        lines.append(f"namespace {'::'.join(namespaces)} {{")
    lines.append("namespace {")
    lines.append("const char kData[] =")
    chunks = [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]
    lines.extend("    " + literal(chunk) for chunk in chunks)
    lines.append(";")
    lines.append("}  // namespace")
    lines.append("")
    lines.append(f"std::string_view {name}();")
    lines.append(f"std::string_view {name}() {{ return {{kData, sizeof(kData) - 1}}; }}")
    if namespaces:
        lines.append(f"}}  // namespace {'::'.join(namespaces)}")
    with open(target, "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3])
