#!/usr/bin/python3
"""Turns api/openapi.yaml into a C++ source holding it as compact JSON, so the binary serves
/openapi.json without reading files at run time. Fails the build on a malformed document."""
import json
import sys

import yaml


def main(source: str, target: str) -> None:
    with open(source, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    if not isinstance(doc, dict) or not str(doc.get("openapi", "")).startswith("3.1"):
        sys.exit(f"{source}: not an OpenAPI 3.1 document")
    if not isinstance(doc.get("paths"), dict):
        sys.exit(f"{source}: no paths")
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False, default=str)
    delimiter = "ccrm_openapi"
    if f"){delimiter}\"" in text:
        sys.exit("delimiter collision")
    with open(target, "w", encoding="utf-8") as f:
        f.write("// Generated from api/openapi.yaml by scripts/openapi-to-cpp.py. Do not edit.\n")
        f.write('#include "app/openapi_document.hpp"\n\n')
        f.write("namespace ccrm::app {\n")
        f.write("namespace {\n")
        # Split into chunks: compilers cap a single string literal's length.
        chunks = [text[i:i + 8000] for i in range(0, len(text), 8000)] or [""]
        f.write("const char kDocument[] =\n")
        for chunk in chunks:
            f.write(f'    R"{delimiter}({chunk}){delimiter}"\n')
        f.write(";\n}  // namespace\n\n")
        f.write("std::string_view OpenApiJson() { return {kDocument, sizeof(kDocument) - 1}; }\n\n")
        f.write("}  // namespace ccrm::app\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
