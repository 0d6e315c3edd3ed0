from plans.numbering import belongs_to, is_valid_number, natural_sort_key


def test_natural_order_puts_10_2_before_10_10_and_9_before_10():
    numbers = ["10.10", "10.2", "100", "9", "10", "10.1", "460"]
    assert sorted(numbers, key=natural_sort_key) == [
        "9",
        "10",
        "10.1",
        "10.2",
        "10.10",
        "100",
        "460",
    ]


def test_numbers_are_identifiers_not_decimals():
    assert natural_sort_key("10.10") != natural_sort_key("10.1")


def test_letter_prefixes_sort_by_their_numbers():
    assert sorted(["SD10", "sd2", "SD1"], key=natural_sort_key) == ["SD1", "sd2", "SD10"]


def test_action_number_belongs_to_its_action_plan_by_one_more_segment():
    assert belongs_to("40.2", "40")
    assert belongs_to("1.2.3", "1.2")
    assert not belongs_to("41.2", "40")
    assert not belongs_to("400.1", "40")
    assert not belongs_to("40", "40")
    assert not belongs_to("40.", "40")
    assert not belongs_to("40.2.1", "40")


def test_valid_numbers():
    assert all(map(is_valid_number, ["40", "40.2", "SD1", "1.2.3"]))
    assert not any(map(is_valid_number, ["", "40 .2", "40..2", ".4", "40.", "4-0", "=1"]))
