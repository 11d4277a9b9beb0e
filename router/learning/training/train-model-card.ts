import type { LearnedManifest } from '../learned-model-files.ts';

const describeRouter: Record<string, string> = {
  learned: 'learned (this model)',
  current: 'current router (shipped scorer)',
  length: 'length heuristic (longer → strong)',
};

/** The model card of a learned gain model: what it is, what it was trained on, how it scored, and the guard's verdict. */
export function renderLearnedModelCard(manifest: LearnedManifest): string {
  const rows = Object.entries(manifest.outOfFold).map(
    ([router, interval]) => `| ${describeRouter[router] ?? router} | ${interval.estimate.toFixed(3)} | ${interval.lower.toFixed(3)} – ${interval.upper.toFixed(3)} |`,
  );
  return [
    `# Learned gain model: ${manifest.strongModel} vs ${manifest.weakModel}`,
    '',
    `Predicts, per prompt, score(${manifest.strongModel}) − score(${manifest.weakModel}); the smart router sends the prompts with the highest predicted gain to ${manifest.strongModel}.`,
    `Trained ${manifest.createdAt} by \`switchyard train\` on ${manifest.training.rows} labelled rows from ${manifest.training.source}.`,
    '',
    `- Features: ${manifest.training.features}.`,
    `- Ridge regression on the measured gain, penalty ${manifest.training.penalty.toPrecision(3)} chosen by closed-form leave-one-out (mean squared LOO error ${manifest.training.leaveOneOutError.toFixed(4)}).`,
    `- Model file: ${manifest.model.file} (${(manifest.model.bytes / 1024).toFixed(0)} KiB, sha256 ${manifest.model.sha256}).`,
    '',
    '## Out-of-fold APGR on the same labels (5 folds, 95 % bootstrap intervals)',
    '',
    '| router | APGR | 95 % interval |',
    '|---|---:|---:|',
    ...rows,
    '',
    '## Guard',
    '',
    `Minimum out-of-fold APGR gain over the current router: ${manifest.guard.minGain}. Verdict: ${manifest.guard.reason}.`,
    '',
    'Limits: these labels are the only evidence; a model trained on one traffic mix says nothing about another. After activation, fresh labels keep comparing it with the current router and it is rolled back when it loses.',
    '',
  ].join('\n');
}
