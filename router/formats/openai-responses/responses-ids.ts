/**
 * Ids a Responses client sees, derived from the gateway's response id so they are stable across
 * failover: `resp_…` for the response, `msg_…` / `fc_…` for output items.
 */
export type ResponsesIds = { response: string; message: (outputIndex: number) => string; functionCall: (outputIndex: number) => string };

export function responsesIds(contextId: string): ResponsesIds {
  // The shared handler names every response `chatcmpl-<request id>`; the request id is what is ours.
  const base = contextId.replace(/^chatcmpl-/, '');
  return {
    response: `resp_${base}`,
    message: (outputIndex) => `msg_${base}_${outputIndex}`,
    functionCall: (outputIndex) => `fc_${base}_${outputIndex}`,
  };
}
