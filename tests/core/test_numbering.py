from core.numbering import belongs_to, is_valid_number, natural_sort_key, next_child, normal_form


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


REAL_NUMBERS = [
    "40",
    "40.2",
    "SD1",
    "1.2.3",
    "SD 1",
    "S SD 1",
    "OD 1.2",
    "H 3.2.1",
    "MSM 1.1",
    "LSB",
    "AP000012",
]


def test_numbers_as_real_plans_write_them_are_valid():
    assert all(map(is_valid_number, REAL_NUMBERS))
    assert not any(map(is_valid_number, ["", " 40", ".4", "=1", "-1", "40\t2", "4\n0", "x" * 41]))


def test_spacing_case_and_leading_zeros_do_not_make_another_number():
    assert normal_form("SD 1") == normal_form("sd1") == normal_form("SD 01") == "sd1"
    assert natural_sort_key("OD 1.2") == natural_sort_key("od1.2")
    assert normal_form("AP000012") == "ap12" and natural_sort_key("10.10") != natural_sort_key("10.1")


def test_natural_order_with_spaces_and_prefixes():
    numbers = ["SD 10", "SD 2", "sd1", "OD 1.10", "OD 1.2", "AP000100", "AP000012"]
    assert sorted(numbers, key=natural_sort_key) == [
        "AP000012",
        "AP000100",
        "OD 1.2",
        "OD 1.10",
        "sd1",
        "SD 2",
        "SD 10",
    ]


def test_a_child_extends_its_parent_by_one_part_whatever_the_letters_in_front():
    assert belongs_to("OD 1.2", "SD 1") and belongs_to("OD1.1.1", "OD1.1") and belongs_to("H 3.2.1", "H 3.2")
    assert belongs_to("AC 1.2.3", "OD 1.2") and belongs_to("10.a", "10")
    assert (
        not belongs_to("OD 2.1", "SD 1")
        and not belongs_to("LSB", "SD 1")
        and not belongs_to("AP000013", "AP000012")
    )


def test_the_next_free_child_follows_the_highest_sibling_in_its_style():
    assert next_child("120", ["120.2", "120.5", "120.3"]) == "120.6"
    assert next_child("OD 1.2", ["AC 1.2.1", "AC 1.2.3"]) == "AC 1.2.4"
    assert next_child("10", []) == "10.1"
