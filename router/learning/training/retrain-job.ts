import type { GuardSettings } from './guard-decide-activation.ts';
import type { LabelRow } from '../labels/label-rows.ts';

/** What a retraining worker gets: one pair's labelled rows and where to write (plain data: it crosses a thread). */
export interface RetrainJob {
  readonly rows: readonly LabelRow[];
  readonly source: string;
  readonly strongModel: string;
  readonly weakModel: string;
  /** The learned/ directory: the version is written there, and activated in its active.json when the guard agrees. */
  readonly directory: string;
  readonly guard: GuardSettings;
  readonly maxRows: number;
}

/** What it answers: the guard's verdict and the version written, or why training failed. */
export type RetrainJobResult =
  | { readonly ok: true; readonly activated: boolean; readonly reason: string; readonly gain: number; readonly written: string; readonly rows: number; readonly trainMs: number }
  | { readonly ok: false; readonly message: string };
