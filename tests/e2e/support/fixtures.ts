// Postings and policies the end-to-end tests seed into the store. They are
// invented for the tests (employers, phone numbers and documents included),
// and most carry isDemo so that the manual's screenshots show them as 示例.
import type { JobInput } from '../../../main/store/jobs.js';
import type { PolicyInput } from '../../../main/store/policies.js';

/** The date the test kiosk treats as today. */
export const TODAY = '2026-12-04';

export function job(
  overrides: Partial<JobInput> & Pick<JobInput, 'uid' | 'title'>,
): JobInput {
  return {
    source: 'e2e',
    employer: '宜川县示例用工单位',
    kind: 'full_time',
    category: '其他',
    pay: {
      text: '3500-4500元/月',
      min: 3500,
      max: 4500,
      unit: 'month',
      negotiable: false,
    },
    area: '丹州街道',
    location: '',
    suShaan: false,
    headcount: 2,
    contactName: '王女士',
    contactPhone: '13800000000',
    education: '不限',
    experience: '不限',
    requirements: '',
    benefits: '',
    postedOn: '2026-12-01',
    deadline: null,
    highlighted: false,
    isDemo: true,
    ...overrides,
  };
}

export const ELECTRICIAN = job({
  uid: 'e2e-electrician',
  title: '物业维修电工',
  employer: '丹州街道示例物业服务站',
  category: '技术维修',
  pay: { text: '4500-6000元/月', min: 4500, max: 6000, unit: 'month', negotiable: false },
  location: '城区滨河路',
  headcount: 2,
  contactName: '李师傅',
  contactPhone: '13800000001',
  education: '初中及以上',
  experience: '1年以上',
  requirements: '持低压电工证\n会排查小区水电故障',
  benefits: '包午餐，缴纳五险',
  postedOn: '2026-12-03',
  deadline: '2026-12-31',
  highlighted: true,
  isDemo: false,
});

export const PEPPER_PICKER = job({
  uid: 'e2e-pepper',
  title: '花椒采摘工',
  employer: '集义镇示例花椒合作社',
  kind: 'gig',
  category: '农业采摘',
  pay: { text: '150元/天', min: 150, max: 150, unit: 'day', negotiable: false },
  area: '集义镇',
  location: '安子村',
  headcount: 20,
  requirements: '身体健康，能吃苦',
  benefits: '管午饭，当天结算',
  postedOn: '2026-12-02',
  highlighted: true,
});

export const APPLE_BAGGER = job({
  uid: 'e2e-apple',
  title: '苹果套袋零工',
  employer: '集义镇示例果园',
  kind: 'gig',
  category: '农业采摘',
  pay: { text: '130元/天', min: 130, max: 130, unit: 'day', negotiable: false },
  area: '集义镇',
  location: '南原村',
  headcount: 15,
  requirements: '年龄65岁以下',
  postedOn: '2026-11-28',
});

export const ORCHARD_KEEPER = job({
  uid: 'e2e-keeper',
  title: '果库管理员',
  employer: '集义镇示例果库',
  category: '物流电商',
  area: '集义镇',
  location: '集义街',
  postedOn: '2026-11-20',
});

export const DELIVERY_DRIVER = job({
  uid: 'e2e-driver',
  title: '送货司机',
  employer: '秋林镇示例商贸公司',
  category: '驾驶运输',
  pay: { text: '5000-6500元/月', min: 5000, max: 6500, unit: 'month', negotiable: false },
  area: '秋林镇',
  location: '秋林街',
  requirements: '需C1驾照，熟悉乡镇道路',
  postedOn: '2026-11-30',
});

export const CARE_WORKER = job({
  uid: 'e2e-care',
  title: '养老院护工',
  employer: '丹州街道示例养老院',
  category: '护理家政',
  pay: { text: '3800-4500元/月', min: 3800, max: 4500, unit: 'month', negotiable: false },
  location: '城区',
  requirements: '有耐心，会照顾老人',
  postedOn: '2026-11-25',
});

export const FACTORY_WORKER = job({
  uid: 'e2e-factory',
  title: '苏州电子厂普工',
  employer: '苏州示例电子有限公司',
  category: '制造普工',
  pay: { text: '5500-7000元/月', min: 5500, max: 7000, unit: 'month', negotiable: false },
  area: '江苏',
  location: '苏州工业园区',
  suShaan: true,
  headcount: 50,
  requirements: '18-45岁，能适应两班倒',
  benefits: '包吃住，报销路费',
  postedOn: '2026-11-29',
  highlighted: true,
});

export const SCENIC_CLEANER = job({
  uid: 'e2e-cleaner',
  title: '壶口景区保洁',
  employer: '壶口镇示例景区服务队',
  kind: 'seasonal',
  category: '社区服务',
  pay: { text: '2800元/月', min: 2800, max: 2800, unit: 'month', negotiable: false },
  area: '壶口镇',
  location: '壶口瀑布景区',
  postedOn: '2026-10-15',
});

export const BUILDER = job({
  uid: 'e2e-builder',
  title: '建筑小工',
  employer: '云岩镇示例施工队',
  kind: 'gig',
  category: '建筑装修',
  pay: { text: '400元/天', min: 400, max: 400, unit: 'day', negotiable: false },
  area: '云岩镇',
  location: '云岩街',
  postedOn: '2026-11-10',
});

/** Nine postings across kinds, areas, pay units and dates. */
export const JOBS: JobInput[] = [
  ELECTRICIAN,
  PEPPER_PICKER,
  APPLE_BAGGER,
  ORCHARD_KEEPER,
  DELIVERY_DRIVER,
  CARE_WORKER,
  FACTORY_WORKER,
  SCENIC_CLEANER,
  BUILDER,
];

function policy(
  overrides: Partial<PolicyInput> & Pick<PolicyInput, 'uid' | 'title'>,
): PolicyInput {
  return {
    category: '就业扶持',
    summary: '',
    benefit: '',
    eligibility: '',
    materials: '',
    whereToApply: '宜川县就业服务中心',
    sourceDocument: '',
    isDemo: true,
    sortOrder: 0,
    ...overrides,
  };
}

export const START_UP_POLICY = policy({
  uid: 'e2e-startup',
  title: '一次性创业补贴（示例）',
  category: '创业扶持',
  summary: '首次创办小微企业或个体工商户，正常经营满一年的，可申请一次性补贴。',
  benefit: '每户补贴 5000 元（示例金额）',
  eligibility: '本县户籍\n首次创业，经营满一年',
  materials: '身份证\n营业执照\n经营场所证明',
  whereToApply: '宜川县就业服务中心一楼窗口',
  sourceDocument: '',
  sortOrder: 1,
});

export const TRAINING_POLICY = policy({
  uid: 'e2e-training',
  title: '职业技能培训补贴（示例）',
  category: '技能培训',
  summary: '参加指定培训并取得证书的，按规定给予培训补贴。',
  benefit: '按证书等级补贴（示例）',
  eligibility: '16周岁以上有培训意愿的劳动者',
  materials: '身份证\n培训合格证书',
  whereToApply: '各镇（街道）便民服务中心',
  sourceDocument: '示例政策文件（测试数据）',
  sortOrder: 2,
  isDemo: false,
});

/** Six policies: two pages at five per page. */
export const POLICIES: PolicyInput[] = [
  START_UP_POLICY,
  TRAINING_POLICY,
  policy({
    uid: 'e2e-travel',
    title: '苏陕协作外出务工交通补贴（示例）',
    sortOrder: 3,
    summary: '到江苏稳定就业的，可申请交通补贴。',
  }),
  policy({
    uid: 'e2e-public',
    title: '公益性岗位安置（示例）',
    category: '就业援助',
    sortOrder: 4,
    summary: '为就业困难人员提供公益性岗位。',
  }),
  policy({
    uid: 'e2e-insurance',
    title: '灵活就业社保补贴（示例）',
    category: '社保补贴',
    sortOrder: 5,
    summary: '灵活就业的困难人员缴纳社保可获补贴。',
  }),
  policy({
    uid: 'e2e-gig-market',
    title: '零工市场免费服务（示例）',
    category: '就业服务',
    sortOrder: 6,
    summary: '零工市场免费发布用工信息、介绍工作。',
  }),
];
