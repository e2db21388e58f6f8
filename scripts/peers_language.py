#!/usr/bin/env python3
"""Runs spaCy over raw texts for `dateline bench language`.

In (stdin): a JSON list of texts. Out (stdout): one JSON list of rows
    {"tool", "version", "settings", "tokens", "seconds"} or {"tool", "unavailable": reason}.
Each pipeline runs on one thread (n_process=1) over all texts in memory, after a warm-up on
the first texts that is not timed. Pipelines: spaCy's tokenizer with its rule-based
sentencizer (spacy.blank("en")), and en_core_web_sm (tagger, parser, NER) when it is
installed; it is not on PyPI, so `scripts/peers-setup` cannot install it.
"""

import json
import sys
import time


def pipelines():
    import spacy

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    yield "spacy-blank", spacy.__version__, "blank('en') + sentencizer", blank
    try:
        yield "spacy-sm", spacy.__version__, "en_core_web_sm", spacy.load("en_core_web_sm")
    except OSError as err:
        yield "spacy-sm", None, str(err).splitlines()[0], None


def main():
    texts = json.load(sys.stdin)
    rows = []
    try:
        found = list(pipelines())
    except ImportError as err:
        json.dump([{"tool": "spacy", "unavailable": str(err)}], sys.stdout)
        return
    for tool, version, settings, nlp in found:
        if nlp is None:
            rows.append({"tool": tool, "unavailable": settings})
            continue
        for _ in nlp.pipe(texts[:20]):
            pass
        started = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=1))
        seconds = time.perf_counter() - started
        print(f"peers_language: {tool}: {tokens} tokens in {seconds:.2f} s", file=sys.stderr)
        rows.append({"tool": tool, "version": version, "settings": settings,
                     "tokens": tokens, "seconds": seconds})
    json.dump(rows, sys.stdout)


if __name__ == "__main__":
    main()
