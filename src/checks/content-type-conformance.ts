import { documentedResponse } from '../contract/operations';
import { type Check, type CheckContext, failed, passed } from './types';

/** The media type of a Content-Type value, lower-cased, without parameters (`charset`, `boundary`…). */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]!.trim().toLowerCase();
  return type || undefined;
}

/** The documented media type for the answered status; undefined when the status documents no body. */
function documentedMediaType({ operation, exchange }: CheckContext): string | undefined {
  return mediaTypeOf(documentedResponse(operation, exchange.response.status)?.contentType);
}

export const contentTypeConformance: Check = {
  id: 'content-type-conformance',
  severity: 'error',
  doc:
    'A response with a body must carry a Content-Type whose media type is the one documented for its status ' +
    '(application/json almost everywhere, text/markdown for the gateway skill). Parameters such as charset are ' +
    'ignored. Responses without a body (204, 302) and statuses that document no body are skipped.',
  appliesTo: (ctx) => ctx.exchange.response.bodyText.length > 0 && documentedMediaType(ctx) !== undefined,
  run(ctx) {
    const { response } = ctx.exchange;
    const documented = documentedMediaType(ctx)!;
    const header = response.headers['content-type'];
    const received = mediaTypeOf(header);
    if (received === documented) return passed;
    return failed({
      title: received ? 'Wrong Content-Type' : 'Missing Content-Type',
      message: `Received ${received ? `Content-Type ${header}` : 'no Content-Type'} on a ${response.status} body; documented: ${documented}.`,
      received: header ?? null,
      documented,
      cause: `${response.status} ${received ?? 'none'} for ${documented}`,
    });
  },
};
