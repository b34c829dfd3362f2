// The query syntax, one row per form: its examples as a visitor types them, the filter's other
// spellings (shown in parentheses), and what the form does, in Chinese and English.
//
// The one source of the syntax help: the widget's "?" panel is built from these rows, README.md's
// "Query syntax" table lists the same examples in the same rows and order, and the demo page
// quotes only examples from here (tests/browser/syntax.test.mjs compares all three). The README
// explains each form at length; the meanings here are what fits beside a search box.
export const SYNTAX = [
  {
    examples: ['腾讯 混元'],
    zh: '以空格分隔的词须同时出现；词语相邻、出现在标题中的排在前面',
    en: 'All words must occur; adjacent words and headline matches rank higher',
  },
  {
    examples: ['快手短剧大赛', '腾讯大模型'],
    zh: '连写的词拆成单独的词来找；没有条目包含全部词语时，另列只缺一个词的部分匹配',
    en: 'Words run together are found apart; when no item holds them all, the items lacking one are listed as partial matches',
  },
  {
    examples: ['广电总局', 'ByteDance'],
    zh: '同一机构的其他名称（简称、英文名）也能搜到，与所输名称相同的排在前面',
    en: 'Other names of the same body find each other; items with the name as typed rank first',
  },
  {
    examples: ['微短劇', '騰訊'],
    zh: '繁体字也能搜到简体内容，反之亦然',
    en: 'Traditional characters find simplified text, and back',
  },
  {
    examples: ['weiduanju', 'weiduan', 'wdj', 'caoshumin'],
    zh: '拼音全拼、输入中的拼音开头或首字母',
    en: 'Pinyin, in full, as its beginning while typing, or by initials',
  },
  {
    examples: ['trubo', 'youtuv'],
    zh: '有一处拼写错误的英文词（8 个字母起可有两处）',
    en: 'A Latin word with a typo (one edit; two from 8 letters)',
  },
  {
    examples: ['"国家 广播"', '“文小言”', '「文小言」'],
    zh: '精确短语：各词须相邻',
    en: 'A phrase: its words adjacent',
  },
  {
    examples: ['微短剧 -快手', '-"国家 广播"'],
    zh: '排除含有该词或短语的条目',
    en: 'Leave out items with the word or phrase',
  },
  {
    examples: ['大模型 section:技术'],
    also: ['栏目:'],
    zh: '只看某一栏目',
    en: 'Only one section',
  },
  {
    examples: ['issue:431', 'issue:425..431'],
    also: ['期:'],
    zh: '只看某一期或某几期',
    en: 'Only one issue, or a range of issues',
  },
  {
    examples: ['2024-09-01..2024-09-30', 'date:2024-09-09', 'date:2024-09', 'year:2024'],
    zh: '按日期范围（含首尾）、某日、某月或某年筛选',
    en: 'A date range (inclusive), a day, a month or a year',
  },
  {
    examples: ['sort:date'],
    zh: '按日期排序，最新的在前',
    en: 'Newest first instead of by relevance',
  },
  {
    examples: ['tur'],
    zh: '输入中的最后一个词也按开头匹配（如 Turbo），排在完整匹配之后',
    en: 'The last word also matches as a prefix while typing (Turbo), below exact matches',
  },
];
