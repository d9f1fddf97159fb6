/**
 * What keeps a document from being a HAR 1.2 log a viewer opens: the required fields of log, creator,
 * entries, request, response, content, cache and timings, with their types (HAR 1.2 spec,
 * http://www.softwareishard.com/blog/har-12-spec/). Returns one line per problem; none for a valid log.
 */
export function harProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const obj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const str = (v: unknown) => typeof v === 'string';
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const nameValues = (v: unknown, at: string) => {
    need(Array.isArray(v), `${at} is not an array`);
    if (Array.isArray(v)) v.forEach((p, i) => need(obj(p) && str(p.name) && str(p.value), `${at}[${i}] is not {name, value} strings`));
  };

  if (!obj(doc) || !obj(doc.log)) return ['no log object'];
  const log = doc.log;
  need(log.version === '1.2', 'log.version is not "1.2"');
  need(obj(log.creator) && str(log.creator.name) && str(log.creator.version), 'log.creator lacks name or version');
  const pages = new Set<string>();
  if (log.pages !== undefined) {
    need(Array.isArray(log.pages), 'log.pages is not an array');
    for (const [i, p] of (Array.isArray(log.pages) ? log.pages : []).entries()) {
      need(obj(p) && str(p.id) && str(p.title) && str(p.startedDateTime) && obj(p.pageTimings), `pages[${i}] lacks id, title, startedDateTime or pageTimings`);
      if (obj(p)) pages.add(p.id);
    }
  }
  if (!Array.isArray(log.entries)) return [...problems, 'log.entries is not an array'];
  log.entries.forEach((e: unknown, i: number) => {
    const at = `entries[${i}]`;
    if (!obj(e)) return need(false, `${at} is not an object`);
    need(str(e.startedDateTime) && !Number.isNaN(Date.parse(e.startedDateTime)), `${at}.startedDateTime is not an ISO date`);
    need(num(e.time) && e.time >= 0, `${at}.time is not a number >= 0`);
    if (e.pageref !== undefined) need(pages.has(e.pageref), `${at}.pageref names no page`);
    need(obj(e.cache), `${at}.cache is not an object`);
    const t = e.timings;
    need(obj(t) && num(t.send) && num(t.wait) && num(t.receive), `${at}.timings lacks send, wait or receive`);
    if (obj(t) && num(e.time)) {
      const sum = ['blocked', 'dns', 'connect', 'send', 'wait', 'receive'].reduce((s, k) => s + (num(t[k]) && t[k] >= 0 ? t[k] : 0), 0);
      need(Math.abs(sum - e.time) < 1e-6, `${at}.time is not the sum of its timings`);
    }
    const q = e.request;
    if (!obj(q)) return need(false, `${at}.request is not an object`);
    need(str(q.method) && q.method.length > 0, `${at}.request.method`);
    need(str(q.url) && URL.canParse(q.url), `${at}.request.url is not an absolute URL`);
    need(str(q.httpVersion), `${at}.request.httpVersion`);
    nameValues(q.headers, `${at}.request.headers`);
    nameValues(q.queryString, `${at}.request.queryString`);
    nameValues(q.cookies, `${at}.request.cookies`);
    need(num(q.headersSize) && num(q.bodySize), `${at}.request headersSize/bodySize`);
    if (q.postData !== undefined) need(obj(q.postData) && str(q.postData.mimeType) && str(q.postData.text), `${at}.request.postData lacks mimeType or text`);
    const r = e.response;
    if (!obj(r)) return need(false, `${at}.response is not an object`);
    need(Number.isInteger(r.status), `${at}.response.status is not an integer`);
    need(str(r.statusText) && str(r.httpVersion) && str(r.redirectURL), `${at}.response statusText/httpVersion/redirectURL`);
    nameValues(r.headers, `${at}.response.headers`);
    nameValues(r.cookies, `${at}.response.cookies`);
    need(num(r.headersSize) && num(r.bodySize), `${at}.response headersSize/bodySize`);
    need(obj(r.content) && num(r.content.size) && str(r.content.mimeType), `${at}.response.content lacks size or mimeType`);
    if (obj(r.content) && r.content.text !== undefined) need(str(r.content.text), `${at}.response.content.text is not a string`);
    if (e.comment !== undefined) need(str(e.comment), `${at}.comment is not a string`);
  });
  return problems;
}
