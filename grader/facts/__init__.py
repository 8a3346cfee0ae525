"""Facts: claims in essays (dates, amounts, names), the teacher's sheet, the checker, drafting.

The word lists claims and the checker share (lexicon, written, names) sit here, beside both.
"""
