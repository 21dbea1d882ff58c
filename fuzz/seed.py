#!/usr/bin/env python3
"""Writes the fuzz targets' starting corpora (fuzz/corpus/TARGET/seed-*) from the
project's own test data — crates/newsdesk/tests/data (the OWASP XSS list and the Big List
of Naughty Strings, the WordPress and Ghost exports; each file's source is in that
folder's README) — and a few hand-made inputs. The fuzzers add their own files beside
these. Run from the repository's root: python3 fuzz/seed.py
"""
import json, os, struct

DATA = "crates/newsdesk/tests/data"
OUT = "fuzz/corpus"


def write(target, name, data):
    os.makedirs(f"{OUT}/{target}", exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(f"{OUT}/{target}/seed-{name}", "wb") as f:
        f.write(data)


hostile = json.load(open(f"{DATA}/xss-owasp.json")) + json.load(open(f"{DATA}/blns.json"))[::8]
for i, s in enumerate(hostile):
    write("markdown", f"hostile-{i:03}", s)
write("markdown", "story", "# Floods\n\nThe **river** rose [here](https://example.com \"t\").\n\n"
      "> \"We will see,\" she said.\n\n- one\n- two\n\n![alt](/media/1.jpg \"caption\")\n\n"
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n<figure><img src=x></figure>\n")
for i, s in enumerate(hostile[::4]):
    write("slugs", f"hostile-{i:03}", s)
    write("paths", f"hostile-{i:03}", s)
for name in os.listdir(f"{DATA}/ghost"):
    write("ghost", name, open(f"{DATA}/ghost/{name}", "rb").read())
write("wxr", "theme-preview", open(f"{DATA}/wxr/wordpress-theme-preview.xml", "rb").read())
block = open(f"{DATA}/wxr/wordpress-block-test-data.xml", "rb").read()
write("wxr", "block-test-head", block[:40000])
for i, s in enumerate(["Floods in York", "  Über-Straße ", "a--b", "section-1", "x" * 200, ""]):
    write("slugs", f"plain-{i}", s)
for i, s in enumerate(["/category/news/floods/", "/tag/floods/page/2/", "/author/ann/",
                       "/news/2024/05/floods-in-york/", "https://old.example.com/?p=42",
                       "/wp-content/uploads/2020/01/photo-300x200.jpg", "//"]):
    write("paths", f"plain-{i}", s)
for i, s in enumerate(["tag:floods+featured:true", "published_at:>now-30d,id:[1,2,3]",
                       "title:~'york'+(tag:-[a,b],author:ann)", "slug:'it\\'s'",
                       "feature_image:-null", "(((", "id:>=10+id:<20", "visibility:public status:published"]):
    write("nql", f"plain-{i}", s)


def segment(marker, body):
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def iptc(fields):
    iim = bytes([0x1C, 1, 90, 0, 3, 0x1B]) + b"%G"
    for dataset, text in fields:
        t = text.encode()
        iim += bytes([0x1C, 2, dataset]) + struct.pack(">H", len(t)) + t
    app13 = b"Photoshop 3.0\0" + b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(iim)) + iim
    return app13 + (b"\0" if len(iim) % 2 else b"")


xmp = (b"http://ns.adobe.com/xap/1.0/\0" + '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
       'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
       'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
       'photoshop:Credit="Reuters"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">Crowds &amp; '
       'more</rdf:li></rdf:Alt></dc:description><dc:creator><rdf:Seq><rdf:li>Ann Ray</rdf:li></rdf:Seq>'
       '</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>'.encode())
fields = [(120, "Crowds in Kyiv"), (80, "Ann Ray"), (110, "Reuters"), (116, "© 2024 Reuters")]
write("picture_meta", "iptc-xmp", b"\xFF\xD8" + segment(0xED, iptc(fields)) + segment(0xE1, xmp) + b"\xFF\xD9")
write("picture_meta", "iptc", b"\xFF\xD8" + segment(0xED, iptc(fields)) + b"\xFF\xD9")
write("picture_meta", "xmp", b"\xFF\xD8" + segment(0xE1, xmp) + b"\xFF\xD9")
