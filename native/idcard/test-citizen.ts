// A made-up citizen for the simulator, the demo and tests. The person does
// not exist: area code 610630 is 宜川县, and the check character is valid.
import type { ResidentCardText } from './text-block.js';

export const TEST_CITIZEN: ResidentCardText = {
  cardType: 'resident',
  name: '张三丰',
  gender: 'male',
  ethnicity: { code: '01', name: '汉族' },
  birthDate: '1968-04-05',
  address: '陕西省延安市宜川县丹州街道示例路1号',
  idNumber: '610630196804051236',
  issuingAuthority: '宜川县公安局',
  validity: { from: '2016-03-01', to: 'long-term' },
};
