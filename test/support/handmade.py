"""openpyxl side of test/support/handmade.ts (run with Debian's python3, see openpyxl.ts).

  handmade.py write OUT.xlsx < spec.json   write a workbook laid out by handmade.ts (cells, styles, merges)
  handmade.py dump BOOK.xlsx               print every cell as openpyxl sees it, as JSON (cellDump)

The layout is decided in TypeScript; this file only writes it, so the openpyxl style shares the seed data.
"""
import datetime
import json
import sys

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill


def write(out):
    spec = json.load(sys.stdin)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for s in spec['sheets']:
        ws = wb.create_sheet(s['name'])
        for c in s['cells']:
            cell = ws[c['ref']]
            if 'date' in c:
                cell.value = datetime.date.fromisoformat(c['date'])
            else:
                cell.value = c['value']
            if 'numFmt' in c:
                cell.number_format = c['numFmt']
            if 'font' in c:
                f = c['font']
                cell.font = Font(name=f.get('name'), size=f.get('size'), bold=f.get('bold', False))
            if 'fill' in c:
                cell.fill = PatternFill('solid', fgColor=c['fill'])
            if c.get('wrap') or 'align' in c:
                cell.alignment = Alignment(wrap_text=c.get('wrap', False), horizontal=c.get('align'), vertical='top')
            if 'link' in c:
                cell.hyperlink = c['link']
        for col, width in s.get('widths', {}).items():
            ws.column_dimensions[col].width = width
        for ref in s.get('merges', []):
            ws.merge_cells(ref)
        if s.get('freeze'):
            ws.freeze_panes = s['freeze']
    wb.save(out)


def plain(v):
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return {'$date': v.isoformat()}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def color(c):
    if c is None:
        return None
    if c.type == 'rgb':
        return c.rgb
    if c.type == 'theme':
        return 'theme:%s%+g' % (c.theme, c.tint or 0)
    return '%s:%s' % (c.type, c.value)


def dump(path):
    # Two loads: formulas as written, and the cached results a spreadsheet program shows.
    wb = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    out = {'sheets': []}
    for ws in wb.worksheets:
        shown = cached[ws.title]
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and c.hyperlink is None and c.comment is None:
                    continue
                formula = c.value if c.data_type == 'f' else None
                link = None
                if c.hyperlink is not None:
                    link = (c.hyperlink.target or '') + ('#' + c.hyperlink.location if c.hyperlink.location else '')
                cells[c.coordinate] = {
                    'value': plain(shown[c.coordinate].value),
                    'formula': plain(formula),
                    'type': c.data_type,
                    'numberFormat': c.number_format,
                    'link': link,
                    'comment': c.comment.text if c.comment is not None else None,
                    'style': {
                        'font': [c.font.name, c.font.sz, bool(c.font.b), bool(c.font.i), color(c.font.color)],
                        'fill': [c.fill.fill_type, color(c.fill.fgColor)] if c.fill.fill_type else None,
                        'align': [c.alignment.horizontal, c.alignment.vertical, bool(c.alignment.wrap_text)],
                        'locked': bool(c.protection.locked),
                    },
                }
        out['sheets'].append({'name': ws.title, 'cells': cells, 'merged': sorted(str(r) for r in ws.merged_cells.ranges)})
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    {'write': write, 'dump': dump}[sys.argv[1]](sys.argv[2])
