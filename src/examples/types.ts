/** Example content taken from the seed documents; plain data, used by `--example` and by tests. */

export interface PlanRow {
  /** 服務內涵, e.g. "一、提供在地化及客製化關懷服務" */
  serviceArea: string;
  /** 服務策略, e.g. "(一) 因應所轄地區或業務之特性，…" */
  strategy: string;
  /** 具體作法, e.g. "1. 針對特殊或弱勢族群…" */
  action: string;
  /** 承辦部門; several departments are separated by "、" */
  department: string;
  /** 完成期限: "持續辦理" or a date */
  deadline: string;
}

export interface PlanSection {
  /** "壹、計畫依據：" */
  heading: string;
  /** paragraphs under the heading; empty for 伍 (the table stands there) */
  paragraphs: string[];
}

export interface PlanExample {
  office: string;
  rocYear: number;
  /** 訂定 date (month, day) */
  adopted: { month: number; day: number };
  sections: PlanSection[];
  rows: PlanRow[];
}

export interface FindingText {
  strengths: string;
  weaknesses: string;
  suggestion: string;
  progress: string;
  remarks: string;
}

/** The example content as a whole; the pane loads it only when asked for, to stay small. */
export interface Examples {
  plan: PlanExample;
  scorecard: ScorecardExample;
}

export interface ScorecardExample {
  office: string;
  rocYear: number;
  period: 'H1' | 'H2';
  /** one per criterion, rubric order */
  selfScores: number[];
  /** one per criterion, rubric order */
  findings: FindingText[];
}
