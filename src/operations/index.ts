/** Every capability, once; the CLI, the task pane and the ribbon run these through a host adapter. */
export { check, type CheckInput, type CheckOutcome } from './check';
export { track, type TrackInput, type TrackOutcome, type TrackEntry } from './track';
export { insertTemplates, type InsertInput, type InsertOutcome } from './insertTemplates';
export { reviewWorkbooks, type ReviewInput, type ReviewOutcome } from './review';
export { nextPeriod, type NextInput, type NextOutcome } from './next';
export { adopt, type AdoptInput, type AdoptOutcome, type AdoptPart } from './adopt';
export type { Operation, Snapshot, WritePlan, Edit, ReadSpec, CellSnap, RangeSnap, NameRef, Decision } from './types';
