import * as fs from 'fs';
import * as path from 'path';
import { parseRange } from '../../src/domain/a1';
import { RUBRIC_114 } from '../../src/domain/defaultRubric';
import { Recognition, RecognizedScorecard, recognize } from '../../src/domain/recognize';
import { Dimension, FlatCriterion, Rubric, flatten } from '../../src/domain/rubric';
import { EXAMPLES } from '../../src/examples';
import { SheetLayout, isFormula } from '../../src/layouts/types';
import { buildWorkbook } from '../../src/layouts/workbook';
import { CellSnap, RangeSnap } from '../../src/operations/types';

/* ------------------------------------------------------------------------------------------------------------
 * Plain-data grids, as a host's scan reads them: a 300 × 26 block from A1 per sheet
 * ---------------------------------------------------------------------------------------------------------- */

/** A cell merged away under the one above or on its left: Excel shows it blank. */
const M = { merged: true } as const;
type V = string | number | boolean | null | undefined | typeof M;

/** A cell as Excel holds what was pasted as text: digits become numbers. */
function cellOf(v: V): CellSnap {
  if (typeof v === 'object' && v !== null) return { kind: 'empty', value: null, hidden: true };
  if (v === null || v === undefined || v === '') return { kind: 'empty', value: null };
  if (typeof v === 'number') return { kind: 'number', value: v };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (/^\d+(\.\d+)?$/.test(v)) return { kind: 'number', value: Number(v) };
  return { kind: 'string', value: v };
}

const SCAN = { rows: 300, cols: 26 };

function sheet(name: string, rows: V[][], size = SCAN): RangeSnap {
  const cells = Array.from({ length: size.rows }, (_, r) => Array.from({ length: size.cols }, (_, c) => cellOf(rows[r]?.[c])));
  return { sheet: name, rect: { top: 1, left: 1, bottom: size.rows, right: size.cols }, cells };
}

/** Rows moved down and right, so a table starts at (top, left), 1-based. */
const placed = (rows: V[][], top: number, left: number): V[][] => [
  ...Array.from({ length: top - 1 }, () => []),
  ...rows.map((r) => [...Array.from({ length: left - 1 }, () => null), ...r]),
];

const flat = flatten(RUBRIC_114);
const SCORES = EXAMPLES.scorecard.selfScores;

interface Style {
  header?: string[];
  /** the header again before each dimension's criteria */
  repeatHeader?: boolean;
  /** a blank row before each dimension's block (after the first) */
  blankBetween?: boolean;
  dim?: (d: Dimension) => string;
  crit?: (c: FlatCriterion) => string;
  /** the dimension cell of a dimension's later criteria: blank, or merged into the first */
  dimBelow?: V;
  /** extra rows under a criterion: a multi-paragraph Word cell pasted as one row per paragraph */
  paragraphs?: number;
}

const HEADER = ['執行構面', '評核項目', '評分重點', '自評'];

/** A scorecard table for the 114 rubric with the Taitung self-scores, pasted in the given style. */
function table(s: Style = {}): V[][] {
  const header = s.header ?? HEADER;
  const dimLabel = s.dim ?? ((d) => `${d.zh} (${d.cap} 分)`);
  const critLabel = s.crit ?? ((c) => `${c.area.numeral}${c.area.zh} (${c.cap} 分)`);
  const rows: V[][] = [header];
  flat.forEach((c, i) => {
    const firstOfDim = c.dimension.criteria[0].area === c.area.id;
    if (firstOfDim && i > 0) {
      if (s.blankBetween) rows.push([]);
      if (s.repeatHeader) rows.push(header);
    }
    const byHeader: Record<string, V> = {
      執行構面: firstOfDim ? dimLabel(c.dimension) : (s.dimBelow ?? null),
      評核項目: critLabel(c),
      評分重點: c.guidance.split('\n')[0],
      自評: SCORES[i],
      配分: c.cap,
      備註: '',
    };
    rows.push(header.map((h) => byHeader[h]));
    for (let p = 1; p <= (s.paragraphs ?? 0); p++) rows.push(header.map((h) => (h === '評分重點' ? `第 ${p + 1} 段` : M)));
  });
  return rows;
}

/** The score each recognised row points at, read back from the grid: the proof that the cells are right. */
function scoresAt(snap: RangeSnap, sc: RecognizedScorecard): unknown[] {
  return sc.rows.map((r) => {
    const a = parseRange(r.scoreCell);
    return snap.cells[a.top - snap.rect.top][a.left - snap.rect.left].value;
  });
}

function ok(r: Recognition) {
  if (!r.ok) throw new Error(`not recognised: ${r.error.en}`);
  return r;
}

function refused(r: Recognition) {
  if (r.ok) throw new Error('recognised, but should have been refused');
  return r.error;
}

/* ------------------------------------------------------------------------------------------------------------
 * The seed: scorecard-taitung-114-h1, every line a row and every tab a column, as Excel pastes text
 * ---------------------------------------------------------------------------------------------------------- */

const SEED = `

台東區營業處 114 年度 1 月至 6 月提升服務效能執行計畫考核項目及評分表

總分（滿分 1000 分）

考核日期：年 月 日

執行構面\t評核項目\t評分重點\t自評
創新性 (300 分)\t一、提供在地化及客製化關懷服務 (100 分)\t<p>1. 落實本公司「企業用戶專人服務實施要點」，為強化與在地用電大戶溝通及維持良好互動，負責專人拜訪等統籌事宜。且定期舉辦大用戶座談會，增加大用戶溝通服務管道。</p> <p>2. 根據區處掌握本公司最新綠電銷售資訊，並依組織業務職掌，提供用戶更便捷之服務，採行作法如下：</p> <ul style="list-style-type: none"> <li>(1)開放多元管道讓用戶反映本公司綠電銷售相關意見，如線上問卷、大用戶專人電訪等。</li> <li>(2)針對重要用戶進行專人拜訪，主動提供最新綠電銷售資訊，並利用 AMI 資料，提供用戶用電諮詢、綠電方案選用建議等一站式服務。</li> </ul> <p>3. 提供「時間電價試算評估系統」，以利家庭小商店用戶評估後選用適合的電價方案。</p>\t95
\t二、法規及流程簡化 (100 分)\t<p>1. 於各項節約用電宣導會中妥適運用本公司不定期更新於雲端連結共享之節電宣導素材。</p> <p>2. 開發線上申辦或跨平臺通用服務：衡酌用戶實際需要，提供線上申辦，或跨平臺通用服務(即可透過各式行動載具閱覽及使用)。線上申辦業務項目可簡化用戶臨櫃辦理流程，增加處理效率。</p> <p>3. 提供多元管道，如現場、電話、網路、行動裝置等，簡化用戶查詢的流程，方便用戶隨時瞭解案件處理進度。</p> <p>4. 運用跨機關電子檢驗，取代用戶檢附紙本佐證資料，簡化用戶申辦流程。</p>\t94
\t三、公私協力 (100 分)\t<p>1. 用戶節能診斷申請，以擴大節能診斷中心量能，診斷時運用專業儀器檢測用戶耗能設備用電效率，涵蓋電力系統、空調及照明等多個耗能設備領域，量身訂做節能改善建議報告。</p> <p>2. 運用資訊科技、跨單位及跨機關服務流程整合、政府資訊資源共用共享、公私協力或引進民間資源等作法，以提高服務便捷度、可近性，或優化服務等。而現行若用戶至內政部改名，內政部將自動將用戶改名資訊介接至公司網路申請，可免用戶再臨櫃辦理變更姓名。</p>\t96

執行構面\t評核項目\t評分重點\t自評
效益及影響 (400 分)\t一、提供在地化及客製化關懷服務 (140 分)\t<p>服務策略或措施對服務對象產生正面影響，或解決公眾關注的重大問題；提供性別友善、族群共融及人權保障等服務具有成效：</p> <p>1.透過問卷、拜訪等方式可了解用戶對綠電的需求及對綠電市場運行模式的了解程度，並依用戶需求及用電型態量身打造專業服務，可協助用戶熟悉綠電交易機制，同時有助於本公司掌握綠電市場發展趨勢，藉以研議推動更符合用戶需求之綠電商品，活絡綠電市場。</p> <p>2.本公司掌握綠電市場發展趨勢，藉以研議推動更符合用戶需求之綠電商品，活絡綠電市場。</p> <p>3.拜訪用戶情形，包括用戶詢問問題、區處人員回應內容及處理結果、用戶反映意見等，藉以反饋用戶服務需求。</p>\t132
\t二、法規及流程簡化 (130 分)\t<p>1.各項節約用電宣導會倡導使用高效率用電器具及推廣政府節約用電手法等，傳遞節能減碳、友善環境之普世價值。</p> <p>2.使用專業化量測儀器與分析，有效發掘用戶節電潛力空間，以及提供節電報告與建議。</p> <p>3.除了探索用戶對綠電的需求及對綠電市場運行模式之外，同時協助敘明綠電交易與市場的相關法規。</p>\t124
\t三、公私協力 (130 分)\t<p>1.發揮小用戶聚沙成塔之效益，本公司結合資通訊科技(ICT)與能源管理技術(EMS)，配合班班有冷氣政策發展。自動需量反應(ADR)，於111年5月推動「校園空調自動需量反應」，在兼顧冷氣空調使用及智慧效率用電的情況下，達到聰明節電之目的。</p> <p>2.與台灣自來水公司及臺北自來水事業處推動「水電麻吉貼心聯合服務」，跨機關合作業務包含「用戶名變更」、「用戶通訊地址變更」、「委託金融機構代繳」、「電子帳單申請」及「軍眷用電優待申請」5項，藉以增加公務機關的服務效益。</p> <p>3.有關退休俸用電優待申請由各地榮民服務處負責辦理，藉由資料傳輸，更新符合優待戶之資訊，免去用戶多次往來。</p>\t125

執行構面\t評核項目\t評分重點\t自評
可持續性 (150 分)\t一、提供在地化及客製化關懷服務 (50 分)\t<p>服務策略或措施具有可持續性，且達成預期成果：</p> <ol style="list-style-type: none"> <li>訂定申辦業務標準作業流程，維持服務措施處理一致性，且持續檢討申辦項目表單之必要性與合宜性，並評估是否執行表單簡化及電子表單格式標準化。</li> <li>善用資訊系統，針對政府已有或公權力可調閱的資訊，進行跨機關電子查驗作業，取代用戶於申辦業務時所需檢附之佐證資料。</li> <li>力行一次告知服務，服務人員除能精確回答用戶問題、嫻熟各項申請表格填寫外，並應主動正確提供與問題有關的完整資訊予詢問用戶，避免來回補件情形，以加速用戶申辦之時程。</li> <li>透過各項節約用電宣導會辦理[節能減碳與用電安全]宣導，協助公司推動相關政策。</li> </ol>\t45
\t二、法規及流程簡化 (50 分)\t<ol style="list-style-type: none"> <li>訂定申辦業務標準作業流程，維持服務措施處理一致性，且持續檢討申辦項目表單之必要性與合宜性，並評估是否執行表單簡化及電子表單格式標準化，縮短申辦案件處理時間。</li> <li>善用資訊系統，針對政府已有或公權力可調閱的資訊，進行跨機關電子查驗作業，取代用戶於申辦業務時所需檢附之佐證資料。</li> <li>力行一次告知服務，服務人員除能精確回答用戶問題、嫓熟各項申請表格填寫外，並應主動正確提供與問題有關的完整資訊予詢問用戶，避免來回補件情形，以加速用戶申辦之時程。</li> <li>優化電費查詢及繳費作業-區處達成行動支付目標。</li> <li>用電申請受理電子化及無紙化-區處達成電子帳單目標。</li> <li>提供多元案件查詢管道，如臨櫃、電話、官網、行動裝置 APP 等，方便用戶查詢案件處理進度。</li> <li>於登記單回條加印 QR Code，方便用戶透過行動裝置掃描後下載使用「台灣電力」APP 或可連結本公司官網查詢案件進度。</li> <li>受理用電申請後即以電子郵件、列印登記單回條或自動列入 APP 案件管理項目，告知用戶受理號碼等訊息。</li> </ol>\t47

執行構面\t評核項目\t評分重點\t自評
\t<b>三、公私協力</b> (50 分)\t1.於服務場所及網站主動公開服務相關資訊供用戶查閱或運用，如服務項目、業務承辦資訊、相關法規、申辦業務標準作業流程、應備文件、書表範例等。 2.持續辦理本公司與臺灣區電氣工程工業同業公會業務座談會議等溝通宣導活動，並協助工商企業解決用電申請疑難，以簡化及優化相關流程。 3.透過各項節約用電宣導會協助公司推動相關措施如台灣電力 APP 及電子帳單等，鼓勵民眾持續將節電落實於日常生活。 4.用戶持續節能改善可使設備高效運行，提升節能效率及減碳。 5.針對特殊或弱勢族群、偏遠或交通不便地區用戶，提供到府、到點服務，如各區營業處依照用戶需求將登記單送給用戶填寫並攜回受理。\t44

執行構面\t評核項目\t評分重點\t自評
擴散應用 (150 分)\t一、提供在地化及客製化關懷服務 (50 分)\t<p>服務策略或措施具有可學習、推廣或應用價值：</p> <ol style="list-style-type: none"> <li>由基層主管或組長/經理層級(含)以上率隊拜訪；其他高壓用戶則請各區處視用電特性或需要進行拜訪。</li> <li>各項節約用電宣導會推廣對象包含學校、社區、媽媽教室及社團等多元領域，向民眾宣導節電，營造全民節電氛圍。</li> <li>鼓勵用戶參與能源署相關節能補助方案，提升節電效益，加強用戶的節電意願。</li> </ol>\t46
\t二、法規及流程簡化 (50 分)\t<ol style="list-style-type: none"> <li>蒐集內部同仁意見，據以檢討及改造內部流程，精實作業，減省不必要的審核及行政程序之情形。</li> <li>減除申辦案件需檢附之書表謄本：運用跨機關電子查驗，取代要求用戶檢附紙本佐證資料。</li> </ol>\t45
\t三、公私協力 (50 分)\t<ol style="list-style-type: none"> <li>有關退休俸用電優待申請由各地榮民服務處負責辦理，藉由資料傳輸，更新符合優待戶之資訊。</li> <li>除應公開服務資訊或促進用戶運用資料外，並適時運用多元管道導入用戶觀點，透過溝通與對話的方式，共創區營業處與用戶合作的契機。</li> <li>透過實體或網路管道，運用多元方法如問卷探訪顧客滿意度、訪談、討論、體驗，蒐集用戶對服務需求；或邀集用戶共同參與服務設計等。</li> </ol>\t46



台東區營業處 114 年度 1 月至 6 月提升服務效能執行計畫自行考核結果彙整表

**一、考核成績：**

考核項目(總成績 1000 分)\t\t分數
創新性 (300 分)\t一、提供在地化及客製化關懷服務 二、法規及流程簡化 三、公私協力\t285
效益及影響 (400 分)\t一、提供在地化及客製化關懷服務 二、法規及流程簡化 三、公私協力\t381
可持續性 (150 分)\t一、提供在地化及客製化關懷服務 二、法規及流程簡化 三、公私協力\t136
擴散應用 (150 分)\t一、提供在地化及客製化關懷服務 二、法規及流程簡化 三、公私協力\t137
\t\t總分： 939 分



二、考核項目優點、缺點、建議改善事項及改善事項辦理情形：

考核項目\t優點\t缺點\t建議改善事項\t改善事項辦理情形\t備註
1. 創新性-提供在地化及客製化關懷服務\t櫃台人員不分業務，提供一站式服務。\t無\t區處所轄地廣人稀，編制較小，人力不足。\t補充人力後由資深同仁帶領強化訓練。\t
2. 創新性-法規及流程簡化\t運用跨機關電子檢驗，取代用戶檢附紙本佐證資料，簡化用戶申辦流程。\t無\t無\t無\t
3. 創新性-公私協力\t跨單位及跨機關服務流程整合，加速作業效率。\t無\t無\t無\t
4. 效益及影響-提供在地化及客製化關懷服務\t無\t無\t增加管道以強化與在地用電大戶溝通與互動。\t採用線上問券、電訪、或專人訪談以記錄用戶的回饋。\t
5. 效益及影響-法規及流程簡化\t無\t無\t無\t無\t
6. 效益及影響-公私協力\t無\t無\t無\t無\t
7. 可持續性-提供在地化及客製化關懷服務\t力行一站式服務，以加速用戶申辦之時程。\t無\t人員多元化訓練，增加公司用電業務熟悉。\t透過多元的教育訓練，增加員工的業務底蘊，達成一站式服務效能。\t
8. 可持續性-法規及流程簡化\t執行表單簡化及電子表單格式標準化，簡化業務流程。\t無\t無\t無\t
9. 可持續性-公私協力\t無\t無\t無\t無\t
10. 擴散應用-提供在地化及客製化關懷服務\t無\t無\t無\t無\t
11. 擴散應用-法規及流程簡化\t蒐集意見，據以檢討及改造內部流程，簡化審核及程序。\t無\t用戶意見整合後，需檢討現行流程是否有再改善空間。\t針對多數用戶表達的項目，檢討並優化作業步驟及流程。\t
12. 擴散應用-公私協力\t無\t無\t無\t無\t

經辦



經理



副處長



處長





台東 區營業處 114 年度 1 月至 6 月提升服務效能執行計畫  
建議改善事項辦理情形表

※ 考核項目之建議改善事項及改善辦理情形：

考核項目\t建議改善事項\t改善辦理情形\t備註
1. 創新性-提供在地化及客製化關懷服務\t因應補充人力、人員調動頻繁，須適時考量人員編制職務、養成專業度的時程。\t由先進同仁帶領強化循序各項業務訓練，因時制宜調整工作內容、強化訓練，以期達到人員的多元領域。\t
2. 創新性-法規及流程簡化\t無\t無\t
3. 創新性-公私協力\t無\t無\t
4. 效益及影響-提供在地化及客製化關懷服務\t增加管道以強化與在地用電大戶溝通與互動。\t採用線上問券、電訪、或專人訪談以記錄用戶的回饋。\t
5. 效益及影響-法規及流程簡化\t無\t無\t
6. 效益及影響-公私協力\t無\t無\t



考核項目\t建議改善事項\t改善辦理情形\t備註
7. 可持續性 - 提供在地化及客製化關懷服務\t人員多元化訓練，增加公司用電業務熟悉。\t透過多元的教育訓練，增加員工的業務底蘊，達成一站式服務效能。\t
8. 可持續性 - 法規及流程簡化\t無\t無\t
9. 可持續性 - 公私協力\t無\t無\t
10. 擴散應用 - 提供在地化及客製化關懷服務\t無\t無\t
11. 擴散應用 - 法規及流程簡化\t用戶意見整合後，需檢討現行流程是否有再改善空間。\t針對多數用戶表達的項目，檢討並優化作業步驟及流程。\t
12. 擴散應用 - 公私協力\t無\t無\t

經辦



課長



經理



副處長



處長



`;
const seedRows = (): V[][] => SEED.split('\n').map((line) => line.split('\t'));

describe('recognize: paste styles', () => {
  it('the seed exactly as pasted: one table per dimension, blank rows between, the summary and findings below', () => {
    const snap = sheet('工作表1', seedRows());
    const r = ok(recognize(RUBRIC_114, [snap]));
    const sc = r.scorecard;
    expect(sc.sheet).toBe('工作表1');
    expect(sc.headerRows).toEqual([9, 14, 19, 23, 26]);
    expect(sc.columns).toEqual({ dimension: 1, criterion: 2, guidance: 3, score: 4 });
    expect(sc.rows.map((x) => x.criterionId)).toEqual(flat.map((c) => c.id));
    expect(sc.rows.map((x) => x.scoreCell)).toEqual([
      'D10',
      'D11',
      'D12',
      'D15',
      'D16',
      'D17',
      'D20',
      'D21',
      'D24',
      'D27',
      'D28',
      'D29',
    ]);
    // 可持續性's third criterion stands in a table of its own with an empty 執行構面
    expect(sc.rows[8]).toEqual({
      criterionId: 'sustainability.partnership',
      row: 24,
      scoreCell: 'D24',
      labelCell: 'B24',
      capInLabel: 50,
    });
    expect(scoresAt(snap, sc)).toEqual(SCORES);
    expect(sc.rows.map((x) => x.capInLabel)).toEqual(flat.map((c) => c.cap));
    expect(sc.meta).toEqual({ office: '台東區營業處', rocYear: 114, period: 'H1' });
    expect(r.findings).toEqual({
      sheet: '工作表1',
      headerRow: 48,
      columns: { item: 1, strengths: 2, weaknesses: 3, suggestion: 4, progress: 5, remarks: 6 },
      rows: flat.map((c, i) => ({ criterionId: c.id, row: 49 + i })),
    });
    expect(r.findingsProblem).toBeUndefined();
  });

  it('the embedded seed is the seed document, when the shared material is at hand', () => {
    const file = path.resolve(__dirname, '../../../shared/seeds/scorecard-taitung-114-h1.txt');
    if (!fs.existsSync(file)) return;
    expect(SEED).toBe(fs.readFileSync(file, 'utf8'));
  });

  it('one header row, dimension cells blank below their first criterion', () => {
    const snap = sheet('Sheet1', table());
    const sc = ok(recognize(RUBRIC_114, [snap])).scorecard;
    expect(sc.headerRows).toEqual([1]);
    expect(sc.rows.map((x) => x.scoreCell)).toEqual(flat.map((_, i) => `D${2 + i}`));
    expect(scoresAt(snap, sc)).toEqual(SCORES);
    expect(sc.meta).toEqual({});
  });

  it('a table starting at C7 under two title rows, with blank rows between blocks', () => {
    const rows = placed(table({ blankBetween: true }), 7, 3);
    rows[0] = ['台東 區營業處 114 年度 7 月至 12 月提升服務效能執行計畫考核項目及評分表'];
    rows[1] = ['考核日期：114 年 12 月 31 日'];
    const snap = sheet('評分', rows);
    const sc = ok(recognize(RUBRIC_114, [snap])).scorecard;
    expect(sc.columns).toEqual({ dimension: 3, criterion: 4, guidance: 5, score: 6 });
    expect(sc.headerRows).toEqual([7]);
    expect(sc.rows[0]).toMatchObject({ row: 8, scoreCell: 'F8', labelCell: 'D8' });
    expect(sc.rows[3]).toMatchObject({ row: 12, scoreCell: 'F12' }); // after the blank row
    expect(scoresAt(snap, sc)).toEqual(SCORES);
    expect(sc.meta).toEqual({ office: '台東區營業處', rocYear: 114, period: 'H2' });
  });

  it('extra columns (配分, 備註) in another order, headers with spaces and full-width forms', () => {
    const header = ['評核項目', '執行構面', '配分', '備註', '自評', '評分重點'];
    const rows = table({ header, repeatHeader: true });
    rows[0] = ['評核 項目', '執行構面', '配分（分）', '備 註', '自　評', '評分重點'];
    const snap = sheet('S', rows);
    const sc = ok(recognize(RUBRIC_114, [snap])).scorecard;
    expect(sc.columns).toEqual({ dimension: 2, criterion: 1, guidance: 6, score: 5, cap: 3 });
    expect(sc.headerRows).toEqual([1, 5, 9, 13]);
    expect(scoresAt(snap, sc)).toEqual(SCORES);
  });

  it('merged dimension cells, and Word paragraphs pasted as rows of their own under merged cells', () => {
    const snap = sheet('S', table({ dimBelow: M, paragraphs: 2, repeatHeader: true, blankBetween: true }));
    const sc = ok(recognize(RUBRIC_114, [snap])).scorecard;
    expect(sc.rows[0]).toMatchObject({ row: 2, scoreCell: 'D2' });
    expect(sc.rows[1]).toMatchObject({ row: 5, scoreCell: 'D5' });
    expect(scoresAt(snap, sc)).toEqual(SCORES);
  });

  it('full-width brackets without spaces, full-width digits, and caps with a bracket lost', () => {
    const crit = (c: FlatCriterion) =>
      c.index === 1
        ? `${c.area.numeral}${c.area.zh}（１００分）`
        : c.index === 2
          ? `${c.area.numeral}${c.area.zh} 100 分)`
          : c.index === 3
            ? `${c.area.numeral}${c.area.zh}(100分`
            : `${c.area.numeral}${c.area.zh}（${c.cap}分）`;
    const snap = sheet('S', table({ dim: (d) => `${d.zh}（${d.cap}分）`, crit }));
    const sc = ok(recognize(RUBRIC_114, [snap])).scorecard;
    expect(sc.rows.map((x) => x.capInLabel)).toEqual(flat.map((c) => c.cap));
    expect(scoresAt(snap, sc)).toEqual(SCORES);
  });

  it('labels without caps, numbered (一) or 1. or not at all', () => {
    const numbering = ['(一)', '1.', '', '（二）'];
    const snap = sheet('S', table({ dim: (d) => d.zh, crit: (c) => `${numbering[c.index % 4]}${c.area.zh}` }));
    const sc = ok(recognize(RUBRIC_114, [snap])).scorecard;
    expect(sc.rows.every((x) => x.capInLabel === null)).toBe(true);
    expect(scoresAt(snap, sc)).toEqual(SCORES);
  });

  it('HTML leftovers in the labels', () => {
    const snap = sheet(
      'S',
      table({
        dim: (d) => `<p>${d.zh}&nbsp;(${d.cap} 分)</p>`,
        crit: (c) => `<b>${c.area.numeral}${c.area.zh}</b> (${c.cap} 分)`,
      })
    );
    const sc = ok(recognize(RUBRIC_114, [snap])).scorecard;
    expect(sc.rows.map((x) => x.capInLabel)).toEqual(flat.map((c) => c.cap));
    expect(scoresAt(snap, sc)).toEqual(SCORES);
  });

  it('a cap Word put on a line of its own is read as the label above it', () => {
    const rows: V[][] = [HEADER];
    flat.forEach((c, i) => {
      const first = c.dimension.criteria[0].area === c.area.id;
      rows.push([first ? c.dimension.zh : M, `${c.area.numeral}${c.area.zh}`, 'x', SCORES[i]]);
      rows.push([first ? `(${c.dimension.cap} 分)` : M, `(${c.cap} 分)`, 'y', M]);
    });
    const sc = ok(recognize(RUBRIC_114, [sheet('S', rows)])).scorecard;
    expect(sc.rows.map((x) => x.capInLabel)).toEqual(flat.map((c) => c.cap));
    rows[2][1] = '(90 分)';
    expect(refused(recognize(RUBRIC_114, [sheet('S', rows)])).zh).toMatch(/S!B3「\(90 分\)」標示 90 分.*配分是 100 分/);
  });
});

/* ------------------------------------------------------------------------------------------------------------
 * Our own template, as the layouts build it
 * ---------------------------------------------------------------------------------------------------------- */

/** A sheet layout as a host reads it: formulas show their result (or are uncalculated), merged-away cells hidden. */
function readLayout(s: SheetLayout, calculated = true): RangeSnap {
  const cells: CellSnap[][] = Array.from({ length: SCAN.rows }, (_, r) =>
    Array.from({ length: SCAN.cols }, (_, c) => {
      const v = s.rows[r]?.[c] ?? null;
      if (!isFormula(v)) return cellOf(v);
      if (!calculated || v.result === undefined) return { kind: 'uncalculated', value: null, formula: v.formula };
      return typeof v.result === 'number'
        ? { kind: 'number', value: v.result, formula: v.formula }
        : { kind: 'string', value: v.result, formula: v.formula };
    })
  );
  for (const m of s.merges) {
    const a = parseRange(m);
    for (let r = a.top; r <= a.bottom; r++)
      for (let c = a.left; c <= a.right; c++)
        if ((r !== a.top || c !== a.left) && r <= SCAN.rows && c <= SCAN.cols)
          cells[r - 1][c - 1] = { kind: 'empty', value: null, hidden: true };
  }
  return { sheet: s.name, rect: { top: 1, left: 1, bottom: SCAN.rows, right: SCAN.cols }, cells };
}

describe('recognize: totals rows staff add', () => {
  it.each([
    ['合計 in 評核項目', [null, '合計', null, 939]],
    ['總分 in 執行構面', ['總分（1000 分）', null, null, 939]],
    ['小計 with a cap', [null, '小計 (1000 分)', null, 939]],
  ])('a %s row under the last criterion is not taken for a criterion', (_what, totals) => {
    const rows = [...table(), totals as V[]];
    const r = ok(recognize(RUBRIC_114, [sheet('表', rows)]));
    expect(r.scorecard.rows).toHaveLength(flat.length);
    expect(scoresAt(sheet('表', rows), r.scorecard)).toEqual(SCORES);
  });
});

describe('recognize: our own template', () => {
  const opts = { rubric: RUBRIC_114, office: '台東區營業處', rocYear: 114, period: 'H1' as const, examples: EXAMPLES };

  it('finds the scorecard, its 配分 column, the title and the findings on the summary sheet', () => {
    const wb = buildWorkbook({ ...opts, example: true });
    const snaps = wb.sheets.map((s) => readLayout(s));
    const r = ok(recognize(RUBRIC_114, snaps));
    const sc = r.scorecard;
    expect(sc.sheet).toBe('考核評分表');
    expect(sc.headerRows).toEqual([4]);
    expect(sc.columns).toEqual({ dimension: 1, criterion: 2, guidance: 4, score: 5, cap: 3 });
    expect(sc.rows.map((x) => x.scoreCell)).toEqual(flat.map((_, i) => `E${5 + i}`));
    expect(scoresAt(snaps[1], sc)).toEqual(SCORES);
    expect(sc.meta).toEqual({ office: '台東區營業處', rocYear: 114, period: 'H1' });
    expect(r.findings?.sheet).toBe('彙整表');
    expect(r.findings?.columns).toEqual({ item: 1, strengths: 2, weaknesses: 3, suggestion: 4, progress: 5, remarks: 6 });
    const header = r.findings!.headerRow;
    expect(r.findings?.rows).toEqual(flat.map((c, i) => ({ criterionId: c.id, row: header + 1 + i })));
  });

  it('reads whose form it is from the labelled cells when the title formula was never calculated', () => {
    const wb = buildWorkbook({ ...opts, office: '花蓮區營業處', rocYear: 115, period: 'H2', example: false });
    const r = ok(
      recognize(
        RUBRIC_114,
        wb.sheets.map((s) => readLayout(s, false))
      )
    );
    expect(r.scorecard.meta).toEqual({ office: '花蓮區營業處', rocYear: 115, period: 'H2' });
  });

  it('refuses a 配分 column that disagrees with the rubric', () => {
    const sc = buildWorkbook({ ...opts, example: false }).sheets.find((s) => s.key === 'scorecard')!;
    const snap = readLayout(sc);
    snap.cells[5][2] = { kind: 'number', value: 90 }; // C6: 二、法規及流程簡化
    const e = refused(recognize(RUBRIC_114, [snap]));
    expect(e.zh).toContain('考核評分表!C6 配分為 90');
    expect(e.zh).toContain('配分是 100 分');
    expect(e.en).toContain('考核評分表!C6: the 配分 (cap) column says 90');
  });
});

/* ------------------------------------------------------------------------------------------------------------
 * Refusals
 * ---------------------------------------------------------------------------------------------------------- */

describe('recognize: refusals name the cell and what was expected', () => {
  it('a wrong cap in a criterion label: the cell, the label cap and the rubric cap, in both languages', () => {
    const rows = table();
    rows[2][1] = '二、法規及流程簡化 (120 分)';
    const e = refused(recognize(RUBRIC_114, [sheet('工作表1', rows)]));
    expect(e.zh).toContain(
      '工作表1!B3「二、法規及流程簡化 (120 分)」標示 120 分，評分規則中「2. 創新性-法規及流程簡化」的配分是 100 分'
    );
    expect(e.en).toContain('工作表1!B3 "二、法規及流程簡化 (120 分)" states 120 points');
    expect(e.en).toContain('the rubric\'s cap for "2. Innovation – Simpler rules and procedures" is 100');
    expect(e.zh).toContain('工作表1!A1 找到評分表標題列');
  });

  it('a wrong dimension cap', () => {
    const rows = table();
    rows[4][0] = '效益及影響（450分）';
    const e = refused(recognize(RUBRIC_114, [sheet('工作表1', rows)]));
    expect(e.zh).toContain('工作表1!A5「效益及影響(450分)」標示 450 分，評分規則中執行構面「效益及影響」的配分是 400 分');
    expect(e.en).toContain("the rubric's cap for the dimension Benefit and impact (效益及影響) is 400");
  });

  it('a missing criterion: how many matched, and which are missing', () => {
    const rows = table();
    rows.splice(10, 1); // 10. 擴散應用-提供在地化及客製化關懷服務 (its dimension label goes with it)
    rows[10][0] = '擴散應用 (150 分)';
    const e = refused(recognize(RUBRIC_114, [sheet('工作表1', rows)]));
    expect(e.zh).toContain('在 工作表1!A1 找到評分表標題列，但 12 個評核項目只對上 11 個');
    expect(e.zh).toContain('缺少：10. 擴散應用-提供在地化及客製化關懷服務');
    expect(e.en).toContain('only 11 of 12 criteria matched');
    expect(e.en).toContain('missing: 10. Diffusion and reuse – Local and tailored care services');
  });

  it('a criterion twice', () => {
    const rows = table();
    rows[3][1] = '一、提供在地化及客製化關懷服務 (100 分)';
    const e = refused(recognize(RUBRIC_114, [sheet('工作表1', rows)]));
    expect(e.zh).toContain('工作表1!B4 與 工作表1!B2 都是「1. 創新性-提供在地化及客製化關懷服務」');
    expect(e.zh).toContain('缺少：3. 創新性-公私協力');
    expect(e.en).toContain('工作表1!B4 and 工作表1!B2 are both "1. Innovation – Local and tailored care services"');
  });

  it('a criterion or dimension the rubric does not have', () => {
    const rows = table();
    rows[3][1] = '三、數位服務 (100 分)';
    let e = refused(recognize(RUBRIC_114, [sheet('工作表1', rows)]));
    expect(e.zh).toContain('工作表1!B4「三、數位服務 (100 分)」不是執行構面「創新性」的評核項目');
    expect(e.en).toContain('expected one of 提供在地化及客製化關懷服務, 法規及流程簡化, 公私協力');
    const rows2 = table();
    rows2[4][0] = '效益 (400 分)';
    e = refused(recognize(RUBRIC_114, [sheet('工作表1', rows2)]));
    expect(e.zh).toContain('工作表1!A5「效益 (400 分)」不是評分規則的執行構面');
    expect(e.zh).toContain(
      '缺少：4. 效益及影響-提供在地化及客製化關懷服務、5. 效益及影響-法規及流程簡化、6. 效益及影響-公私協力'
    );
  });

  it('a first criterion with no dimension above it', () => {
    const rows = table();
    rows[1][0] = null;
    const e = refused(recognize(RUBRIC_114, [sheet('工作表1', rows)]));
    expect(e.zh).toContain('工作表1!B2「一、提供在地化及客製化關懷服務 (100 分)」的上方沒有執行構面');
    expect(e.en).toContain('write the dimension in column A');
  });

  it('no table at all: what it looked for and where (sheets and block size)', () => {
    const e = refused(
      recognize(RUBRIC_114, [
        sheet('工作表1', [['台東區營業處'], ['隨便', '寫寫']]),
        sheet('工作表2', [], { rows: 50, cols: 10 }),
      ])
    );
    expect(e.zh).toContain('找不到評分表');
    expect(e.zh).toContain('工作表1!A1:Z300、工作表2!A1:J50');
    expect(e.zh).toContain('執行構面、評核項目、評分重點、自評');
    expect(e.en).toContain('in the 2 sheet(s) read (工作表1!A1:Z300, 工作表2!A1:J50)');
    expect(refused(recognize(RUBRIC_114, [])).en).toContain('no sheet');
  });

  it('a near miss: the header row that lacks a column is named', () => {
    const rows = placed(table({ header: ['執行構面', '評核項目', '說明', '自評'] }), 3, 2);
    const e = refused(recognize(RUBRIC_114, [sheet('工作表1', rows)]));
    expect(e.zh).toContain('工作表1!B3 那一列有「執行構面、評核項目、自評」，但缺少「評分重點」');
    expect(e.en).toContain('The row at 工作表1!B3 has 執行構面, 評核項目, 自評 but lacks 評分重點');
  });

  it('a table cut off by the scanned block says so', () => {
    const rows = table();
    const e = refused(recognize(RUBRIC_114, [sheet('S', rows, { rows: 8, cols: 26 })]));
    expect(e.zh).toContain('只對上 7 個');
    expect(e.zh).toContain('表格延伸到讀取範圍（S!A1:Z8）的最後一列');
  });

  it('reports the sheet that matched the most when none matched all', () => {
    const part = table().slice(0, 4);
    const full = table();
    full[12][1] = '三、公私協力 (40 分)';
    const e = refused(recognize(RUBRIC_114, [sheet('草稿', part), sheet('正式', full)]));
    expect(e.zh).toContain('正式!B13');
  });
});

/* ------------------------------------------------------------------------------------------------------------
 * The findings table
 * ---------------------------------------------------------------------------------------------------------- */

const F_HEADER = ['考核項目', '優點', '缺點', '建議改善事項', '改善事項辦理情形', '備註'];
const findingsRows = (item: (c: FlatCriterion) => string): V[][] => [
  ['二、考核項目優點、缺點、建議改善事項及改善事項辦理情形：'],
  [],
  F_HEADER,
  ...flat.map((c) => [item(c), '無', '無', c.index % 3 ? '無' : '加強訓練', '無', '']),
  [],
  ['經辦', null, '課長'],
];

describe('recognize: the findings table', () => {
  const scorecard = () => sheet('評分表', table());

  it('in a second sheet, matched by label, with or without the number and spaces around the dash', () => {
    const labels = (c: FlatCriterion) =>
      c.index % 2 ? `${c.index}. ${c.dimension.zh} - ${c.area.zh}` : `${c.dimension.zh}－${c.area.zh}`;
    const r = ok(recognize(RUBRIC_114, [scorecard(), sheet('彙整表', placed(findingsRows(labels), 2, 2))]));
    expect(r.findings).toEqual({
      sheet: '彙整表',
      headerRow: 4,
      columns: { item: 2, strengths: 3, weaknesses: 4, suggestion: 5, progress: 6, remarks: 7 },
      rows: flat.map((c, i) => ({ criterionId: c.id, row: 5 + i })),
    });
  });

  it('by label whatever the row order, by position when the label names no criterion', () => {
    const rows = findingsRows((c) => c.label.zh);
    [rows[3], rows[4]] = [rows[4], rows[3]]; // 2. above 1.
    rows[8][0] = '第 6 項'; // 6. by position
    const r = ok(recognize(RUBRIC_114, [scorecard(), sheet('彙整表', rows)]));
    const at = Object.fromEntries(r.findings!.rows.map((x) => [x.criterionId, x.row]));
    expect(at['innovation.local']).toBe(5);
    expect(at['innovation.simplify']).toBe(4);
    expect(at['impact.partnership']).toBe(9);
  });

  it('absent findings are not an error; a tracking table is not a findings table', () => {
    const tracking: V[][] = [
      ['考核項目', '建議改善事項', '改善辦理情形', '備註'],
      ...flat.map((c) => [c.label.zh, '無', '無', '']),
    ];
    const r = ok(recognize(RUBRIC_114, [scorecard(), sheet('改善追蹤', tracking)]));
    expect(r.findings).toBeUndefined();
    expect(r.findingsProblem).toBeUndefined();
  });

  it('a findings table that cannot be matched leaves the scorecard recognised and says why', () => {
    const rows = findingsRows((c) => c.label.zh);
    rows[5][0] = flat[0].label.zh;
    const r = ok(recognize(RUBRIC_114, [scorecard(), sheet('彙整表', rows)]));
    expect(r.findings).toBeUndefined();
    expect(r.findingsProblem?.zh).toContain('彙整表!A6 與 彙整表!A4 都是「1. 創新性-提供在地化及客製化關懷服務」');
    const short = findingsRows((c) => c.label.zh);
    short.splice(5, 1);
    short[5][0] = '其他';
    const r2 = ok(recognize(RUBRIC_114, [scorecard(), sheet('彙整表', short)]));
    expect(r2.findingsProblem?.en).toContain('彙整表!A6 "其他" name no criterion, and the table has 11 rows, not 12');
  });
});

describe('recognize: other rubrics and scale', () => {
  it('follows the rubric it is given (names and caps)', () => {
    const rubric: Rubric = {
      id: 'x',
      total: 100,
      serviceAreas: [
        { id: 'a', numeral: '一、', zh: '數位服務', en: 'Digital' },
        { id: 'b', numeral: '二、', zh: '臨櫃服務', en: 'Counter' },
      ],
      dimensions: [
        {
          id: 'q',
          zh: '品質',
          en: 'Quality',
          cap: 100,
          criteria: [
            { area: 'a', cap: 60, guidance: '' },
            { area: 'b', cap: 40, guidance: '' },
          ],
        },
      ],
    };
    const rows: V[][] = [HEADER, ['品質 (100 分)', '一、數位服務 (60 分)', '', 50], [null, '二、臨櫃服務 (40 分)', '', 30]];
    const sc = ok(recognize(rubric, [sheet('S', rows)])).scorecard;
    expect(sc.rows.map((x) => [x.criterionId, x.scoreCell])).toEqual([
      ['q.a', 'D2'],
      ['q.b', 'D3'],
    ]);
    expect(refused(recognize(RUBRIC_114, [sheet('S', rows)])).zh).toContain('不是評分規則的執行構面');
  });

  it('reads many full blocks in linear time (1,000 workbooks × 4 sheets of 300 × 26 stay well under a minute)', () => {
    const noise = Array.from({ length: 300 }, (_, r) => Array.from({ length: 26 }, (_, c) => `說明 ${r}-${c}`));
    const book = [sheet('a', noise), sheet('b', seedRows()), sheet('c', noise), sheet('d', table())];
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) ok(recognize(RUBRIC_114, book));
    // 20 workbooks; the budget is 60 s / 1,000 per workbook, with room for a slow CI machine
    expect((Date.now() - t0) / 20).toBeLessThan(60);
  });
});
