"""tamiz (تمیز, "clean"): strip boilerplate from Persian news pages.

`clean(str)` cleans a page given as text or HTML (sniffed; `input_format=` forces the kind);
`clean_bytes(bytes)` decodes a file's bytes first. Both return a `Result`: the article (`text`,
`title`, `lead`, `paragraphs`), its `metadata`, and every removed line with its rule and reason.

    >>> from tamiz import clean
    >>> page = "\\n".join([
    ...     "صفحه اصلی | سیاسی | اقتصادی | ورزشی",
    ...     "کد خبر: ۵۹۴۸۵۶",
    ...     "بارش باران در تهران",
    ...     "به گزارش خبرنگار ما، بارش باران از صبح امروز در بیشتر مناطق تهران آغاز شد و تا فردا ادامه خواهد داشت.",
    ...     "مدیرکل هواشناسی گفت: شهروندان از سفرهای غیرضروری پرهیز کنند و هشدارهای این سازمان را جدی بگیرند.",
    ...     "انتهای پیام",
    ... ])
    >>> result = clean(page)
    >>> print(result.title)
    بارش باران در تهران
    >>> len(result.paragraphs), result.metadata.news_code_ascii
    (2, '594856')
    >>> for r in result.removed:             # line numbers are 1-based
    ...     print(r.line, r.rule)
    1 menu-line
    2 news-code
    6 end-marker
    >>> result.to_dict(source="page.txt")["source"]
    'page.txt'
"""
from .decoding import DecodeError
from .pipeline import clean, clean_bytes
from .result import Decision, Metadata, Removal, Result
from .rulebook import RuleFileError, load_rulebook

__version__ = "0.1.0"
__all__ = ["clean", "clean_bytes", "Result", "Metadata", "Removal", "Decision", "DecodeError",
           "RuleFileError", "load_rulebook", "__version__"]
