import { documentedResponse } from '../contract/operations';
import { type Check, failed, inconclusive, passed, schemaErrors } from './types';

export const responseSchemaConformance: Check = {
  id: 'response-schema-conformance',
  severity: 'error',
  doc:
    'A documented response with a JSON schema must carry a body that parses as JSON and validates against that ' +
    'schema. Error responses whose shape the docs rule fixes (x-onecli-error-shape) are judged by error-shape instead.',
  appliesTo({ operation, exchange }) {
    const spec = documentedResponse(operation, exchange.response.status);
    return !!spec?.schema && !spec.errorShape && !!spec.contentType?.includes('json');
  },
  run({ operation, compiler, exchange: { response } }) {
    const spec = documentedResponse(operation, response.status)!;
    if (response.truncated) return inconclusive(`the body was longer than the client reads (${response.bodyText.length} bytes kept)`);
    if (!response.isJson) {
      return failed({
        title: 'Response body is not JSON',
        message: `Received a ${response.status} body that does not parse as JSON (content-type ${response.headers['content-type'] ?? 'none'}); documented: ${spec.contentType}.`,
        received: response.bodyText.slice(0, 200),
      });
    }
    const verdict = compiler.validate(spec.schema!, response.json);
    if (verdict.valid) return passed;
    const first = verdict.errors[0]!;
    return failed({
      title: 'Response violates schema',
      message: `The ${response.status} body does not match the documented schema: ${first.instancePath || '(root)'} ${first.message} (${first.keyword}).`,
      schemaErrors: schemaErrors(verdict.errors),
    });
  },
};
