/**
 * Ids a Responses client sees, derived from the gateway's response id so they are stable across
 * failover: `resp_…` for the response, `msg_…` / `fc_…` / `ctc_…` / `rs_…` for output items.
 */
export type ResponsesIds = {
  response: string;
  message: (outputIndex: number) => string;
  functionCall: (outputIndex: number) => string;
  customToolCall: (outputIndex: number) => string;
  reasoning: (outputIndex: number) => string;
};

export function responsesIds(base: string): ResponsesIds {
  return {
    response: `resp_${base}`,
    message: (outputIndex) => `msg_${base}_${outputIndex}`,
    functionCall: (outputIndex) => `fc_${base}_${outputIndex}`,
    customToolCall: (outputIndex) => `ctc_${base}_${outputIndex}`,
    reasoning: (outputIndex) => `rs_${base}_${outputIndex}`,
  };
}
