import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake judge answers: grades by the answers' words, a 500, or prose with no verdict. */
export type FakeJudgeMode = 'grade' | 'fail' | 'garbage';

export type FakeJudge = {
  url: string;
  mode: FakeJudgeMode;
  /** Every request body received, in order. */
  readonly requests: Array<{ model: string; messages: Array<{ role: string; content: string }> }>;
  close(): Promise<void>;
};

/** The grade the fake judge gives an answer: by the word the fake candidate put in it. */
export function fakeGrade(answer: string): number {
  if (answer.includes('strong')) return 9;
  if (answer.includes('medium')) return 5;
  return 2;
}

const ANSWER = /<answer letter="([A-Z])">\n([\s\S]*?)\n<\/answer>/g;

function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => resolve(JSON.parse(text) as Record<string, unknown>));
    request.on('error', reject);
  });
}

/**
 * A judge deployment on 127.0.0.1 speaking OpenAI Chat Completions: it reads the lettered answers
 * of the gateway's judge prompt and grades each by what it says, so a test can check that the
 * letters were mapped back to the right models.
 */
export async function startFakeJudge(): Promise<FakeJudge> {
  const judge: FakeJudge = { url: '', mode: 'grade', requests: [], close: async () => undefined };
  const server = createServer((request, response) => {
    void readJson(request).then((body) => {
      const messages = body.messages as Array<{ role: string; content: string }>;
      judge.requests.push({ model: String(body.model), messages });
      if (judge.mode === 'fail') {
        response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'judge down', type: 'server_error' } }));
        return;
      }
      const prompt = messages.map((message) => message.content).join('\n');
      const grades: Record<string, number> = {};
      for (const match of prompt.matchAll(ANSWER)) grades[match[1]!] = fakeGrade(match[2]!);
      const content = judge.mode === 'garbage' ? 'These answers are all quite nice.' : `Here are the grades:\n\`\`\`json\n${JSON.stringify(grades)}\n\`\`\``;
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'chatcmpl-judge',
          object: 'chat.completion',
          created: 0,
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: 20, total_tokens: Math.ceil(prompt.length / 4) + 20 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  judge.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  judge.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return judge;
}
