"""The lesson dock speaks the narration's language: its buttons, verdicts and prompts in Bengali
when the lesson is read in Bengali, and back in English when switched back."""

from logicsim_gui.dock_words import WORDS, all_variants, word
from PySide6.QtCore import Qt


def test_every_word_has_english_and_bengali_with_the_same_blanks():
    for key, texts in WORDS.items():
        assert set(texts) == {"en", "bn"}, key
        assert all(t.strip() for t in texts.values()), key
        assert ("{p}" in texts["en"]) == ("{p}" in texts["bn"]), key
        assert ("%v" in texts["en"]) == ("%v" in texts["bn"]), key
    assert word("cancel", "bn", 37) == "বাতিল (37 %)"
    assert word("next", "fr") == "Next ▶"  # a language the table lacks: English
    assert "পরের ধাপ ▶" in all_variants("next")


def test_the_dock_buttons_follow_the_narration_language(qtbot, main_window):
    dock = main_window.lesson_dock
    dock.open_lesson("07_lstm_memory")
    assert dock.next_button.text() == "Next ▶" and dock.back_button.text() == "◀ Back"
    dock.language.setCurrentIndex(dock.language.findData("bn"))
    assert dock.lang == "bn"
    assert dock.next_button.text() == "পরের ধাপ ▶"
    assert dock.back_button.text() == "◀ পিছনে" and dock.play_button.text() == "চালান"
    assert dock.progress.format() == "ধাপ %v / %m"
    assert "শুরু করতে পরের ধাপ চাপুন" in dock.narration.toMarkdown()
    while dock.player.phase != "asking":
        dock.next()
    assert dock.next_button.text() == "উত্তর দেখান ▶"
    assert dock.question_card.submit.text() == "জমা দিন"
    assert "জমা দিন" in dock.hint.text()
    dock.question_card.choose(dock.player.current.ask.answer)
    qtbot.mouseClick(dock.question_card.submit, Qt.LeftButton)
    assert "✔ ঠিক।" in dock.question_card.verdict.text()
    dock.language.setCurrentIndex(dock.language.findData("en"))
    assert dock.next_button.text() == "Next ▶" and dock.question_card.submit.text() == "Submit"
    assert "✔ Right." in dock.question_card.verdict.text()
