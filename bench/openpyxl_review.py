"""The baseline for `npm run bench`: the review script a manager's IT colleague would write with openpyxl.

Loads every .xlsx of a folder with openpyxl (data_only=True), reads OfficeName, RocYear, Period and
SelfScores through the workbook's defined names, sums the numeric scores, and prints one JSON list.

Usage: /usr/bin/python3 bench/openpyxl_review.py FOLDER
"""
import glob
import json
import os
import sys

import openpyxl


def destinations(wb, name):
    # openpyxl 3.0 keeps workbook names in a list-like object, 3.1 in a dict; both give .destinations
    dn = wb.defined_names
    defined = dn.get(name) if hasattr(dn, "get") else None
    if defined is None:
        return []
    return list(defined.destinations)


def cells(wb, name):
    out = []
    for sheet, ref in destinations(wb, name):
        got = wb[sheet][ref.replace("$", "")]
        if not isinstance(got, tuple):
            out.append(got.value)
        else:
            for row in got:
                for c in row if isinstance(row, tuple) else (row,):
                    out.append(c.value)
    return out


def first(wb, name):
    values = cells(wb, name)
    return values[0] if values else None


def review(path):
    wb = openpyxl.load_workbook(path, data_only=True)
    scores = cells(wb, "SelfScores")
    numbers = [v for v in scores if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return {
        "file": os.path.basename(path),
        "office": first(wb, "OfficeName"),
        "year": first(wb, "RocYear"),
        "period": first(wb, "Period"),
        "total": sum(numbers),
        "scored": len(numbers),
    }


def main():
    folder = sys.argv[1]
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "*.xlsx"))):
        try:
            out.append(review(path))
        except Exception as e:  # one bad file should not stop the review
            out.append({"file": os.path.basename(path), "error": str(e)})
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
