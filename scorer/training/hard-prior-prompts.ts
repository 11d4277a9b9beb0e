/**
 * A small HAND-WRITTEN prior, not dataset data: one-line proof and derivation requests, which are
 * hard although short. The benchmarks' hard prompts are long, so with the length blend every short
 * prompt came out easy, including "Prove X." With `hardPrior` the trainer adds each as a prompt on
 * which every training model scored 0. No coding requests: those moved the benchmarks' short coding
 * tasks. The prompts the model card and the harnesses report (e.g. "Prove that every finite integral
 * domain is a field.") are NOT in this list. "Every model scored 0" is a prior, not a measurement:
 * it says "harder than its length suggests", and costs nothing measurable cross-dataset
 * (models/model-card.md). On by default, each prompt weighing one average training prompt.
 */
export const hardPriorPrompts: readonly string[] = [
  'Prove that the square root of 2 is irrational.',
  'Prove the fundamental theorem of algebra.',
  'Show that every compact metric space is complete.',
  'Prove that a group of order p^2 is abelian.',
  'Derive the Navier-Stokes equations from first principles.',
  'Prove the Cauchy-Schwarz inequality for inner product spaces.',
  'Prove that the halting problem is undecidable.',
  "Prove Sylow's theorems.",
  'Prove that e is transcendental.',
  'Derive the Black-Scholes equation.',
  'Prove the Riesz representation theorem.',
  'Show that the real numbers are uncountable.',
  'Prove that every planar graph is 5-colorable.',
  'Compute the homology groups of the torus.',
  "Prove Brouwer's fixed point theorem in two dimensions.",
  'Prove that the alternating group A5 is simple.',
  'Solve the Schrödinger equation for the hydrogen atom.',
  'Prove that the sum of the reciprocals of the squares is pi^2/6.',
  'Show that every bounded sequence of reals has a convergent subsequence.',
  'Prove the spectral theorem for self-adjoint operators.',
  'Prove that SAT is NP-complete.',
];

/** Weight of each prior prompt, in units of an average training prompt. */
export const hardPriorPromptWeight = 4;
