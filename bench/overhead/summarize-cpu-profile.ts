import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

export type ProfileFrame = {
  /** "functionName (file:line)" */
  frame: string;
  /** Share of all sampled time. */
  share: number;
};

export type ProfileSummary = {
  file: string;
  sampledMs: number;
  /** Where the CPU was when sampled (self time), all code. */
  topSelf: ProfileFrame[];
  /** Time spent in a function and everything it called (inclusive), switchyard's own code only. */
  topInclusiveOwn: ProfileFrame[];
};

function frameName(node: ProfileNode, root: string): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url;
  return `${functionName || '(anonymous)'} (${file || 'native'}${file ? `:${lineNumber + 1}` : ''})`;
}

function top(times: Map<string, number>, total: number, count: number): ProfileFrame[] {
  return [...times.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, count)
    .map(([frame, time]) => ({ frame, share: time / total }));
}

/** Reads a `--cpu-prof` file and names the frames that cost the most, by self and inclusive time. */
export async function summarizeCpuProfile(file: string, options: { root: string; ownCode: string; count?: number }): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const count = options.count ?? 15;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const selfById = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    selfById.set(id, (selfById.get(id) ?? 0) + delta);
    total += delta;
  });

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, time] of selfById) {
    const node = byId.get(id)!;
    const name = frameName(node, options.root);
    self.set(name, (self.get(name) ?? 0) + time);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
      const ancestor = byId.get(current)!;
      if (!ancestor.callFrame.url.includes(options.ownCode)) continue;
      const ancestorName = frameName(ancestor, options.root);
      if (seen.has(ancestorName)) continue;
      seen.add(ancestorName);
      inclusive.set(ancestorName, (inclusive.get(ancestorName) ?? 0) + time);
    }
  }
  return { file: relative(options.root, file), sampledMs: total / 1000, topSelf: top(self, total, count), topInclusiveOwn: top(inclusive, total, count) };
}
