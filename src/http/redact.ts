/**
 * Redaction runs before any text leaves the engine: reports, logs, messages and reproduction commands.
 * Two layers: known secret strings (the API keys of the run) are replaced wherever they appear, and
 * values under secret-looking keys are replaced in nested data, headers and URL query strings.
 */

export const REDACTED = '[REDACTED]';

const SECRET_KEY = /^(authorization|x-api-key|api[-_]?key|apikey|access[-_]?token|refresh[-_]?token|token|_token|secret|client[-_]?secret|password|value|private[-_]?key|cookie|set-cookie)$/i;

/** Any OneCLI key or agent token, even one the run was not told about. */
const KEY_LIKE = /\b(a?oc_(?:org_|partner_)?)[A-Za-z0-9]{16,}\b/g;

export class Redactor {
  private secrets: string[] = [];

  constructor(secrets: Array<string | undefined>) {
    for (const s of secrets) this.add(s);
  }

  /** Another secret to hide from now on (a key the run obtained). */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4 || this.secrets.includes(secret)) return;
    // Longest first, so a key that contains another is replaced whole.
    this.secrets = [...this.secrets, secret].sort((a, b) => b.length - a.length);
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.secrets) out = out.split(secret).join(REDACTED);
    return out.replace(KEY_LIKE, (_m, prefix: string) => `${prefix}${REDACTED}`);
  }

  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (/^authorization$/i.test(name)) out[name] = value.replace(/^(\S+\s+)?.*$/, (_m, scheme = '') => `${scheme}${REDACTED}`);
      else if (SECRET_KEY.test(name)) out[name] = REDACTED;
      else out[name] = this.text(value);
    }
    return out;
  }

  /** Deep copy with secret-keyed string values and known secrets replaced. */
  data(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.data(v));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && typeof v === 'string' ? REDACTED : this.data(v)]),
      );
    }
    return value;
  }

  /** A body as text: JSON is redacted structurally, anything else as text. */
  body(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    try {
      return JSON.stringify(this.data(JSON.parse(text)));
    } catch {
      return this.text(text);
    }
  }

  /** A path with query string: secret-looking query parameters are replaced. */
  path(path: string): string {
    const q = path.indexOf('?');
    if (q < 0) return this.text(path);
    const params = new URLSearchParams(path.slice(q + 1));
    for (const key of [...params.keys()]) if (SECRET_KEY.test(key)) params.set(key, REDACTED);
    return this.text(`${path.slice(0, q)}?${params.toString()}`);
  }
}
