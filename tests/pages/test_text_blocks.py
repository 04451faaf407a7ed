"""Text blocks (pages/blocks/text.py): a heading's level read from the stored JSON as Wagtail's ChoiceBlock reads it."""

import pytest
from wagtail import blocks

from pages.blocks.text import FixedChoiceBlock, HeadingBlock

GROUPED = [("Titres", [("h2", "H2"), ("h3", "H3")]), (4, "Quatre"), ("", "Aucun")]


@pytest.mark.parametrize(
    "choices",
    [[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], [(1, "Un"), (2, "Deux")], GROUPED],
    ids=["strings", "integers", "groups"],
)
def test_a_stored_choice_reads_as_wagtails_choice_block_reads_it(choices):
    fixed, wagtails = FixedChoiceBlock(choices=choices), blocks.ChoiceBlock(choices=choices)
    for stored in ["h2", "h3", "h4", 1, "1", 2, "2", 4, "4", "", None, "h9", "inconnu"]:
        assert fixed.to_python(stored) == wagtails.to_python(stored), stored
        assert type(fixed.to_python(stored)) is type(wagtails.to_python(stored)), stored


def test_a_heading_keeps_its_level_and_takes_h2_when_none_is_stored():
    block = HeadingBlock()
    assert block.to_python({"text": "Le décret", "level": "h3"})["level"] == "h3"
    assert block.to_python({"text": "Le décret"})["level"] == "h2"
    assert [value["level"] for value in block.bulk_to_python([{"text": "A", "level": "h4"}, {"text": "B"}])] == [
        "h4",
        "h2",
    ]
