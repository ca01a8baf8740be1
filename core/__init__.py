"""tamiz (تمیز, "clean"): strip boilerplate from Persian news pages.

    >>> from tamiz import clean
    >>> result = clean(page_text)
    >>> result.text, result.metadata.news_code, result.removed[0].rule
"""
from .decoding import DecodeError
from .pipeline import clean, clean_bytes
from .result import Decision, Metadata, Removal, Result
from .rulebook import RuleFileError, load_rulebook

__version__ = "0.1.0"
__all__ = ["clean", "clean_bytes", "Result", "Metadata", "Removal", "Decision", "DecodeError",
           "RuleFileError", "load_rulebook", "__version__"]
