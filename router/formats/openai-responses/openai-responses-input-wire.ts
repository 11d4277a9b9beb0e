/**
 * The input items of an OpenAI Responses request this codec reads; everything else is carried as
 * it came. Not in the request schema on purpose: the parser checks items one by one, so an error
 * names the item (`input[3].call_id must be a string`), and reads each field with a type check.
 */

export type ResponsesContentPart = {
  type: string;
  text?: string;
  refusal?: string;
  image_url?: string | null;
  file_id?: string | null;
  file_data?: string;
  file_url?: string;
  filename?: string;
  detail?: string;
};

export type ResponsesSummaryPart = { type: string; text?: string };

export type ResponsesInputItem = {
  type?: string;
  id?: string;
  role?: string;
  content?: string | ResponsesContentPart[] | null;
  call_id?: string;
  name?: string;
  arguments?: string;
  /** custom_tool_call */
  input?: string;
  output?: string | ResponsesContentPart[];
  /** reasoning */
  summary?: ResponsesSummaryPart[];
  encrypted_content?: string | null;
};

/** The parameter the emulation of a freeform (custom) tool takes elsewhere: `{ input: string }`. */
export const FREEFORM_INPUT = 'input';
