import { addr, rectAddr } from '../domain/a1';
import { CheckResult, RawCell, checkScores, rangeMismatch } from '../domain/check';
import { Rubric } from '../domain/rubric';
import { FormMeta, NAMES } from '../contract';
import { META_NAMES, readMeta } from './meta';
import { missingName } from './messages';
import { NO_WRITES, Operation, RangeSnap, Snapshot } from './types';

export interface CheckInput {
  rubric: Rubric;
}

export interface CheckOutcome extends CheckResult {
  /** whose form this is, as far as OfficeName, RocYear and Period say */
  meta: Partial<FormMeta>;
  /** where SelfScores is: sheet 考核評分表, range "E5:E16" (or its areas, "D5:D7,D10:D12") */
  scores: { sheet: string; range: string };
}

/**
 * The score cells in rubric order (row by row), with their addresses; for several areas, area by area, each row of
 * `cells` at its own area's place.
 */
export function scoreCells(r: RangeSnap): RawCell[] {
  const at: { row: number; left: number }[] = [];
  for (const a of r.areas ?? [r.rect]) for (let row = a.top; row <= a.bottom; row++) at.push({ row, left: a.left });
  return r.cells.flatMap((cells, i) => cells.map((c, j) => ({ ...c, address: addr(at[i].row, at[i].left + j) })));
}

/** Where a range is, as the sheet's name lists it: "E5:E16", or its areas joined ("D5:D7,D10:D12"). */
export const rangeText = (r: RangeSnap): string => (r.areas ? r.areas.map(rectAddr).join(',') : rectAddr(r.rect));

/** Read SelfScores (and ScoreCaps, to be sure the rubric fits) and check every score against its cap. */
export const check: Operation<CheckInput, CheckOutcome> = {
  id: 'check',
  needs: () => ({ ranges: [NAMES.selfScores, NAMES.scoreCaps, ...META_NAMES] }),
  decide(s: Snapshot, { rubric }) {
    const scores = s.ranges[NAMES.selfScores];
    if (!scores) {
      return {
        ok: false,
        error: missingName(
          NAMES.selfScores,
          s.names.find((n) => n.name === NAMES.selfScores)
        ),
      };
    }
    const cells = scoreCells(scores);
    const caps = s.ranges[NAMES.scoreCaps]?.cells.flat().map((c) => c.value);
    const range = rangeText(scores);
    const mismatch = rangeMismatch(rubric, `${scores.sheet}!${range}`, cells.length, caps);
    if (mismatch) return { ok: false, error: mismatch };
    const result = checkScores(rubric, cells, scores.sheet);
    return { ok: true, result: { ...result, meta: readMeta(s), scores: { sheet: scores.sheet, range } }, plan: NO_WRITES };
  },
};
