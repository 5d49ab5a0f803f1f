"""The lesson dock's own words (buttons, verdicts, prompts) in each narration language.

A lesson in Bengali should not be steered with English buttons. :func:`word` gives the dock's
text for a key in a language, falling back to English for a language (or a key) this table
does not have.  The Bengali follows the lessons' polite register (আপনি forms).
"""

from __future__ import annotations

__all__ = ["WORDS", "word", "all_variants"]

#: key -> {language: text}.  ``{p}`` is filled in by :func:`word`'s keyword arguments.
WORDS: dict[str, dict[str, str]] = {
    "back": {"en": "◀ Back", "bn": "◀ পিছনে"},
    "next": {"en": "Next ▶", "bn": "পরের ধাপ ▶"},
    "reveal": {"en": "Reveal ▶", "bn": "উত্তর দেখান ▶"},
    "do_it": {"en": "Do it ▶", "bn": "করে দিন ▶"},
    "recap": {"en": "Recap ▶", "bn": "সারসংক্ষেপ ▶"},
    "restart": {"en": "⟲ Restart", "bn": "⟲ শুরু"},
    "play": {"en": "Play", "bn": "চালান"},
    "pause": {"en": "Pause", "bn": "থামান"},
    "cancel": {"en": "Cancel ({p} %)", "bn": "বাতিল ({p} %)"},
    "cancelling": {"en": "Cancelling…", "bn": "বাতিল হচ্ছে…"},
    "step": {"en": "Step %v / %m", "bn": "ধাপ %v / %m"},
    "submit": {"en": "Submit", "bn": "জমা দিন"},
    "show_me": {"en": "Show me", "bn": "দেখিয়ে দিন"},
    "check": {"en": "Check my answer", "bn": "আমার উত্তর যাচাই করুন"},
    "show_answer": {"en": "Show answer", "bn": "উত্তর দেখান"},
    "next_lesson": {"en": "Next lesson ▶", "bn": "পরের পাঠ ▶"},
    "right": {"en": "✔ Right.", "bn": "✔ ঠিক।"},
    "not_quite": {"en": "✘ Not quite.", "bn": "✘ পুরোপুরি ঠিক নয়।"},
    "no_answer": {"en": "No answer given.", "bn": "কোনো উত্তর দেওয়া হয়নি।"},
    "the_answer": {"en": "The right answer:", "bn": "সঠিক উত্তর:"},
    "keys_answer": {
        "en": "Keys 1 … {p} give the class's answer; Reveal skips it.",
        "bn": "ক্লাসের উত্তর দিতে 1 … {p} কী চাপুন; উত্তর দেখান চাপলে উত্তর ছাড়াই দেখা যাবে।",
    },
    "number_answer": {"en": "Answer with a number.", "bn": "একটি সংখ্যা দিয়ে উত্তর দিন।"},
    "your_turn": {"en": "Your turn:", "bn": "এবার আপনার পালা:"},
    "done": {"en": "✔ Done", "bn": "✔ হয়েছে"},
    "shown_for_you": {"en": "shown for you", "bn": "আপনাকে দেখানো হলো"},
    "you_did_it": {"en": "you did it", "bn": "আপনি নিজেই করেছেন"},
    "waiting_until": {"en": "Waiting until:", "bn": "অপেক্ষা, যতক্ষণ না:"},
    "exercise": {"en": "Exercise:", "bn": "অনুশীলনী:"},
    "correct": {"en": "✔ Correct.", "bn": "✔ সঠিক।"},
    "not_yet": {"en": "Not yet:", "bn": "এখনও হয়নি:"},
    "recap_title": {"en": "Recap", "bn": "সারসংক্ষেপ"},
    "end": {"en": "End of the lesson.", "bn": "পাঠ শেষ।"},
    "what_happened": {"en": "What happened:", "bn": "কী ঘটল:"},
    "press_next": {"en": "Press Next when you are ready.", "bn": "প্রস্তুত হলে পরের ধাপ চাপুন।"},
    "choose": {
        "en": "Choose your answer and press Submit — or Reveal to see it without answering.",
        "bn": "আপনার উত্তর বেছে জমা দিন চাপুন — অথবা উত্তর না দিয়ে দেখতে উত্তর দেখান চাপুন।",
    },
    "working": {
        "en": "Working on this step in the background… Cancel stops it and puts the window back "
        "as it was.",
        "bn": "এই ধাপের কাজ পেছনে চলছে… বাতিল চাপলে কাজ থামবে এবং উইন্ডো আগের অবস্থায় ফিরবে।",
    },
    "n_steps": {
        "en": "{p} steps. Press Next to begin.",
        "bn": "{p}টি ধাপ। শুরু করতে পরের ধাপ চাপুন।",
    },
}


def word(key: str, lang: str = "en", p: object = "") -> str:
    """The dock's text for ``key`` in ``lang`` (English when the table lacks it); ``p`` fills
    ``{p}``."""
    texts = WORDS[key]
    text = texts.get(lang) or texts["en"]
    return text.replace("{p}", str(p))


def all_variants(*keys: str, p: object = "100") -> list[str]:
    """Every language's text of ``keys`` (for sizing a button that shows any of them)."""
    return [word(k, lang, p) for k in keys for lang in WORDS[k]]
