import { ruleCases } from '../helpers/rule-tester.js';

const pool = (servers: string): string => `kind: loadbalancer
backends:
  - name: web
    servers:
${servers}`;

const four = `      - { name: web1, address: 192.0.2.11, check: true }
      - { name: web2, address: 192.0.2.12, check: true }
      - { name: web3, address: 192.0.2.13, check: true }
      - { name: web4, address: 192.0.2.14, check: true }
`;

ruleCases('lb-capacity-drop', [
  {
    name: 'one server of four removed',
    base: pool(four),
    text: pool(four.split('\n').slice(0, 3).join('\n') + '\n'),
    expected: [],
  },
  {
    name: 'two servers of four removed',
    base: pool(four),
    text: pool(four.split('\n').slice(0, 2).join('\n') + '\n'),
    expected: [{ messageId: 'drop', line: 5, data: { before: 4, after: 2, percent: 50 } }],
  },
  {
    name: 'servers turned into backups',
    base: pool(four),
    text: pool(four.replace(/check: true \}/g, 'check: true, backup: true }').replace('web1, address: 192.0.2.11, check: true, backup: true', 'web1, address: 192.0.2.11, check: true')),
    expected: [{ messageId: 'drop', line: 5, data: { before: 4, after: 1, percent: 75 } }],
  },
  {
    name: 'weights lowered with a custom threshold',
    base: pool(four),
    text: pool(four.replace('web1, address: 192.0.2.11, check: true', 'web1, address: 192.0.2.11, check: true, weight: 0')),
    options: { maxDropShare: 0.2 },
    expected: [{ messageId: 'drop', line: 5, data: { before: 4, after: 3, percent: 25 } }],
  },
  {
    name: 'new backend has no base to compare',
    base: 'kind: loadbalancer\nbackends: []\n',
    text: pool(four),
    expected: [],
  },
]);
