// Generated leads for the routing throughput figure: deterministic (a fixed seed), with the
// field values the example map's routing reads, some of them missing, as inbound leads arrive.
const REGIONS = ['north-america', 'emea', 'apac', 'latam'];
const SOURCES = ['demo-request', 'product-signup', 'outbound', 'partner-referral', 'event', 'content'];
const STATUS = ['prospect', 'prospect', 'prospect', 'customer', 'former-customer'];
const TIERS = ['tier-1', 'tier-2', 'tier-3', 'untiered'];
const ERPS = ['netsuite', 'sage-intacct', 'microsoft-dynamics', 'sap', 'quickbooks', 'xero', 'other'];

export function generateLeads(n, seed = 42) {
  let s = seed;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = {
      'hq-region': pick(REGIONS),
      'lead-source': pick(SOURCES),
      'customer-status': pick(STATUS),
      'target-account-tier': pick(TIERS),
      'pql-score': Math.floor(rnd() * 100),
      'workspace-seats': Math.floor(rnd() * 12),
      'erp-system': pick(ERPS),
    };
    if (rnd() < 0.92) r['employee-count'] = Math.floor(rnd() * 6000);
    if (rnd() < 0.15) r['managing-accounting-firm'] = 'Baker & Lowe LLP';
    if (rnd() < 0.1) r['partner-deal-registration-id'] = rnd() < 0.7 ? `DR-${100000 + Math.floor(rnd() * 899999)}` : 'DR-12';
    out[i] = r;
  }
  return out;
}
