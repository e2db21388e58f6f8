#!/usr/bin/env python3
"""Runs the peer article extractors over gold pages for `dateline bench extraction`.

In (stdin): a JSON list of pages, `[{"id", "path", "url", "html"}, ...]`. The HTML is already
decoded by Dateline, so every tool, Dateline included, sees the same string.
Out (stdout): one JSON object,
    {tool: {"version", "settings", "seconds", "errors", "error_examples", "predictions": {id: text}}}
or {tool: {"unavailable": reason}} for a tool that does not import. Scoring is Dateline's job,
so there is one metric implementation for all tools.

Each tool in turn runs on one thread over all pages held in memory (one tool after the other,
as each would process a batch, so its caches stay warm; on a shared machine the load can change
between tools, so compare timings within one run). Only the extraction call (including the
HTML-to-text step a tool needs) is timed, with time.perf_counter; warm-up calls on the first
pages are not counted. A page on which a tool raises counts as an error with an empty
prediction. Progress and tool chatter go to stderr so stdout stays one JSON document.

Run inside the environment made by scripts/peers-setup: .peers/bin/python scripts/peers_extract.py
"""

import argparse
import importlib.metadata
import json
import sys
import time

# How many error messages per tool are kept for the report (the count covers all of them).
ERROR_EXAMPLES = 3


def trafilatura_tool(**settings):
    import trafilatura

    def run(html, url):
        return trafilatura.extract(html, url=url or None, **settings) or ""

    return run


def readability_tool():
    import html_text
    from readability import Document

    def run(html, url):
        return html_text.extract_text(Document(html).summary())

    return run


def newspaper_tool():
    from newspaper import Article

    def run(html, url):
        # fetch_images=False: parse() would otherwise download images to rank them.
        article = Article(url or "http://localhost/", fetch_images=False)
        article.download(input_html=html)
        article.parse()
        return article.text

    return run


def resiliparse_tool():
    from resiliparse.extract.html2text import extract_plain_text

    def run(html, url):
        return extract_plain_text(html, main_content=True)

    return run


def goose_tool():
    from goose3 import Goose

    goose = Goose()  # image fetching is off by default

    def run(html, url):
        return goose.extract(raw_html=html).cleaned_text

    return run


def justext_tool():
    import justext

    # Pages come in many languages and justext needs the page's: like trafilatura's own justext
    # fallback, use the union of all its stoplists, the same for every page.
    stoplist = frozenset(word for language in justext.get_stoplists() for word in justext.get_stoplist(language))

    def run(html, url):
        paragraphs = justext.justext(html, stoplist)
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def boilerpy_tool():
    from boilerpy3 import extractors

    extractor = extractors.ArticleExtractor(raise_on_failure=True)

    def run(html, url):
        return extractor.get_content(html)

    return run


# name -> (PyPI distribution whose version is reported, settings shown in the table, factory).
TOOLS = {
    "trafilatura": ("trafilatura", "favor_precision=True", lambda: trafilatura_tool(favor_precision=True)),
    "trafilatura-default": ("trafilatura", "include_comments=False", lambda: trafilatura_tool(include_comments=False)),
    "readability": ("readability-lxml", "summary() + html-text", readability_tool),
    "newspaper4k": ("newspaper4k", "download(input_html) + parse()", newspaper_tool),
    "resiliparse": ("resiliparse", "main_content=True", resiliparse_tool),
    "goose3": ("goose3", "extract(raw_html)", goose_tool),
    "justext": ("justext", "all stoplists, non-boilerplate paragraphs", justext_tool),
    "boilerpy3": ("boilerpy3", "ArticleExtractor", boilerpy_tool),
}


def run_tool(extract, pages, warmup):
    """Times `extract` over all pages; returns (seconds, errors, error examples, predictions)."""
    for page in pages[:warmup]:
        try:
            extract(page["html"], page["url"])
        except Exception:  # the timed pass counts and reports it
            pass
    seconds = 0.0
    errors = 0
    examples = []
    predictions = {}
    for page in pages:
        started = time.perf_counter()
        try:
            text = extract(page["html"], page["url"])
        except Exception as err:  # a tool failing on one page must not stop the run
            seconds += time.perf_counter() - started
            errors += 1
            if len(examples) < ERROR_EXAMPLES:
                examples.append(f"{page['path']}: {type(err).__name__}: {err}"[:300])
            text = ""
        else:
            seconds += time.perf_counter() - started
        predictions[page["id"]] = text or ""
    return seconds, errors, examples, predictions


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="peers_extract.py", description=__doc__.split("\n")[0])
    parser.add_argument("--tools", help=f"comma-separated subset of: {','.join(TOOLS)}")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--warmup", type=int, default=5, help="untimed calls per tool before the timed pass")
    parser.add_argument("--list", action="store_true", help="print the tool names and exit")
    args = parser.parse_args(argv)
    if args.tools:
        names = [name.strip() for name in args.tools.split(",") if name.strip()]
        unknown = [name for name in names if name not in TOOLS]
        if unknown:
            parser.error(f"unknown tool(s) {', '.join(unknown)}; known: {', '.join(TOOLS)}")
        args.tools = names
    else:
        args.tools = list(TOOLS)
    return args


def main(argv):
    args = parse_args(argv)
    if args.list:
        print("\n".join(TOOLS))
        return 0
    pages = json.load(sys.stdin)
    if args.limit is not None:
        pages = pages[: args.limit]
    # Libraries that print would corrupt the JSON on stdout: send their output to stderr.
    out, sys.stdout = sys.stdout, sys.stderr
    results = {}
    for name in args.tools:
        distribution, settings, factory = TOOLS[name]
        try:
            extract = factory()
        except Exception as err:  # a missing or broken install: reported per tool
            results[name] = {"unavailable": f"{type(err).__name__}: {err}"}
            print(f"peers_extract: {name}: unavailable: {err}", file=sys.stderr)
            continue
        print(f"peers_extract: {name}: {len(pages)} pages ...", file=sys.stderr, flush=True)
        seconds, errors, examples, predictions = run_tool(extract, pages, args.warmup)
        results[name] = {
            "version": importlib.metadata.version(distribution),
            "settings": settings,
            "seconds": seconds,
            "errors": errors,
            "error_examples": examples,
            "predictions": predictions,
        }
        print(f"peers_extract: {name}: {seconds:.2f} s, {errors} errors", file=sys.stderr, flush=True)
    json.dump(results, out, ensure_ascii=False)
    out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
