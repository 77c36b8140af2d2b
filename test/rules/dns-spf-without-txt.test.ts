import { zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-spf-without-txt', [
  {
    name: 'SPF beside a TXT policy',
    text: zoneText([
      "{ name: '@', type: TXT, value: '\"v=spf1 mx -all\"' }",
      "{ name: '@', type: SPF, value: '\"v=spf1 mx -all\"' }",
      "{ name: mail, type: TXT, value: '\"v=spf1 \" \"a -all\"' }",
      "{ name: mail, type: SPF, value: '\"v=spf1 a -all\"' }",
    ]),
    expected: [],
  },
  {
    name: 'SPF beside an unrelated TXT',
    text: zoneText([
      "{ name: news, type: SPF, value: '\"v=spf1 -all\"' }",
      "{ name: news, type: TXT, value: '\"google-site-verification=abc\"' }",
    ]),
    expected: [{ messageId: 'noTxt', line: 9, data: { owner: 'news.example.com.' } }],
  },
  {
    name: 'SPF alone',
    text: zoneText(["{ name: shop, type: SPF, value: '\"v=spf1 include:_spf.example.net -all\"' }"]),
    expected: [{ messageId: 'noTxt', line: 9 }],
  },
  {
    name: 'SPF type without a policy',
    text: zoneText(["{ name: odd, type: SPF, value: '\"not a policy\"' }", "{ name: v2, type: SPF, value: '\"v=spf10\"' }"]),
    expected: [],
  },
]);
