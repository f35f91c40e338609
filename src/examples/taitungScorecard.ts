import type { FindingText, ScorecardExample } from './types';

/**
 * 台東區營業處 114 年度 1 月至 6 月提升服務效能執行計畫: self-assessed scores (考核項目及評分表)
 * and the findings table (考核項目優點、缺點、建議改善事項及改善事項辦理情形), from the seed document
 * scorecard-taitung-114-h1. Text verbatim.
 *
 * Note: the document's separate 建議改善事項辦理情形表 words finding 1 differently
 * ("因應補充人力、人員調動頻繁，…"); the findings here follow the findings table.
 *
 * `progress` is what the example's tracking sheet is built with (one row per finding that carries a
 * suggestion); the summary's 改善事項辦理情形 shows it back from there by formula, so the printed summary
 * holds the findings table's texts. A finding without a suggestion has no tracking row: its progress (無)
 * prints blank.
 */

const none: FindingText = { strengths: '無', weaknesses: '無', suggestion: '無', progress: '無', remarks: '' };

export const TAITUNG_SCORECARD_114_H1: ScorecardExample = {
  office: '台東區營業處',
  rocYear: 114,
  period: 'H1',
  // 創新性 285, 效益及影響 381, 可持續性 136, 擴散應用 137; 總分 939
  selfScores: [95, 94, 96, 132, 124, 125, 45, 47, 44, 46, 45, 46],
  findings: [
    // 1. 創新性-提供在地化及客製化關懷服務
    {
      strengths: '櫃台人員不分業務，提供一站式服務。',
      weaknesses: '無',
      suggestion: '區處所轄地廣人稀，編制較小，人力不足。',
      progress: '補充人力後由資深同仁帶領強化訓練。',
      remarks: '',
    },
    // 2. 創新性-法規及流程簡化
    { ...none, strengths: '運用跨機關電子檢驗，取代用戶檢附紙本佐證資料，簡化用戶申辦流程。' },
    // 3. 創新性-公私協力
    { ...none, strengths: '跨單位及跨機關服務流程整合，加速作業效率。' },
    // 4. 效益及影響-提供在地化及客製化關懷服務
    {
      strengths: '無',
      weaknesses: '無',
      suggestion: '增加管道以強化與在地用電大戶溝通與互動。',
      progress: '採用線上問券、電訪、或專人訪談以記錄用戶的回饋。',
      remarks: '',
    },
    // 5. 效益及影響-法規及流程簡化
    { ...none },
    // 6. 效益及影響-公私協力
    { ...none },
    // 7. 可持續性-提供在地化及客製化關懷服務
    {
      strengths: '力行一站式服務，以加速用戶申辦之時程。',
      weaknesses: '無',
      suggestion: '人員多元化訓練，增加公司用電業務熟悉。',
      progress: '透過多元的教育訓練，增加員工的業務底蘊，達成一站式服務效能。',
      remarks: '',
    },
    // 8. 可持續性-法規及流程簡化
    { ...none, strengths: '執行表單簡化及電子表單格式標準化，簡化業務流程。' },
    // 9. 可持續性-公私協力
    { ...none },
    // 10. 擴散應用-提供在地化及客製化關懷服務
    { ...none },
    // 11. 擴散應用-法規及流程簡化
    {
      strengths: '蒐集意見，據以檢討及改造內部流程，簡化審核及程序。',
      weaknesses: '無',
      suggestion: '用戶意見整合後，需檢討現行流程是否有再改善空間。',
      progress: '針對多數用戶表達的項目，檢討並優化作業步驟及流程。',
      remarks: '',
    },
    // 12. 擴散應用-公私協力
    { ...none },
  ],
};
