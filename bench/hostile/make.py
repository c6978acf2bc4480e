#!/usr/bin/env python3
"""Hostile inputs for docs/limits.md, each under 10 MB: spreadsheets, YAML and
front matter made to exhaust memory or time. Usage: make.py OUT_DIR"""
import os
import sys
import zipfile

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

HEAD = ["ma_nhiem_vu", "ma_xa_phuong", "don_vi_bao_cao", "ngay", "tinh_trang", "tieu_de"]


def xlsx(name, sheet_xml, strings, unique_count=None):
    """A minimal workbook: one sheet, shared strings as given."""
    n = unique_count if unique_count is not None else len(strings)
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           f'count="{n}" uniqueCount="{n}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                   + sheet_xml + "</sheetData></worksheet>")
        z.writestr("xl/sharedStrings.xml", sst)


def row(r, cells):
    return f'<row r="{r}">' + "".join(f'<c r="{ref}" t="s"><v>{i}</v></c>' for ref, i in cells) + "</row>"


header = row(1, [(f"{chr(65 + i)}1", i) for i in range(len(HEAD))])
# Two cells far apart: A1.. and XFD1048576.
xlsx("far-apart.xlsx", header + row(1048576, [("XFD1048576", 0)]), HEAD)
# Far apart rows in one column (read, not refused).
xlsx("far-rows.xlsx", header + row(1048576, [("A1048576", 0)]), HEAD)
# A declared 4,294,967,295 texts.
xlsx("shared-strings-count.xlsx", header, HEAD, unique_count=4294967295)
# A zip bomb: one text of 1 GB (the file is about 1 MB).
xlsx("bomb.xlsx", header, HEAD + ["a" * (1 << 30)])
# 1,000,000 cells, each different: the most a sheet may hold (under 10 MB).
cells = "".join(row(r, [(f"A{r}", r - 1)]) for r in range(2, 400_002))
xlsx("many-cells.xlsx", header + cells, HEAD + [f"t{i}" for i in range(400_001)])

# ODS: two cells far apart (calamine expands ODS into a whole range).
ods = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
       '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
       '<table:table-row><table:table-cell office:value-type="string"><text:p>ma_nhiem_vu</text:p></table:table-cell></table:table-row>'
       '<table:table-row table:number-rows-repeated="1048574"><table:table-cell/></table:table-row>'
       '<table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
       '</table:table></office:spreadsheet></office:body></office:document-content>')
with zipfile.ZipFile(os.path.join(out, "far-apart.ods"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
    z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
               '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
               '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    z.writestr("content.xml", ods)

# A CSV of 9 MB: 80,000 rows, none valid (an unknown task each).
with open(os.path.join(out, "big.csv"), "w") as f:
    f.write(",".join(HEAD) + ",noi_dung\n")
    for i in range(80_000):
        f.write(f"khong-co-{i},,co-quan-b,5/7/2026,in_progress,Bao cao {i},{'a' * 60}\n")

# YAML (as content/tasks/x.yaml).
def save(name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write(text)

save("alias-bomb.yaml", "a: &a [" + ",".join(["1"] * 6000) + "]\nb: [" + ",".join(["*a"] * 6000) + "]\n")
save("brackets-200k.yaml", "x: " + "[" * 200_000 + "\n")
save("brackets-9m.yaml", "x: " + "[" * 9_000_000 + "\n")
save("dashes-100k.yaml", "- " * 100_000 + "x\n")
save("indent-deep.yaml", "".join(" " * i + "a:\n" for i in range(3000)) + " " * 3000 + "b: 1\n")
save("long-value.yaml", "- id: x\n  title: \"" + "a" * 9_000_000 + "\"\n")
save("many-values.yaml", "- [" + ",".join(["1"] * 2_000_000) + "]\n")
