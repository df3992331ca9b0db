"""The text layer: what the reader, the guard and the vocabulary ban know about text, once.

- :mod:`.units`: units of time and their length in days (``DAYS_PER_UNIT``).
- :mod:`.numbers`: the numeral reader (digits of any script, Han numerals, number words,
  fractions) and the figures the guard finds.
- :mod:`.sentences`: sentence splitting and comparison.
- :mod:`.visible`: the one policy for invisible and control characters, and Latin lookalikes.
- :mod:`.normalise`: ``nfkc`` (compatibility forms only) and ``normalise`` (the reading form:
  one spelling of every figure), with positions back into the text as written.
- :mod:`.durations`: the duration grammar; the reader gives its spans roles, the guard checks
  their days.
- :mod:`.language`: whether a reply is in the scenario's language (and which language a
  debtor's message is written in).
- :mod:`.language_notices`: the reviewed bilingual notices for a debtor who writes Spanish,
  French or German (the only text in another language a reply may carry).

A module imports only modules listed above it, and the layer imports nothing else from the
project (``tests/text/test_layer.py``), so every stage may use it.
"""
