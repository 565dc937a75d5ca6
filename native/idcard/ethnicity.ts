// Ethnicity codes of GB/T 3304-1991 (民族).
// Codes 01-56 were transcribed from tourze/gb-t-3304 @
// 3387585a342f53eb2c6dda9588e14bca28ff402d, src/Nationality.php,
// MIT License, (c) 2025 tourze. Only the code, Chinese name, romanised name
// and two-letter code were copied. ID cards also carry 97 (其他) and 98
// (外国血统中国籍人士), which dathlin/HslCommunication's SAMSerial table lists.

/** One GB/T 3304 ethnicity. */
export interface Ethnicity {
  /** Two-digit code as on the card, e.g. "01". */
  code: string;
  /** Chinese name, e.g. 汉族. */
  name: string;
  /** Romanised name, e.g. Han. */
  romanised: string;
  /** Two-letter code, e.g. HA. */
  letterCode: string;
}

// NOTE: the source spells 水族 (25) Shui/SW, while other public tables use SU;
// check the letter code against GB/T 3304 before relying on it.
const TABLE: ReadonlyArray<readonly [string, string, string, string]> = [
  ['01', '汉族', 'Han', 'HA'],
  ['02', '蒙古族', 'Mongol', 'MG'],
  ['03', '回族', 'Hui', 'HU'],
  ['04', '藏族', 'Zang', 'ZA'],
  ['05', '维吾尔族', 'Uygur', 'UG'],
  ['06', '苗族', 'Miao', 'MH'],
  ['07', '彝族', 'Yi', 'YI'],
  ['08', '壮族', 'Zhuang', 'ZH'],
  ['09', '布依族', 'Buyei', 'BY'],
  ['10', '朝鲜族', 'Chosen', 'CS'],
  ['11', '满族', 'Man', 'MA'],
  ['12', '侗族', 'Dong', 'DO'],
  ['13', '瑶族', 'Yao', 'YA'],
  ['14', '白族', 'Bai', 'BA'],
  ['15', '土家族', 'Tujia', 'TJ'],
  ['16', '哈尼族', 'Hani', 'HN'],
  ['17', '哈萨克族', 'Kazak', 'KZ'],
  ['18', '傣族', 'Dai', 'DA'],
  ['19', '黎族', 'Li', 'LI'],
  ['20', '傈僳族', 'Lisu', 'LS'],
  ['21', '佤族', 'Va', 'VA'],
  ['22', '畲族', 'She', 'SH'],
  ['23', '高山族', 'Gaoshan', 'GS'],
  ['24', '拉祜族', 'Lahu', 'LH'],
  ['25', '水族', 'Shui', 'SW'],
  ['26', '东乡族', 'Dongxiang', 'DX'],
  ['27', '纳西族', 'Naxi', 'NX'],
  ['28', '景颇族', 'Jingpo', 'JP'],
  ['29', '柯尔克孜族', 'Kirgiz', 'KG'],
  ['30', '土族', 'Tu', 'TU'],
  ['31', '达斡尔族', 'Daur', 'DU'],
  ['32', '仫佬族', 'Mulao', 'ML'],
  ['33', '羌族', 'Qiang', 'QI'],
  ['34', '布朗族', 'Blang', 'BL'],
  ['35', '撒拉族', 'Salar', 'SL'],
  ['36', '毛南族', 'Maonan', 'MN'],
  ['37', '仡佬族', 'Gelao', 'GL'],
  ['38', '锡伯族', 'Xibe', 'XB'],
  ['39', '阿昌族', 'Achang', 'AC'],
  ['40', '普米族', 'Pumi', 'PM'],
  ['41', '塔吉克族', 'Tajik', 'TA'],
  ['42', '怒族', 'Nu', 'NU'],
  ['43', '乌孜别克族', 'Uzbek', 'UZ'],
  ['44', '俄罗斯族', 'Russ', 'RS'],
  ['45', '鄂温克族', 'Ewenki', 'EW'],
  ['46', '德昂族', 'Deang', 'DE'],
  ['47', '保安族', 'Bonan', 'BN'],
  ['48', '裕固族', 'Yugur', 'YG'],
  ['49', '京族', 'Gin', 'GI'],
  ['50', '塔塔尔族', 'Tatar', 'TT'],
  ['51', '独龙族', 'Derung', 'DR'],
  ['52', '鄂伦春族', 'Oroqen', 'OR'],
  ['53', '赫哲族', 'Hezhen', 'HZ'],
  ['54', '门巴族', 'Monba', 'MB'],
  ['55', '珞巴族', 'Lhoba', 'LB'],
  ['56', '基诺族', 'Jino', 'JN'],
  ['97', '其他', 'Other', ''],
  ['98', '外国血统中国籍人士', 'Foreign-born Chinese citizen', ''],
];

const BY_CODE = new Map<string, Ethnicity>(
  TABLE.map(([code, name, romanised, letterCode]) => [
    code,
    { code, name, romanised, letterCode },
  ]),
);

/** Looks up a two-digit ethnicity code; returns undefined for unknown codes. */
export function ethnicityByCode(code: string): Ethnicity | undefined {
  return BY_CODE.get(code);
}

/** Returns every ethnicity in code order. */
export function allEthnicities(): Ethnicity[] {
  return [...BY_CODE.values()];
}
