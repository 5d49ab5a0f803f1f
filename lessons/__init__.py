"""The lesson scripts (TOML), shipped as package data; see README.md in this folder."""

from pathlib import Path

#: Folder that holds the shipped ``*.toml`` lessons (works after a non-editable install).
LESSON_DIR = Path(__file__).resolve().parent
