import {
  JOB_CATEGORIES,
  YICHUAN_TOWNS,
  type Area,
  type JobCategory,
  type JobKind,
} from '../contract/catalogue.js';
import { foldText } from './text.js';

const LATIN_WORD = /^[a-z0-9+#]+$/u;

/** LATIN_WORD results by keyword, because the keyword lists are tested for every row. */
const latinKeywords = new Map<string, boolean>();

function isLatinKeyword(word: string): boolean {
  let latin = latinKeywords.get(word);
  if (latin === undefined) {
    latin = LATIN_WORD.test(word);
    latinKeywords.set(word, latin);
  }
  return latin;
}

/** Tests for a keyword in folded text; a Latin keyword must stand as its own word (ai, not email). */
function containsKeyword(text: string, word: string): boolean {
  if (!isLatinKeyword(word)) return text.includes(word);
  let from = text.indexOf(word);
  while (from !== -1) {
    const before = text[from - 1] ?? '';
    const after = text[from + word.length] ?? '';
    if (!/[a-z]/u.test(before) && !/[a-z]/u.test(after)) return true;
    from = text.indexOf(word, from + 1);
  }
  return false;
}

function containsAny(text: string, words: readonly string[]): boolean {
  return words.some((word) => containsKeyword(text, word));
}

/** Values of a 用工形式 column, checked in this order. */
const KIND_COLUMN_WORDS: readonly [JobKind, readonly string[]][] = [
  ['seasonal', ['季节']],
  ['gig', ['零工', '临时', '日结', '小时工', '钟点工', '兼职', '灵活', '短期', '短工']],
  ['full_time', ['全职', '全日制', '长期', '正式', '合同']],
];

const GIG_WORDS = ['零工'];
const SEASONAL_WORDS = ['采摘', '季节', '摘苹果', '花椒', '套袋', '疏果', '疏花'];
const CASUAL_WORDS = ['日结', '临时', '短工', '钟点工', '小时工'];

/**
 * Picks the kind of work: from the 用工形式 column when it names one,
 * otherwise from words in the title, pay and notes. An explicit 零工 wins
 * over harvest words, and harvest words win over 日结 or 临时, because harvest
 * day labour is what a citizen filtering 季节性 looks for.
 */
export function classifyKind(kindColumn: string, ...texts: string[]): JobKind {
  const column = foldText(kindColumn);
  for (const [kind, words] of KIND_COLUMN_WORDS) {
    if (containsAny(column, words)) return kind;
  }
  const text = foldText(texts.join(' '));
  if (containsAny(text, GIG_WORDS)) return 'gig';
  if (containsAny(text, SEASONAL_WORDS)) return 'seasonal';
  if (containsAny(text, CASUAL_WORDS)) return 'gig';
  return 'full_time';
}

/**
 * Keywords of each category, in the order they are tried, so the more
 * specific trade wins: 电商客服 matches 物流电商 before 销售客服 can match
 * 客服, and 花椒烘干 matches 农产品加工 before 农业采摘 can match 花椒. Latin keywords are lower case.
 */
const CATEGORY_KEYWORDS: readonly [JobCategory, readonly string[]][] = (
  [
    [
      '信息技术',
      'python java c++ c# php golang ai it ic 开发工程师 开发人员 软件 数据 算法 前端 后端 ' +
        '程序 运维 网络 大数据 人工智能 测试 嵌入式 云计算 架构 研发 信息安全 信息化 爬虫 芯片 ' +
        '固件 仿真 系统集成 计算机',
    ],
    ['护理家政', '护工 护理 保姆 月嫂 育儿嫂 家政 保洁 养老 陪护 护士 钟点工'],
    ['农产品加工', '烘干 分拣包装 选果 果品 农产品 食品加工 冷库 榨油 包装工'],
    ['农业采摘', '采摘 果园 花椒 摘果 套袋 疏果 疏花 种植 果树 修剪 农业 养殖 大棚 苹果'],
    ['技术维修', '电工 焊工 电焊 维修 机修 钳工 水电 空调安装 数控 车工 技工'],
    ['驾驶运输', '司机 驾驶 货车 代驾 运输 押运 c1 a2 b2'],
    ['物流电商', '快递 物流 仓管 仓库 分拣 电商 配送 装卸 外卖 直播 叉车'],
    ['建筑装修', '泥瓦工 瓦工 钢筋工 木工 油漆 装修 建筑 架子工 施工 砌 工地 小工 防水'],
    ['餐饮住宿', '厨师 服务员 餐饮 厨房 帮厨 面点 洗碗 酒店 客房 餐厅 配菜 后厨'],
    ['社区服务', '网格员 社区 公益性岗位 公益岗 保安 门卫 环卫 绿化 护林 巡河 物业'],
    [
      '制造普工',
      '普工 电子厂 纺织 操作工 流水线 工厂 车间 生产 缝纫 制造 装配 质检 机械',
    ],
    ['教育培训', '老师 教师 讲师 助教 培训 教育 幼儿 辅导'],
    ['销售客服', '销售 客服 导购 业务员 营业员 收银 推广 市场 招商'],
    ['管理行政', '经理 主管 行政 文员 会计 出纳 人事 财务 总监 管理 助理 管培 法务'],
  ] as const
).map(([category, words]) => [category, words.split(' ')]);

const CATEGORY_SET: ReadonlySet<string> = new Set(JOB_CATEGORIES);

function categoryByKeywords(text: string): JobCategory | null {
  const folded = foldText(text);
  if (folded === '') return null;
  for (const [category, words] of CATEGORY_KEYWORDS) {
    if (containsAny(folded, words)) return category;
  }
  return null;
}

/**
 * Picks the category: the 岗位类别 column when it is one of JOB_CATEGORIES,
 * else the first keyword hit in that column, then the title, then the other
 * texts (requirements, employer). Falls back to 其他.
 */
export function classifyCategory(
  categoryColumn: string,
  title: string,
  ...texts: string[]
): JobCategory {
  const column = categoryColumn.normalize('NFKC').trim();
  if (CATEGORY_SET.has(column)) return column as JobCategory;
  return (
    categoryByKeywords(column) ??
    categoryByKeywords(title) ??
    categoryByKeywords(texts.join(' ')) ??
    '其他'
  );
}

const JIANGSU_CITIES =
  '南京 苏州 无锡 常州 镇江 扬州 泰州 南通 盐城 淮安 宿迁 徐州 连云港'.split(' ');

/** Provinces other than Shaanxi and Jiangsu, by the short names places use. */
const OTHER_PROVINCES = (
  '北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 浙江 安徽 福建 江西 山东 河南 湖北 湖南 ' +
  '广东 广西 海南 重庆 四川 贵州 云南 西藏 甘肃 青海 宁夏 新疆 香港 澳门 台湾'
).split(' ');

/** A Yichuan town without its 镇/乡/街道 suffix, matched only next to 宜川. */
const TOWN_STEMS: readonly [Area, string][] = YICHUAN_TOWNS.map((town) => [
  town,
  town.replace(/街道$|镇$|乡$/u, ''),
]);

/**
 * Maps a place to an area. A place outside Shaanxi is never a Yichuan town,
 * even when it shares a town's name (山西省吉县壶口镇), and a Jiangsu city
 * counts only when no other province is named (上海南京西路 is not Jiangsu).
 */
export function classifyArea(place: string): Area {
  const text = foldText(place);
  const otherProvince = containsAny(text, OTHER_PROVINCES);
  const jiangsu =
    text.includes('江苏') || (!otherProvince && containsAny(text, JIANGSU_CITIES));
  if (!otherProvince && !jiangsu) {
    const town = YICHUAN_TOWNS.find((name) => text.includes(name));
    if (town !== undefined) return town;
    if (text.includes('宜川')) {
      const stem = TOWN_STEMS.find(([, short]) => text.includes(short));
      // A place that names 宜川 but no town is in the county seat.
      return stem?.[0] ?? '丹州街道';
    }
  }
  if (jiangsu) return '江苏';
  return '县外其他';
}

/**
 * Flags 苏陕协作 (Jiangsu-Shaanxi labour cooperation) postings: those whose
 * text contains 苏陕. A Jiangsu location alone is not enough, because scraped or
 * forwarded postings from Jiangsu employers are not part of the programme.
 */
export function isSuShaan(...texts: string[]): boolean {
  return texts.some((text) => text.includes('苏陕'));
}
