"""Uploaded files go through the same validator as --data and name the uploaded file."""

from scicity.io.uploads import MAX_BYTES, read_upload

CSV = ("id,name_en,rd_staff,researchers_per_mln,rd_expenditure,grp,population\n"
       "KZ-10,Abai,1394,946,7.0,3189.5,610189\n"
       "KZ-11,Akmola,abc,639,4.5,4093.9,787971\n"
       "KZ-15,<img src=x onerror=alert(1)>,515,301,3.5,4976.4,928185\n")


def test_broken_row_is_reported_and_the_rest_kept():
    ds, problems = read_upload("mine.csv", CSV.encode(), "regions")
    assert ds is not None and list(ds.units.index) == ["KZ-10", "KZ-11", "KZ-15"]
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1
    e = errors[0]
    assert (e.file, e.row, e.column) == ("mine.csv", 3, "rd_staff")
    assert "'abc' is not a number" in e.message
    assert ds.units.loc["KZ-15", "name_en"] == "<img src=x onerror=alert(1)>"  # kept as data


def test_unusable_file_returns_no_dataset():
    ds, problems = read_upload("empty.csv", b"", "towns")
    assert ds is None and problems[0].file == "empty.csv"
    assert problems[0].message == "the file is empty"


def test_size_is_checked_before_parsing():
    ds, problems = read_upload("big.csv", b"x" * (MAX_BYTES + 1), "regions")
    assert ds is None and "more than the limit" in problems[0].message
