"""Pelican fixture for benchmarks/compare.py.

Same outputs as the other peers: article pages, topic (tag) pages of 10, a
topic index, a site feed and one feed per topic of 20 items, nothing else.
compare.py copies this folder and adds content/ and topics.json.
"""

import json
import os

_HERE = os.path.dirname(os.path.abspath(__file__))

SITENAME = "Bản tin thử nghiệm"
SITEURL = "https://example.github.io/news"
AUTHOR = "Ban biên tập"
PATH = os.path.join(_HERE, "content")
THEME = os.path.join(_HERE, "theme")
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
with open(os.path.join(_HERE, "topics.json"), encoding="utf-8") as _handle:
    TOPIC_TITLES = json.load(_handle)  # topic id -> title, used by the theme

USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "tin"
STATIC_PATHS: list = []
THEME_STATIC_PATHS: list = []

ARTICLE_URL = "posts/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
TAG_URL = "topics/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_SAVE_AS = "topics/index.html"
DIRECT_TEMPLATES = ["index", "tags"]
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"tag": 10}  # the home page lists 20 itself, unpaginated
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Pages the other peers do not produce.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
PAGE_SAVE_AS = ""

# Feeds: RSS with full content, 20 items, site-wide and per topic only.
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False
FEED_ALL_RSS = "index.xml"
TAG_FEED_RSS = "topics/{slug}/index.xml"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
