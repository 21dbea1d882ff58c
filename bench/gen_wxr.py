#!/usr/bin/env python3
"""Writes a WordPress export (WXR 1.2) of a generated newsroom, for bench/import.sh:
POSTS posts over 12 categories (3 of them nested) and 400 tags by 40 authors, with
PICTURES picture attachments whose files go into UPLOADS (copies of the JPEGs in SOURCE,
reused in turn when there are fewer; the library keeps one picture per image, so give as
many different ones as PICTURES to measure that many).
Every 20th post shows a picture in a [caption] shortcode, every 10th has a featured
image, every 50th is a draft and every 200th is pending; the rest are published.

    gen_wxr.py POSTS PICTURES OUT.xml UPLOADS SOURCE_DIR
"""
import os
import random
import sys
from xml.sax.saxutils import escape

posts, pictures, out, uploads, source = sys.argv[1:6]
posts, pictures = int(posts), int(pictures)
random.seed(7)
site = "https://old-news.example"
jpegs = sorted(os.path.join(source, f) for f in os.listdir(source) if f.endswith(".jpg"))
if pictures and not jpegs:
    sys.exit(f"no .jpg files in {source}")

words = ("council budget vote river flood school rail strike mayor hospital court verdict "
         "election storm harbour museum festival market energy prices housing plan police "
         "report minister farmers drought bridge airport league final coach season").split()
categories = ["news", "world", "business", "sport", "culture", "opinion", "science", "local", "politics"]
nested = [("europe", "world"), ("asia", "world"), ("football", "sport")]
tags = [f"{random.choice(words)}-{i}" for i in range(400)]
authors = [f"reporter{i}" for i in range(40)]


def sentence(n):
    return " ".join(random.choice(words) for _ in range(n)).capitalize() + "."


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


os.makedirs(os.path.join(uploads, "2019/05"), exist_ok=True)
with open(out, "w", encoding="utf-8") as f:
    w = f.write
    w('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
      'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
      'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
      'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n')
    w(f"<title>Old News</title>\n<link>{site}</link>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
      f"<wp:base_site_url>{site}</wp:base_site_url>\n<wp:base_blog_url>{site}</wp:base_blog_url>\n")
    for i, login in enumerate(authors):
        w(f"<wp:author><wp:author_id>{i + 1}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>"
          f"<wp:author_email>{login}@old-news.example</wp:author_email>"
          f"<wp:author_display_name>{cdata(f'Reporter {i}')}</wp:author_display_name></wp:author>\n")
    for i, slug in enumerate(categories):
        w(f"<wp:category><wp:term_id>{i + 1}</wp:term_id><wp:category_nicename>{slug}</wp:category_nicename>"
          f"<wp:category_parent></wp:category_parent><wp:cat_name>{cdata(slug.title())}</wp:cat_name></wp:category>\n")
    for i, (slug, parent) in enumerate(nested):
        w(f"<wp:category><wp:term_id>{100 + i}</wp:term_id><wp:category_nicename>{slug}</wp:category_nicename>"
          f"<wp:category_parent>{parent}</wp:category_parent><wp:cat_name>{cdata(slug.title())}</wp:cat_name></wp:category>\n")
    for i, slug in enumerate(tags):
        w(f"<wp:tag><wp:term_id>{1000 + i}</wp:term_id><wp:tag_slug>{slug}</wp:tag_slug>"
          f"<wp:tag_name>{cdata(slug.replace('-', ' '))}</wp:tag_name></wp:tag>\n")

    for p in range(pictures):
        name = f"photo-{p}.jpg"
        with open(jpegs[p % len(jpegs)], "rb") as src, open(os.path.join(uploads, "2019/05", name), "wb") as dst:
            dst.write(src.read())
        pid = 1_000_000 + p
        url = f"{site}/wp-content/uploads/2019/05/{name}"
        w(f"<item><title>{cdata(f'Photo {p}')}</title><link>{site}/?attachment_id={pid}</link>"
          f"<guid isPermaLink=\"false\">{url}</guid><excerpt:encoded>{cdata(sentence(8))}</excerpt:encoded>"
          f"<wp:post_id>{pid}</wp:post_id><wp:post_date>2019-05-01 10:00:00</wp:post_date>"
          f"<wp:post_date_gmt>2019-05-01 09:00:00</wp:post_date_gmt><wp:status>inherit</wp:status>"
          f"<wp:post_type>attachment</wp:post_type><wp:attachment_url>{url}</wp:attachment_url>"
          f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>{cdata(sentence(5))}</wp:meta_value></wp:postmeta>"
          "</item>\n")

    for n in range(posts):
        pid = n + 1
        year, month, day = 2010 + n * 16 // posts, 1 + n % 12, 1 + n % 28
        slug = f"{random.choice(words)}-{random.choice(words)}-{pid}"
        status = "draft" if n % 50 == 49 else "pending" if n % 200 == 199 else "publish"
        paragraphs = [sentence(random.randint(12, 30)) for _ in range(random.randint(3, 8))]
        meta = ""
        if pictures and n % 20 == 0:
            pic = random.randrange(pictures)
            paragraphs.insert(1, f'[caption id="attachment_{1_000_000 + pic}" width="640"]'
                                 f'<img src="{site}/wp-content/uploads/2019/05/photo-{pic}.jpg" alt="" width="640" /> '
                                 f'{sentence(6)}[/caption]')
        if pictures and n % 10 == 5:
            meta = (f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                    f"<wp:meta_value>{1_000_000 + random.randrange(pictures)}</wp:meta_value></wp:postmeta>")
        category = random.choice(categories + [c for c, _ in nested])
        terms = f'<category domain="category" nicename="{category}">{cdata(category.title())}</category>'
        for tag in random.sample(tags, 3):
            terms += f'<category domain="post_tag" nicename="{tag}">{cdata(tag.replace("-", " "))}</category>'
        date = f"{year}-{month:02}-{day:02} 08:{n % 60:02}:00"
        w(f"<item><title>{cdata(sentence(random.randint(5, 10))[:-1])}</title>"
          f"<link>{site}/{year}/{month:02}/{day:02}/{slug}/</link>"
          f"<dc:creator>{cdata(random.choice(authors))}</dc:creator>"
          f"<guid isPermaLink=\"false\">{site}/?p={pid}</guid>"
          f"<content:encoded>{cdata(chr(10).join(p + chr(10) for p in paragraphs))}</content:encoded>"
          f"<excerpt:encoded>{cdata(sentence(15))}</excerpt:encoded>"
          f"<wp:post_id>{pid}</wp:post_id><wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date}</wp:post_date_gmt>"
          f"<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status><wp:post_type>post</wp:post_type>"
          f"{terms}{meta}</item>\n")
    w("</channel>\n</rss>\n")
